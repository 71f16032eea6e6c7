// 无可派力量: a township where nobody can take another job while incidents wait for one. The screen
// says so in words and names what is waiting, instead of leaving the duty officer to notice 空闲 0.
import { formatSpan, parseTime, serverNow } from './clock';
import { el } from './dom';
import { incidentSeverityLabel } from './labels';
import type { LiveStore } from './store';
import type { Incident, Responder } from './types';

/** Waiting for a responder: reported or triaged, nobody assigned yet. */
export const isWaiting = (i: Incident): boolean => (i.status === 'Reported' || i.status === 'Triaged') && !i.responderId;

/** Someone who could be sent now: on duty, not busy elsewhere, below their capacity. */
export const canTakeWork = (r: Responder): boolean => r.status === 'Available' && r.load < r.capacity;

const severityRank: Record<string, number> = { Emergency: 0, Major: 1, Minor: 2, Micro: 3 };

export interface CapacityShortage {
  township: string;
  responders: number;
  waiting: Incident[];
}

/** Townships in scope with incidents waiting and nobody who can take them, most urgent waiting first. */
export function capacityShortages(store: LiveStore): CapacityShortage[] {
  const out: CapacityShortage[] = [];
  for (const township of store.townshipIds()) {
    const responders = [...store.responders.values()].filter((r) => r.township === township);
    if (responders.some(canTakeWork)) continue;
    const waiting = [...store.incidents.values()].filter((i) => i.township === township && isWaiting(i));
    if (waiting.length === 0) continue;
    waiting.sort((a, b) => (severityRank[a.severity] ?? 9) - (severityRank[b.severity] ?? 9)
      || (parseTime(a.reportedAt) ?? 0) - (parseTime(b.reportedAt) ?? 0));
    out.push({ township, responders: responders.length, waiting });
  }
  return out;
}

/** Shown above the responders list; empty (hidden) while everyone waiting can be dispatched. */
export class CapacityWarning {
  private lastKey = '';

  constructor(private readonly slot: HTMLElement, private readonly store: LiveStore) {}

  update(): void {
    const shortages = capacityShortages(this.store);
    const now = serverNow();
    const key = JSON.stringify(shortages.map((s) => [s.township, s.responders, s.waiting.map((i) => i.id)])) + Math.floor(now / 60000);
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.slot.hidden = shortages.length === 0;
    this.slot.replaceChildren(...shortages.map((s) => {
      const counts = new Map<string, number>();
      for (const i of s.waiting) counts.set(i.severity, (counts.get(i.severity) ?? 0) + 1);
      const bySeverity = ['Emergency', 'Major', 'Minor', 'Micro'].filter((k) => counts.has(k)).map((k) => `${incidentSeverityLabel(k)} ${counts.get(k)}`).join(' · ');
      const first = s.waiting.slice(0, 3).map((i) => {
        const waited = now - (parseTime(i.reportedAt) ?? now);
        const line = `${incidentSeverityLabel(i.severity)}：${i.title}（${i.number ? i.number + ' · ' : ''}已等 ${formatSpan(waited)}）`;
        return el('li', { title: line }, line);
      });
      const rest = s.waiting.length - first.length;
      const line = el('div', { class: 'capacity-line' },
        el('strong', {}, `⚠ ${this.store.townshipName(s.township)} 无可派力量`),
        el('span', {}, s.responders === 0 ? '（无处置人员）' : `（${s.responders} 人均满负荷或未在岗）`),
        el('span', {}, `待派 ${s.waiting.length} 件：${bySeverity}`));
      const list = el('ul', { class: 'capacity-waiting' }, ...first, rest > 0 ? el('li', { class: 'capacity-more' }, `另有 ${rest} 件待派`) : null);
      return el('div', { class: 'capacity-township', 'data-township': s.township }, line, list);
    }));
  }
}
