// 红黑榜: villages ranked by 亮灯率 and deadlines met, teams by incidents resolved on time.
// The top of each ranking is the 红榜, the bottom the 黑榜.
import { el } from './dom';
import { litRate } from './kpi';
import { cellKey, type LiveStore } from './store';

export interface Ranked {
  key: string;
  name: string;
  /** 0..1, higher is better. */
  score: number;
  detail: string;
}

/** Villages: the mean of their 亮灯率 (when they have lamps) and their deadlines-met rate (when they had incidents). */
export function rankVillages(store: LiveStore): Ranked[] {
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
  const out: Ranked[] = [];
  for (const village of store.villages()) {
    const figures = store.summaries.get(village.key)?.figures;
    const lit = figures && figures.lampsTotal > 0 ? litRate(figures) : null;
    const m = met.get(village.key);
    const onTime = m && m.all > 0 ? m.ok / m.all : null;
    const parts = [lit, onTime].filter((x): x is number => x !== null);
    if (parts.length === 0) continue;
    const score = parts.reduce((a, b) => a + b, 0) / parts.length;
    const detail = [lit !== null ? `亮灯 ${(lit * 100).toFixed(1)}%` : null, m ? `按时 ${m.ok}/${m.all}` : null].filter(Boolean).join(' · ');
    out.push({ key: village.key, name: village.name, score, detail });
  }
  out.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh-CN'));
  return out;
}

/** Teams (护灯队): incidents they resolved on time, minus the late ones as a tie-breaker. */
export function rankTeams(store: LiveStore): Ranked[] {
  const tally = new Map<string, { ok: number; late: number }>();
  for (const r of store.responders.values()) if (r.team) tally.set(r.id, { ok: 0, late: 0 });
  for (const i of store.incidents.values()) {
    if (!i.responderId || !(i.status === 'Resolved' || i.status === 'Closed')) continue;
    const t = tally.get(i.responderId);
    if (!t) continue;
    if (i.deadlinesMissed === 0) t.ok++;
    else t.late++;
  }
  const out: Ranked[] = [];
  for (const [id, t] of tally) {
    const name = store.responders.get(id)?.name ?? id;
    const all = t.ok + t.late;
    out.push({ key: id, name, score: all ? t.ok / all : 0, detail: `按时 ${t.ok} · 超时 ${t.late}` });
  }
  out.sort((a, b) => {
    const ta = tally.get(a.key)!, tb = tally.get(b.key)!;
    return tb.ok - ta.ok || ta.late - tb.late || a.name.localeCompare(b.name, 'zh-CN');
  });
  return out;
}

/** The top `n` and the bottom `n`, not overlapping. */
export function redBlack<T>(ranked: T[], n: number): { red: T[]; black: T[] } {
  const red = ranked.slice(0, Math.min(n, Math.ceil(ranked.length / 2)));
  const black = ranked.slice(Math.max(red.length, ranked.length - n)).reverse();
  return { red, black };
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
    const list = (items: Ranked[], kind: 'red' | 'black') =>
      items.length === 0
        ? el('li', { class: 'rank-empty' }, '暂无')
        : items.map((r, index) => el('li', { class: `rank-row ${kind}`, 'data-key': r.key },
          el('span', { class: 'rank-no' }, String(index + 1)), el('span', { class: 'rank-name', title: r.name }, r.name), el('span', { class: 'rank-detail', title: r.detail }, r.detail)));
    const block = (title: string, rb: { red: Ranked[]; black: Ranked[] }) => el('div', { class: 'rank-block' },
      el('h3', {}, title),
      el('div', { class: 'rank-cols' },
        el('div', { class: 'rank-col red', 'data-testid': 'red-list' }, el('h4', {}, '红榜'), el('ol', {}, ...[list(rb.red, 'red')].flat())),
        el('div', { class: 'rank-col black', 'data-testid': 'black-list' }, el('h4', {}, '黑榜'), el('ol', {}, ...[list(rb.black, 'black')].flat()))));
    this.container.replaceChildren(block('村（亮灯率 · 按时办结）', villages), block('护灯队（按时办结）', teams));
  }
}
