// 红黑榜: villages ranked by 按时办结率 (and, at night, 亮灯率 against 应亮灯), teams by 按时办结率.
// The rule itself (places, 并列, who goes on which list) is in standing.ts.
import { serverNow } from './clock';
import { el } from './dom';
import { lampsDue, litFigure } from './lighting';
import { place, redBlack, type Entry, type Placed } from './standing';
import { cellKey, type LiveStore } from './store';
import type { Incident, Responder } from './types';

export const VILLAGE_RULE = '按时办结率，夜间并计亮灯率；无可评者不排名，并列不上黑榜';
export const TEAM_RULE = '按时办结率，再比按时件数；无办结者不排名，并列不上黑榜';

/** Villages with something to judge: incidents finished or overdue, or (at night) lamps due to be lit. */
export function rankVillages(store: LiveStore, now = serverNow()): Placed[] {
  const met = new Map<string, { ok: number; all: number }>();
  for (const i of store.incidents.values()) {
    const village = store.villageKeyOf(cellKey(i.township, i.cell));
    if (!village) continue;
    const done = i.status === 'Resolved' || i.status === 'Closed';
    if (!done && i.deadlinesMissed === 0) continue; // still running and on time: not judged yet
    const m = met.get(village) ?? { ok: 0, all: 0 };
    m.all++;
    if (i.deadlinesMissed === 0) m.ok++;
    met.set(village, m);
  }
  const due = lampsDue(store.townships, now);
  const entries: Entry[] = [];
  for (const village of store.villages()) {
    const figures = store.summaries.get(village.key)?.figures;
    const lit = figures && figures.lampsTotal > 0 ? litFigure(figures, due).rate : null;
    const m = met.get(village.key);
    const onTime = m && m.all > 0 ? m.ok / m.all : null;
    const parts = [lit, onTime].filter((x): x is number => x !== null);
    if (parts.length === 0) continue;
    const score = parts.reduce((a, b) => a + b, 0) / parts.length;
    const detail = [lit !== null ? `亮灯 ${(lit * 100).toFixed(1)}%` : null, m ? `按时 ${m.ok}/${m.all}` : null].filter(Boolean).join(' · ');
    entries.push({ key: village.key, name: village.name, score: [score], detail });
  }
  return place(entries);
}

/** Teams (护灯队) that finished something: share on time, then how many on time. */
export function rankTeams(store: LiveStore): Placed[] {
  return place(teamEntries([...store.responders.values()], [...store.incidents.values()]));
}

/** A team without a finished incident (按时 0 · 超时 0) has nothing to be judged on: it is left out. */
export function teamEntries(responders: readonly Responder[], incidents: readonly Incident[]): Entry[] {
  const tally = new Map<string, { ok: number; late: number }>();
  for (const r of responders) if (r.team) tally.set(r.id, { ok: 0, late: 0 });
  for (const i of incidents) {
    if (!i.responderId || !(i.status === 'Resolved' || i.status === 'Closed')) continue;
    const t = tally.get(i.responderId);
    if (!t) continue;
    if (i.deadlinesMissed === 0) t.ok++;
    else t.late++;
  }
  const names = new Map(responders.map((r) => [r.id, r.name]));
  const entries: Entry[] = [];
  for (const [id, t] of tally) {
    const all = t.ok + t.late;
    if (all === 0) continue;
    entries.push({ key: id, name: names.get(id) ?? id, score: [t.ok / all, t.ok], detail: `按时 ${t.ok} · 超时 ${t.late}` });
  }
  return entries;
}

export class RankingView {
  private lastKey = '';

  constructor(private readonly container: HTMLElement, private readonly store: LiveStore) {}

  update(): void {
    const villages = redBlack(rankVillages(this.store), 3);
    const teams = redBlack(rankTeams(this.store), 3);
    const key = JSON.stringify([villages, teams]);
    if (key === this.lastKey) return;
    this.lastKey = key;
    const list = (items: Placed[], kind: 'red' | 'black') =>
      items.length === 0
        ? el('li', { class: 'rank-empty' }, '暂无')
        : items.map((r) => el('li', { class: `rank-row ${kind}`, 'data-key': r.key, 'data-place': String(r.place), 'data-tied': String(r.tied) },
          el('span', { class: 'rank-no' }, String(r.place)), el('span', { class: 'rank-name', title: r.name }, r.name),
          el('span', { class: 'rank-detail', title: r.detail }, r.tied ? `并列 · ${r.detail}` : r.detail)));
    const block = (title: string, rule: string, rb: { red: Placed[]; black: Placed[] }) => el('div', { class: 'rank-block' },
      el('h3', { title: rule }, title),
      el('div', { class: 'rank-rule' }, rule),
      el('div', { class: 'rank-cols' },
        el('div', { class: 'rank-col red', 'data-testid': 'red-list' }, el('h4', {}, '红榜'), el('ol', {}, ...[list(rb.red, 'red')].flat())),
        el('div', { class: 'rank-col black', 'data-testid': 'black-list' }, el('h4', {}, '黑榜'), el('ol', {}, ...[list(rb.black, 'black')].flat()))));
    this.container.replaceChildren(block('村（按时办结 · 亮灯率）', VILLAGE_RULE, villages), block('护灯队（按时办结）', TEAM_RULE, teams));
  }
}
