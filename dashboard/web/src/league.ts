// 乡镇对比: the county's league table, one row per township (亮灯率, 在办, 超期, 按时办结率, 空闲力量,
// 满意度), worst figures in red. A row opens that township's command centre.
import { canTakeWork } from './capacity';
import { currentDeadline } from './board';
import { parseTime, serverNow } from './clock';
import { el } from './dom';
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

export class LeagueTable {
  private lastKey = '';

  constructor(private readonly container: HTMLElement, private readonly store: LiveStore, private readonly open: (township: string) => void) {
    container.addEventListener('click', (e) => {
      const row = (e.target as Element).closest('[data-township]');
      const township = row?.getAttribute('data-township');
      if (township) this.open(township);
    });
  }

  update(): void {
    const rows = leagueRows(this.store);
    const key = JSON.stringify(rows);
    if (key === this.lastKey) return;
    this.lastKey = key;
    const cell = (text: string, bad: boolean, title?: string) => el('td', { class: bad ? 'bad' : null, title: title ?? null }, text);
    this.container.replaceChildren(el('table', { class: 'league' },
      el('thead', {}, el('tr', {}, ...['乡镇', '亮灯率', '在办', '超期', '按时办结率', '空闲力量', '满意度'].map((h) => el('th', {}, h)))),
      el('tbody', {}, ...rows.map((r) => el('tr', { 'data-township': r.township, 'data-testid': 'league-row', tabindex: 0, title: `打开${r.name}指挥中心` },
        el('th', {}, r.name),
        cell(r.lampsTotal === 0 ? '无路灯' : pct(r.litRate), r.litRate !== null && r.litRate < 0.85),
        cell(String(r.open), false),
        cell(String(r.overdue), r.overdue > 0),
        cell(pct(r.onTime), r.onTime !== null && r.onTime < 0.7),
        cell(`${r.free}/${r.responders}`, r.free === 0, `可派 ${r.free} 人，共 ${r.responders} 人`),
        cell(r.satisfaction === null ? '—' : r.satisfaction.toFixed(1), r.satisfaction !== null && r.satisfaction < 3))))));
  }
}
