// 乡镇对比: the county's league table, one row per township (亮灯率, 在办, 超期, 按时办结率, 空闲力量,
// 满意度), worst figures in red. A row opens that township's command centre.
import { canTakeWork } from './capacity';
import { currentDeadline } from './board';
import { parseTime, serverNow } from './clock';
import { el, setAttr, setText } from './dom';
import { incidentKpis, litRate } from './kpi';
import { isOpen, type LiveStore } from './store';

export interface LeagueRow {
  township: string;
  name: string;
  litRate: number | null;
  lampsTotal: number;
  open: number;
  overdue: number;
  onTime: number | null;
  free: number;
  responders: number;
  satisfaction: number | null;
}

export function leagueRows(store: LiveStore, now = serverNow()): LeagueRow[] {
  const summaries = new Map(store.townshipSummaries().map((s) => [s.cellKey.slice(0, s.cellKey.indexOf('/')), s.figures]));
  return store.townshipIds().map((township) => {
    const incidents = [...store.incidents.values()].filter((i) => i.township === township);
    const k = incidentKpis(incidents, now);
    const overdue = incidents.filter((i) => isOpen(i)
      && (i.deadlinesMissed > 0 || (parseTime(currentDeadline(i).at) ?? Infinity) < now)).length;
    const responders = [...store.responders.values()].filter((r) => r.township === township);
    const figures = summaries.get(township);
    return {
      township, name: store.townshipName(township),
      litRate: figures && figures.lampsTotal > 0 ? litRate(figures) : null,
      lampsTotal: figures?.lampsTotal ?? 0,
      open: k.open, overdue,
      onTime: k.resolved ? k.resolvedOnTime / k.resolved : null,
      free: responders.filter(canTakeWork).length, responders: responders.length,
      satisfaction: k.satisfaction,
    };
  });
}

const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** One cell's text, whether it is a bad figure (red), and its tooltip. */
type Cell = [text: string, bad: boolean, title?: string];

function cells(r: LeagueRow): Cell[] {
  return [
    [r.lampsTotal === 0 ? '无路灯' : pct(r.litRate), r.litRate !== null && r.litRate < 0.85],
    [String(r.open), false],
    [String(r.overdue), r.overdue > 0],
    [pct(r.onTime), r.onTime !== null && r.onTime < 0.7],
    [`${r.free}/${r.responders}`, r.free === 0, `可派 ${r.free} 人，共 ${r.responders} 人`],
    [r.satisfaction === null ? '—' : r.satisfaction.toFixed(1), r.satisfaction !== null && r.satisfaction < 3],
  ];
}

/**
 * The table is built once per set of townships; a changed figure rewrites its cell only. Rebuilding every row on
 * each change (figures change every few seconds on a live county) lost a keyboard user's focus and could move a
 * row away under a pointer as it clicked.
 */
export class LeagueTable {
  private lastKey = '';
  private shape = '';
  private readonly rows = new Map<string, HTMLTableRowElement>();

  constructor(private readonly container: HTMLElement, private readonly store: LiveStore, private readonly open: (township: string) => void) {
    const township = (e: Event) => (e.target as Element).closest('[data-township]')?.getAttribute('data-township');
    container.addEventListener('click', (e) => {
      const id = township(e);
      if (id) this.open(id);
    });
    container.addEventListener('keydown', (e) => {
      const id = (e.key === 'Enter' || e.key === ' ') ? township(e) : null;
      if (!id) return;
      e.preventDefault();
      this.open(id);
    });
  }

  update(): void {
    const rows = leagueRows(this.store);
    const key = JSON.stringify(rows);
    if (key === this.lastKey) return;
    this.lastKey = key;
    const shape = JSON.stringify(rows.map((r) => [r.township, r.name]));
    if (shape !== this.shape) this.build(rows, shape);
    for (const r of rows) {
      const tds = this.rows.get(r.township)!.cells;
      cells(r).forEach(([text, bad, title], i) => {
        const td = tds[i + 1]!;
        setText(td, text);
        td.classList.toggle('bad', bad);
        setAttr(td, 'title', title ?? null);
      });
    }
  }

  private build(rows: LeagueRow[], shape: string): void {
    this.shape = shape;
    this.rows.clear();
    for (const r of rows) {
      this.rows.set(r.township, el('tr', { 'data-township': r.township, 'data-testid': 'league-row', tabindex: 0, title: `打开${r.name}指挥中心` },
        el('th', {}, r.name), ...cells(r).map(() => el('td', {}))));
    }
    this.container.replaceChildren(el('table', { class: 'league' },
      el('thead', {}, el('tr', {}, ...['乡镇', '亮灯率', '在办', '超期', '按时办结率', '空闲力量', '满意度'].map((h) => el('th', {}, h)))),
      el('tbody', {}, ...this.rows.values())));
  }
}
