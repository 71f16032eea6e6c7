// The responders list: who is on duty, what they are doing and how loaded they are (over capacity in
// red). Rows that do not fit the panel are counted in its footer, so nobody is silently cut off.
import { el, reconcile, RowsOutOfSight, setAttr, setClippedText, setText, toggleClass } from './dom';
import { responderStatusLabel } from './labels';
import type { LiveStore } from './store';
import type { Responder } from './types';
import { byChineseName } from './collation';

const statusOrder: Record<string, number> = { OnSite: 0, EnRoute: 1, Assigned: 2, Available: 3, OffDuty: 4 };

/**
 * What kind of responder: 护灯队, its department by name, else a cadre sent to a village (包村干部). A
 * department the screen cannot name is still a department (职能部门), never shown by its id.
 */
export function responderKind(r: Pick<Responder, 'team' | 'department'>, departmentName: (id: string) => string | null): string {
  if (r.team) return '护灯队';
  if (!r.department) return '包村干部';
  return departmentName(r.department) ?? '职能部门';
}

export class RespondersView {
  private readonly rows = new Map<string, HTMLLIElement>();
  private readonly below: RowsOutOfSight;

  constructor(
    private readonly list: HTMLElement,
    private readonly counter: HTMLElement,
    private readonly more: HTMLElement,
    private readonly store: LiveStore,
    private readonly onPick: (lat: number | null, lon: number | null) => void,
  ) {
    list.addEventListener('click', (e) => {
      const row = (e.target as Element).closest('[data-responder-id]');
      const r = row && this.store.responders.get(row.getAttribute('data-responder-id') ?? '');
      if (r) this.onPick(r.lat, r.lon);
    });
    this.below = new RowsOutOfSight(list, () => this.countHidden());
  }

  update(): void {
    const all = [...this.store.responders.values()];
    all.sort((a, b) => (statusOrder[a.status] ?? 9) - (statusOrder[b.status] ?? 9) || byChineseName(a.name, b.name));
    reconcile(this.list, this.rows, all, (r) => r.id,
      (r) => el('li', { class: 'responder-row', 'data-testid': 'responder-row', 'data-responder-id': r.id },
        el('span', { class: 'dot' }), el('span', { class: 'r-name' }), el('span', { class: 'r-kind' }),
        el('span', { class: 'r-status' }), el('span', { class: 'r-load' })),
      (row, r) => {
        const [, name, kind, status, load] = row.children as unknown as HTMLElement[];
        setAttr(row, 'data-status', r.status);
        setClippedText(name!, r.name);
        setClippedText(kind!, responderKind(r, (id) => this.store.departmentName(id)));
        setText(status!, responderStatusLabel(r.status));
        setText(load!, `${r.load}/${r.capacity}`);
        const over = r.load > r.capacity;
        toggleClass(load!, 'over', over);
        setAttr(load!, 'title', over ? `超出容量：${r.load} 件任务，容量 ${r.capacity} 件` : `任务 ${r.load} / 容量 ${r.capacity}`);
      });
    const available = all.filter((r) => r.status === 'Available').length;
    const busy = all.filter((r) => r.status === 'Assigned' || r.status === 'EnRoute' || r.status === 'OnSite').length;
    setText(this.counter, `空闲 ${available} · 出勤 ${busy} · 共 ${all.length}`);
    this.below.sync();
    // new rows: the footer waits for the observer to say where they landed (no layout measured here)
    if (this.below.settled) this.countHidden();
  }

  private countHidden(): void {
    const hidden = this.below.count();
    this.more.hidden = hidden === 0;
    setText(this.more, hidden > 0 ? `另有 ${hidden} 人，下滑查看` : '');
  }
}
