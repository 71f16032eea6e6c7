// Short beeps through WebAudio (no audio files). Browsers only allow sound after a user gesture,
// so the page has a "开启声音" toggle that creates (or resumes) the AudioContext on click.

export type BeepKind = 'leak' | 'emergency';

export class Beeper {
  private context: AudioContext | null = null;
  private lastBeep = 0;
  enabled = false;

  /** Call from a click handler. */
  async enable(): Promise<boolean> {
    try {
      if (!this.context) {
        const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
        if (!Ctor) return false;
        this.context = new Ctor();
      }
      if (this.context.state === 'suspended') await this.context.resume();
      this.enabled = true;
      this.beep('emergency', true);
      return true;
    } catch {
      this.enabled = false;
      return false;
    }
  }

  disable(): void {
    this.enabled = false;
  }

  /** Two short tones; at most one beep a second however many alarms arrive. */
  beep(kind: BeepKind, force = false): void {
    const ctx = this.context;
    if (!ctx || (!this.enabled && !force)) return;
    const now = performance.now();
    if (!force && now - this.lastBeep < 1000) return;
    this.lastBeep = now;
    const frequencies = kind === 'leak' ? [1320, 990] : [880, 660];
    let t = ctx.currentTime + 0.01;
    for (const f of frequencies) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'square';
      osc.frequency.value = f;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.18, t + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.16);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + 0.18);
      t += 0.2;
    }
  }
}
