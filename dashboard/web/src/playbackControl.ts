// 回放 on a township's command centre: choose an hour (its start, Asia/Shanghai; the last hour by default), load it
// from the history store and replay it on the map at ×10 or ×60, or drag the time slider. A banner says
// "回放中 HH:MM" the whole time; 退出回放 gives the map back to the live picture. The live store keeps taking the
// hub's changes meanwhile: the replay has its own timeline and layer, and only draws.
import { api, errorMessage } from './api';
import { formatHourMinute, serverNow, wallTime } from './clock';
import { el, setText } from './dom';
import type { MapView } from './map';
import { PlaybackTimeline } from './map/playback';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** The play head moves this often (ms of the wall clock). */
const TICK_MS = 250;

export class PlaybackControl {
  private readonly open = el('button', { type: 'button', class: 'playback-open', 'data-testid': 'playback-open', title: '回放一小时的告警、事件和人员轨迹' }, '回放');
  private readonly start = el('input', { type: 'datetime-local', class: 'playback-start', 'data-testid': 'playback-start', 'aria-label': '回放开始时间' });
  private readonly load = el('button', { type: 'button', 'data-testid': 'playback-load' }, '载入');
  private readonly play = el('button', { type: 'button', 'data-testid': 'playback-play', disabled: true }, '播放');
  private readonly speed = el('select', { 'data-testid': 'playback-speed', 'aria-label': '回放速度' },
    el('option', { value: '10' }, '×10'), el('option', { value: '60' }, '×60'));
  private readonly slider = el('input', { type: 'range', class: 'playback-slider', 'data-testid': 'playback-slider', min: '0', max: '0', step: '1000', disabled: true, 'aria-label': '回放时间' });
  private readonly banner = el('div', { class: 'playback-banner', 'data-testid': 'playback-banner', role: 'status', hidden: true });
  private readonly leave = el('button', { type: 'button', 'data-testid': 'playback-exit' }, '退出回放');
  private readonly bar = el('div', { class: 'playback-bar', 'data-testid': 'playback-bar', hidden: true },
    this.start, this.load, this.play, this.speed, this.slider, this.leave);
  private timeline: PlaybackTimeline | null = null;
  private at = 0;
  private timer = 0;

  constructor(buttonSlot: HTMLElement, barSlot: HTMLElement, private readonly map: MapView, private readonly township: string) {
    buttonSlot.append(this.open);
    barSlot.prepend(this.bar, this.banner);
    this.open.addEventListener('click', () => this.show());
    this.load.addEventListener('click', () => void this.fetch());
    this.play.addEventListener('click', () => (this.timer ? this.pause() : this.resume()));
    this.slider.addEventListener('input', () => this.seek(this.timeline!.from + Number(this.slider.value)));
    this.leave.addEventListener('click', () => this.exit());
    const hook = (window as unknown as { gdMap?: Record<string, unknown> }).gdMap;
    if (hook) hook.playbackSeek = (ms: number) => this.seek(ms);
  }

  private show(): void {
    this.start.value = toInput(serverNow() - HOUR_MS);
    this.bar.hidden = false;
    this.open.hidden = true;
    void this.fetch();
  }

  /** Loads the hour from the chosen start (up to now) and shows its first moment. */
  private async fetch(): Promise<void> {
    const chosen = fromInput(this.start.value);
    const now = serverNow();
    if (chosen === null || chosen >= now) {
      this.say('请选择过去的开始时间');
      return;
    }
    // The start box holds whole minutes, so the default (an hour ago) falls up to a minute early: an hour that
    // would end within the last minute is the last hour up to now instead (the server serves an hour at most),
    // or the last seconds (an alarm just raised) would be cut off.
    const recent = chosen + HOUR_MS >= now - MINUTE_MS;
    const from = recent ? Math.max(chosen, now - HOUR_MS) : chosen;
    const to = recent ? now : chosen + HOUR_MS;
    this.pause();
    this.load.disabled = true;
    try {
      const reply = await api.playback(this.township, new Date(from).toISOString(), new Date(to).toISOString());
      if (this.bar.hidden) return;
      this.timeline = new PlaybackTimeline(reply);
      if (!this.map.startPlayback()) {
        this.say('地图未就绪，无法回放');
        return;
      }
      this.slider.max = String(this.timeline.to - this.timeline.from);
      this.slider.disabled = false;
      this.play.disabled = false;
      this.seek(this.timeline.from);
    } catch (e) {
      this.say(`回放载入失败：${errorMessage(e)}`);
    } finally {
      this.load.disabled = false;
    }
  }

  private seek(ms: number): void {
    const t = this.timeline;
    if (!t) return;
    this.at = t.clamp(ms);
    this.slider.value = String(this.at - t.from);
    this.map.drawPlayback(t.frame(this.at));
    this.say(`回放中 ${formatHourMinute(this.at)}`);
  }

  private resume(): void {
    const t = this.timeline;
    if (!t) return;
    if (this.at >= t.to) this.seek(t.from);
    setText(this.play, '暂停');
    this.timer = window.setInterval(() => {
      this.seek(this.at + TICK_MS * Number(this.speed.value));
      if (this.at >= t.to) this.pause();
    }, TICK_MS);
  }

  private pause(): void {
    clearInterval(this.timer);
    this.timer = 0;
    setText(this.play, '播放');
  }

  private exit(): void {
    this.pause();
    this.timeline = null;
    this.map.stopPlayback();
    this.bar.hidden = true;
    this.banner.hidden = true;
    this.open.hidden = false;
    this.slider.disabled = true;
    this.play.disabled = true;
  }

  private say(text: string): void {
    setText(this.banner, text);
    this.banner.hidden = false;
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A moment as a datetime-local value in Asia/Shanghai ("2026-11-29T18:00"). */
function toInput(ms: number): string {
  const w = wallTime(ms);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

function fromInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const t = Date.parse(`${value}:00+08:00`);
  return Number.isNaN(t) ? null : t;
}
