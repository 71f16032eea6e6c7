// The map's hover box: what a lamp, an incident, a responder or a grid cell is, in words.
import { el, setText } from '../dom';
import { faultLabel, incidentSeverityLabel, incidentStatusLabel, responderStatusLabel } from '../labels';
import type { LiveStore } from '../store';
import { lampState, lampStateLabels } from './lamp-state';

export type Hovered = { kind: 'lamp' | 'incident' | 'responder' | 'cell'; id: string };

export class MapTooltip {
  readonly node = el('div', { class: 'map-tooltip', hidden: true, 'data-testid': 'map-tooltip' });

  constructor(private readonly container: HTMLElement, private readonly store: LiveStore) {
    container.addEventListener('mouseleave', () => this.hide());
  }

  /** Shows what is under the pointer at (x, y) in the container's pixels (a lamp and its incident's pin: both); hides for nothing known. */
  show(what: readonly Hovered[], x: number, y: number): void {
    const text = what.map((w) => this.describe(w)).filter((t): t is string => !!t).join('\n');
    if (!text) {
      this.hide();
      return;
    }
    setText(this.node, text);
    const box = this.container.getBoundingClientRect();
    this.node.style.left = `${Math.max(0, Math.min(x + 14, box.width - this.node.offsetWidth - 4))}px`;
    this.node.style.top = `${y + 14}px`;
    this.node.hidden = false;
  }

  private describe(what: Hovered): string | null {
    return what.kind === 'lamp' ? this.describeLamp(what.id)
      : what.kind === 'incident' ? this.describeIncident(what.id)
        : what.kind === 'responder' ? this.describeResponder(what.id)
          : (this.store.cells.get(what.id)?.name ?? null);
  }

  hide(): void {
    this.node.hidden = true;
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

  private describeIncident(id: string): string | null {
    const i = this.store.incidents.get(id);
    if (!i) return null;
    return `${i.number ?? i.id} ${i.title}\n${incidentSeverityLabel(i.severity)} · ${incidentStatusLabel(i.status)}`;
  }

  private describeResponder(id: string): string | null {
    const r = this.store.responders.get(id);
    if (!r) return null;
    return `${r.name}（${responderStatusLabel(r.status)}）\n任务 ${r.load}/${r.capacity}`;
  }
}
