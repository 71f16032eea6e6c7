// The responders list: who is on duty, what they are doing, how loaded they are, where they are.
import { el, reconcile, setAttr, setText } from './dom';
import { responderStatusLabel } from './labels';
import type { LiveStore } from './store';
import type { Responder } from './types';

const statusOrder: Record<string, number> = { OnSite: 0, EnRoute: 1, Assigned: 2, Available: 3, OffDuty: 4 };

export function position(r: Pick<Responder, 'lat' | 'lon'>): string {
  return r.lat === null || r.lon === null ? '位置未知' : `${r.lat.toFixed(4)}, ${r.lon.toFixed(4)}`;
}

export class RespondersView {
  private readonly rows = new Map<string, HTMLLIElement>();

  constructor(
    private readonly list: HTMLElement,
    private readonly counter: HTMLElement,
    private readonly store: LiveStore,
    private readonly onPick: (lat: number | null, lon: number | null) => void,
  ) {
    list.addEventListener('click', (e) => {
      const row = (e.target as Element).closest('[data-responder-id]');
      const r = row && this.store.responders.get(row.getAttribute('data-responder-id') ?? '');
      if (r) this.onPick(r.lat, r.lon);
    });
  }

  update(): void {
    const all = [...this.store.responders.values()];
    all.sort((a, b) => (statusOrder[a.status] ?? 9) - (statusOrder[b.status] ?? 9) || a.name.localeCompare(b.name, 'zh-CN'));
    reconcile(this.list, this.rows, all, (r) => r.id,
      (r) => el('li', { class: 'responder-row', 'data-testid': 'responder-row', 'data-responder-id': r.id },
        el('span', { class: 'dot' }), el('span', { class: 'r-name' }), el('span', { class: 'r-kind' }),
        el('span', { class: 'r-status' }), el('span', { class: 'r-load' }), el('span', { class: 'r-pos' })),
      (row, r) => {
        const [, name, kind, status, load, pos] = row.children as unknown as HTMLElement[];
        setAttr(row, 'data-status', r.status);
        setText(name!, r.name);
        setText(kind!, r.team ? '护灯队' : (r.department ?? '干部'));
        setText(status!, responderStatusLabel(r.status));
        setText(load!, `${r.load}/${r.capacity}`);
        setText(pos!, position(r));
      });
    const available = all.filter((r) => r.status === 'Available').length;
    const busy = all.filter((r) => r.status === 'Assigned' || r.status === 'EnRoute' || r.status === 'OnSite').length;
    setText(this.counter, `空闲 ${available} · 出勤 ${busy} · 共 ${all.length}`);
  }
}
