// 我的吹哨 (on the 吹哨 page): every whistle this grid leader blew, newest first, with its live status; a tap
// opens its timeline; once resolved, 满意度 (1–5) closes it (销号). Read again every 15 s and after each whistle.
import { errorMessage, request } from './api';
import { act, loadIncident, type IncidentDetail } from './commands';
import { formatShortTime } from './clock';
import { el, setText } from './dom';
import { incidentStatusLabel, timelineText } from './labels';
import type { IncidentStatus } from './types';

/** A line of GET /api/incidents?township=&reportedBy=me. */
interface MyWhistle {
  id: string;
  number: string | null;
  status: IncidentStatus;
  title: string;
  reportedAt: string;
}

const kinds: Record<string, string> = {
  Reported: '上报', Triaged: '研判', Dispatched: '派单', Declined: '拒单', Acknowledged: '接单', Arrived: '到场', Resolved: '办结',
  Closed: '销号', Reopened: '重办', Escalated: '升级', Assigned: '人工派单', Urged: '督办', CalledBack: '回访', Cancelled: '作废',
};

const REFRESH_MS = 15_000;

export class MyWhistles {
  private readonly list = el('ol', { class: 'my-whistles', 'data-testid': 'my-whistles' });
  private readonly status = el('p', { class: 'note', role: 'status' });
  private open: string | null = null;

  constructor(root: HTMLElement, private readonly townships: readonly string[]) {
    root.replaceChildren(el('h2', { class: 'my-whistles-title' }, '我的吹哨'), this.status, this.list);
    window.setInterval(() => void this.refresh(), REFRESH_MS);
  }

  async refresh(): Promise<void> {
    try {
      const lines = (await Promise.all(this.townships.map((t) =>
        request<MyWhistle[]>('GET', `/api/incidents?township=${encodeURIComponent(t)}&reportedBy=me&limit=50`)))).flat()
        .sort((a, b) => b.reportedAt.localeCompare(a.reportedAt));
      setText(this.status, lines.length ? '' : '还没有吹过哨');
      this.list.replaceChildren(...lines.map((w) => this.line(w)));
      if (this.open) await this.expand(this.open);
    } catch (e) {
      setText(this.status, errorMessage(e));
    }
  }

  private line(w: MyWhistle): HTMLElement {
    const head = el('button', { type: 'button', class: 'my-whistle-head', 'aria-expanded': String(this.open === w.id) },
      el('span', { class: 'my-whistle-status', 'data-status': w.status }, incidentStatusLabel(w.status)),
      el('span', { class: 'my-whistle-title' }, w.title),
      el('span', { class: 'note' }, `${w.number ?? ''} ${formatShortTime(w.reportedAt)}`));
    const item = el('li', { class: 'my-whistle', 'data-testid': 'my-whistle', 'data-incident-id': w.id, 'data-status': w.status }, head,
      el('div', { class: 'my-whistle-body', 'data-testid': 'my-whistle-body' }));
    head.addEventListener('click', () => {
      this.open = this.open === w.id ? null : w.id;
      if (this.open) void this.expand(w.id);
      else item.querySelector('.my-whistle-body')!.replaceChildren();
    });
    return item;
  }

  private async expand(id: string): Promise<void> {
    const body = this.list.querySelector<HTMLElement>(`[data-incident-id='${CSS.escape(id)}'] .my-whistle-body`);
    if (!body) return;
    const incident = await loadIncident(id).catch(() => null);
    if (!incident) return;
    body.replaceChildren(
      el('ol', { class: 'my-whistle-timeline', 'data-testid': 'my-whistle-timeline' }, ...incident.timeline.map((e) =>
        el('li', {}, `${formatShortTime(e.at)} ${kinds[e.kind] ?? e.kind}${e.text ? '：' + timelineText(e.kind, e.text) : ''}`))),
      incident.status === 'Resolved' ? this.rating(incident) : incident.satisfaction
        ? el('p', { class: 'note', 'data-testid': 'my-whistle-rated' }, `满意度 ${'★'.repeat(incident.satisfaction)}`) : el('span'));
  }

  /** 满意度: one tap on 1–5 stars closes (销号) the resolved whistle with that rating. */
  private rating(incident: IncidentDetail): HTMLElement {
    const error = el('p', { class: 'order-error', role: 'alert' });
    const stars = [1, 2, 3, 4, 5].map((n) => {
      const b = el('button', { type: 'button', class: 'big plain star', 'data-testid': `rate-${n}`, 'aria-label': `${n} 星` }, '★'.repeat(n));
      b.addEventListener('click', () => void (async () => {
        for (const s of stars) s.disabled = true;
        try {
          await act(incident.id, 'close', incident.version, { satisfaction: n });
          await this.refresh();
        } catch (e) {
          for (const s of stars) s.disabled = false;
          setText(error, errorMessage(e));
        }
      })());
      return b;
    });
    return el('div', { class: 'my-whistle-rating' }, el('p', {}, '已办结，请评价满意度：'), el('div', { class: 'row' }, ...stars), error);
  }
}
