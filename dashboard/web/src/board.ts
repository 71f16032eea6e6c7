// The incident board: a kanban by stage (待研判 → 已派单 → 已接单 → 已到场 → 已办结), each card with its
// deadline counting down against the server's clock (red when overdue) and ⬆ 已升级 when escalated.
import { countdown, formatShortTime, parseTime } from './clock';
import { el, reconcile, RowsOutOfSight, setAttr, setClippedText, setText, toggleClass } from './dom';
import { categoryLabel, incidentSeverityLabel, levelLabel, sourceLabel } from './labels';
import { cellKey, type Changes, type LiveStore } from './store';
import type { Incident, IncidentStatus } from './types';

export interface Stage {
  id: 'Reported' | 'Dispatched' | 'Acknowledged' | 'OnSite' | 'Resolved';
  label: string;
  statuses: IncidentStatus[];
}

export const STAGES: Stage[] = [
  { id: 'Reported', label: '待研判', statuses: ['Reported', 'Triaged'] },
  { id: 'Dispatched', label: '已派单', statuses: ['Dispatched'] },
  { id: 'Acknowledged', label: '已接单', statuses: ['Acknowledged'] },
  { id: 'OnSite', label: '已到场', statuses: ['OnSite'] },
  { id: 'Resolved', label: '已办结', statuses: ['Resolved', 'Closed'] },
];

const stageOf = new Map<IncidentStatus, Stage>();
for (const s of STAGES) for (const status of s.statuses) stageOf.set(status, s);

/** Most cards drawn per column; the rest are counted in the column's footer. */
export const COLUMN_LIMIT = 150;
/** 已办结 shows only the newest few: the open work matters more, and the footer says how many more. */
export const RESOLVED_LIMIT = 8;

const severityRank: Record<string, number> = { Emergency: 0, Major: 1, Minor: 2, Micro: 3 };

/** The deadline that matters now: answer (respondBy) before 接单, then resolution (resolveBy). */
export function currentDeadline(i: Incident): { at: string | null; label: string } {
  if (i.status === 'Reported' || i.status === 'Triaged' || i.status === 'Dispatched') return { at: i.respondBy, label: '响应' };
  return { at: i.resolveBy, label: '办结' };
}

function compareOpen(a: Incident, b: Incident): number {
  const s = (severityRank[a.severity] ?? 9) - (severityRank[b.severity] ?? 9);
  if (s !== 0) return s;
  const da = parseTime(currentDeadline(a).at) ?? Infinity;
  const db = parseTime(currentDeadline(b).at) ?? Infinity;
  if (da !== db) return da - db;
  return (parseTime(a.reportedAt) ?? 0) - (parseTime(b.reportedAt) ?? 0);
}

function compareResolved(a: Incident, b: Incident): number {
  return (parseTime(b.resolvedAt) ?? parseTime(b.reportedAt) ?? 0) - (parseTime(a.resolvedAt) ?? parseTime(a.reportedAt) ?? 0);
}

interface Column {
  stage: Stage;
  list: HTMLElement;
  count: HTMLElement;
  more: HTMLElement;
  rows: Map<string, HTMLElement>;
  /** Items past the column's limit, never drawn. */
  notShown: number;
  /** Its cards drawn below the fold. */
  below: RowsOutOfSight;
}

interface CardParts {
  severity: HTMLElement;
  category: HTMLElement;
  escalated: HTMLElement;
  number: HTMLElement;
  title: HTMLElement;
  where: HTMLElement;
  who: HTMLElement;
  deadline: HTMLElement;
}

export class IncidentBoard {
  private readonly columns: Column[] = [];
  private readonly parts = new WeakMap<HTMLElement, CardParts>();
  private readonly flashUntil = new Map<string, number>();

  constructor(container: HTMLElement, private readonly store: LiveStore) {
    container.replaceChildren();
    for (const stage of STAGES) {
      const count = el('span', { class: 'stage-count' }, '0');
      const list = el('div', { class: 'stage-list' });
      const more = el('div', { class: 'stage-more', hidden: true });
      container.appendChild(el('section', { class: 'stage', 'data-testid': `stage-${stage.id}`, 'data-stage': stage.id },
        el('header', { class: 'stage-head' }, el('span', { class: 'stage-label' }, stage.label), count), list, more));
      const below = new RowsOutOfSight(list, () => this.countHidden(column));
      const column: Column = { stage, list, count, more, rows: new Map(), notShown: 0, below };
      this.columns.push(column);
    }
  }

  update(changes: Changes): void {
    const now = performance.now();
    for (const id of changes.escalated) this.flashUntil.set(id, now + 8000);
    if (!changes.snapshot && changes.incidents.size === 0 && changes.escalated.size === 0) return;
    const byStage = new Map<string, Incident[]>();
    for (const s of STAGES) byStage.set(s.id, []);
    for (const i of this.store.incidents.values()) {
      const stage = stageOf.get(i.status);
      if (stage) byStage.get(stage.id)!.push(i);
    }
    for (const column of this.columns) {
      const items = byStage.get(column.stage.id)!;
      items.sort(column.stage.id === 'Resolved' ? compareResolved : compareOpen);
      const limit = column.stage.id === 'Resolved' ? RESOLVED_LIMIT : COLUMN_LIMIT;
      const shown = items.length > limit ? items.slice(0, limit) : items;
      reconcile(column.list, column.rows, shown, (i) => i.id, (i) => this.createCard(i), (card, i) => this.updateCard(card, i));
      setText(column.count, String(items.length));
      column.notShown = items.length - shown.length;
      column.below.sync();
      // new cards: the footer waits for the observer to say where they landed (no layout measured here)
      if (column.below.settled) this.countHidden(column);
    }
  }

