// The map's hover box: what a lamp, a responder or a village box is, in words.
import { el, setText } from '../dom';
import { faultLabel, responderStatusLabel } from '../labels';
import type { LiveStore } from '../store';
import { lampState, lampStateLabels } from './lamp-state';

export class MapTooltip {
  readonly node = el('div', { class: 'map-tooltip', hidden: true });

  constructor(private readonly container: HTMLElement, private readonly store: LiveStore) {
    container.addEventListener('mousemove', (e) => this.onHover(e));
    container.addEventListener('mouseleave', () => {
      this.node.hidden = true;
    });
  }

  private onHover(e: MouseEvent): void {
    const target = e.target as Element | null;
    const lampId = target?.getAttribute?.('data-lamp-id');
    const responderId = target?.getAttribute?.('data-responder-id');
    const villageKey = target?.closest?.('[data-village-key]')?.getAttribute('data-village-key');
    const text = lampId ? this.describeLamp(lampId)
      : responderId ? this.describeResponder(responderId)
        : villageKey ? (this.store.cells.get(villageKey)?.name ?? null) : null;
    if (!text) {
      this.node.hidden = true;
      return;
    }
    setText(this.node, text);
    const box = this.container.getBoundingClientRect();
    this.node.style.left = `${Math.min(e.clientX - box.left + 14, box.width - this.node.offsetWidth - 4)}px`;
    this.node.style.top = `${e.clientY - box.top + 14}px`;
    this.node.hidden = false;
  }

  private describeLamp(id: string): string | null {
    const l = this.store.lamps.get(id);
    if (!l) return null;
    const village = l.village ? this.store.cellName(l.township, l.village) : '';
    const state = lampStateLabels[lampState(l)];
    const brightness = l.on && l.brightness !== null ? ` 亮度 ${l.brightness}%` : '';
    const faults = l.faults.length ? `\n故障：${l.faults.map(faultLabel).join('、')}` : '';
    // road and pole number, as the people on the ground call the lamp (the id only when the topology gave no street)
    return `${l.name ?? l.id} ${village}\n${state}${brightness}${faults}`;
  }

  private describeResponder(id: string): string | null {
    const r = this.store.responders.get(id);
    if (!r) return null;
    return `${r.name}（${responderStatusLabel(r.status)}）\n任务 ${r.load}/${r.capacity}`;
  }
}