  /** A column's footer: cards not drawn plus cards drawn below the fold, as "另有 N 件". */
  private countHidden(column: Column): void {
    const more = column.notShown + column.below.count();
    column.more.hidden = more === 0;
    setText(column.more, more > 0 ? `另有 ${more} 件` : '');
  }

  /** Once a second: the countdowns, and the end of escalation flashes. */
  tick(): void {
    const now = performance.now();
    for (const column of this.columns) {
      for (const [id, card] of column.rows) {
        const incident = this.store.incidents.get(id);
        if (incident) this.updateDeadline(card, incident);
        const until = this.flashUntil.get(id);
        if (until !== undefined && until < now) {
          this.flashUntil.delete(id);
          card.classList.remove('escalated-flash');
        }
      }
    }
  }

  private createCard(i: Incident): HTMLElement {
    const parts: CardParts = {
      severity: el('span', { class: 'sev' }),
      category: el('span', { class: 'cat' }),
      escalated: el('span', { class: 'escalated', hidden: true }),
      number: el('div', { class: 'card-number' }),
      title: el('div', { class: 'card-title' }),
      where: el('span', { class: 'card-where' }),
      who: el('span', { class: 'card-who' }),
      deadline: el('div', { class: 'deadline' }),
    };
    const card = el('article', { class: 'incident-card', 'data-testid': 'incident-card', 'data-incident-id': i.id },
      el('div', { class: 'card-top' }, parts.severity, parts.category, parts.escalated),
      parts.number,
      parts.title,
      el('div', { class: 'card-meta' }, parts.where, parts.who),
      parts.deadline);
    this.parts.set(card, parts);
    return card;
  }

  private updateCard(card: HTMLElement, i: Incident): void {
    const p = this.parts.get(card)!;
    setAttr(card, 'data-status', i.status);
    setAttr(card, 'data-severity', i.severity);
    setText(p.severity, incidentSeverityLabel(i.severity));
    setAttr(p.severity, 'data-severity', i.severity);
    setClippedText(p.category, `${categoryLabel(i.category)} · ${sourceLabel(i.source)}`);
    // the 受理编号 on a line of its own, whole (it is read out over the phone): a narrow card breaks it after the township
    if (p.number.dataset.number !== (i.number ?? '')) {
      p.number.dataset.number = i.number ?? '';
      const cut = (i.number ?? '').indexOf('-') + 1;
      p.number.replaceChildren(...(i.number ? [el('span', {}, i.number.slice(0, cut)), document.createElement('wbr'), el('span', {}, i.number.slice(cut))] : []));
    }
    p.number.hidden = !i.number;
    setAttr(card, 'data-number', i.number ?? null);
    const escalated = i.escalations > 0;
    p.escalated.hidden = !escalated;
    setText(p.escalated, escalated ? `⬆ 已升级${i.level ? '至' + levelLabel(i.level) : ''}` : '');
    setAttr(card, 'data-escalated', escalated ? 'true' : null);
    setClippedText(p.title, i.title || i.id);
    setClippedText(p.where, this.where(i));
    const responder = i.responderId ? (this.store.responders.get(i.responderId)?.name ?? i.responderId) : '';
    setClippedText(p.who, responder);
    toggleClass(card, 'emergency', i.severity === 'Emergency' && i.status !== 'Resolved' && i.status !== 'Closed');
    toggleClass(card, 'escalated-flash', this.flashUntil.has(i.id));
    this.updateDeadline(card, i);
  }

  private where(i: Incident): string {
    const key = cellKey(i.township, i.cell);
    const cell = this.store.cells.get(key);
    const villageKey = this.store.villageKeyOf(key);
    const village = villageKey && villageKey !== key ? this.store.cells.get(villageKey)?.name : null;
    const name = cell?.name ?? i.cell;
    return village ? `${village} ${name}` : name;
  }

  private updateDeadline(card: HTMLElement, i: Incident): void {
    const p = this.parts.get(card);
    if (!p) return;
    if (i.status === 'Resolved' || i.status === 'Closed') {
      const late = i.deadlinesMissed > 0;
      setText(p.deadline, `${late ? '超时办结' : '按时办结'} ${formatShortTime(i.resolvedAt)}${i.satisfaction ? ` · 满意度 ${i.satisfaction}` : ''}`);
      toggleClass(p.deadline, 'overdue', late);
      toggleClass(p.deadline, 'soon', false);
      toggleClass(card, 'overdue', false);
      return;
    }
    const d = currentDeadline(i);
    const c = countdown(d.at, d.label);
    const missed = i.deadlinesMissed > 0 ? `（已超时 ${i.deadlinesMissed} 次）` : '';
    setText(p.deadline, c ? c.text + missed : `无${d.label}时限${missed}`);
    toggleClass(p.deadline, 'overdue', !!c?.overdue);
    toggleClass(p.deadline, 'soon', !!c?.soon);
    toggleClass(card, 'overdue', !!c?.overdue || i.deadlinesMissed > 0);
  }
}
