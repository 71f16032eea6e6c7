// 事件详情 (the incident drawer): opened from a card on the board. Shows the whole timeline, the reporter,
// the lamps, the lead and co-handlers with their parts, the deadlines and the escalation path, the photos, and,
// for those who may, the command centre's actions (研判, 分办/改派/撤回, 协办, 督办, 回访·销号, 重办, 并案, 作废).
// Every action sends the version shown; when someone else changed it first, the drawer shows the new state.
import { errorMessage } from './api';
import { act, loadCandidates, loadIncident, loadReporter, StaleIncident, type IncidentAction, type IncidentDetail, type RankedResponder, type ReporterContact } from './commands';
import { formatShortTime } from './clock';
import { el, setText } from './dom';
import { IncidentPhotos } from './incidentPhotos';
import { categoryLabel, categoryLabels, incidentSeverityLabel, incidentSeverityLabels, incidentStatusLabel, levelLabel, levelLabels, timelineText } from './labels';

const timelineLabels: Record<string, string> = {
  Reported: '上报', Triaged: '研判', Dispatched: '派单', Declined: '拒单', AcknowledgeTimedOut: '超时未接单', NoResponder: '暂无可派',
  Acknowledged: '接单', Arrived: '到场', Resolved: '办结', Closed: '销号', Reopened: '重办', Escalated: '升级', DeadlineMissed: '超时',
  Cancelled: '作废', LampAdded: '新增路灯', LampRestored: '路灯恢复', Retriaged: '改判', LevelChanged: '调整层级', MergedInto: '并案',
  DuplicateMerged: '并入重复件', FollowedMaster: '随主件', Assigned: '人工派单', Withdrawn: '撤回', CoHandlerAdded: '协办',
  CoHandlerAcknowledged: '协办接单', CoHandlerArrived: '协办到场', CoHandlerDone: '协办完成', CoHandlerDeclined: '协办拒单',
  Urged: '督办', CalledBack: '回访',
};

const partLabels: Record<string, string> = { Offered: '待接单', Acknowledged: '已接单', OnSite: '已到场', Done: '已完成', Declined: '已拒单' };

const OPEN = ['Reported', 'Triaged', 'Dispatched', 'Acknowledged', 'OnSite'];

const time = (iso: string | null): string => formatShortTime(iso);

export class IncidentDrawer {
  private incident: IncidentDetail | null = null;
  private readonly body = el('div', { class: 'drawer-body' });
  private readonly status = el('p', { class: 'drawer-status', role: 'status', 'data-testid': 'drawer-message' });
  private loading = 0;
  private contact: { id: string; reply: Promise<ReporterContact> } | null = null;
  private readonly photos = new IncidentPhotos();

  constructor(private readonly root: HTMLElement, private readonly mayCommand: boolean, private readonly responderName: (id: string) => string) {
    const close = el('button', { type: 'button', class: 'drawer-close', 'data-testid': 'drawer-close', 'aria-label': '关闭' }, '×');
    close.addEventListener('click', () => this.close());
    root.replaceChildren(close, this.status, this.body);
    root.setAttribute('data-testid', 'incident-drawer');
  }

  get openId(): string | null {
    return this.root.hidden ? null : (this.incident?.id ?? null);
  }

  async open(id: string): Promise<void> {
    this.root.hidden = false;
    this.root.dataset.incidentId = id;
    setText(this.status, '');
    // another incident's details must not stand under this one's id while it loads (or if it fails to)
    if (this.incident?.id !== id) {
      this.incident = null;
      this.body.replaceChildren(el('p', { class: 'drawer-loading' }, '正在读取…'));
    }
    await this.reload(id);
  }

  close(): void {
    this.root.hidden = true;
    this.incident = null;
    delete this.root.dataset.incidentId;
  }

  /** The hub says it changed: read it again (the version too), unless an action is on its way. */
  async refresh(): Promise<void> {
    if (this.incident && !this.root.hidden && this.loading === 0) await this.reload(this.incident.id);
  }

  private async reload(id: string): Promise<void> {
    this.loading++;
    try {
      const incident = await loadIncident(id);
      // a read that was on its way when the drawer moved to another incident, or closed
      if (this.root.hidden || this.root.dataset.incidentId !== id) return;
      this.show(incident);
    } catch (e) {
      if (this.root.dataset.incidentId === id) setText(this.status, errorMessage(e));
    } finally {
      this.loading--;
    }
  }

  private show(i: IncidentDetail): void {
    this.incident = i;
    this.root.dataset.version = String(i.version);
    this.root.dataset.status = i.status;
    const r = i.report;
    const lead = i.responderId ? this.responderName(i.responderId) : '未派单';
    this.body.replaceChildren(
      el('h2', { 'data-testid': 'drawer-title' }, `${i.number ?? i.id} · ${r.text}`),
      el('p', { class: 'drawer-facts' },
        el('span', { 'data-testid': 'drawer-status' }, incidentStatusLabel(i.status)), ' · ',
        el('span', { 'data-testid': 'drawer-severity' }, incidentSeverityLabel(r.severity)), ' · ',
        el('span', { 'data-testid': 'drawer-category' }, categoryLabel(r.category)), ' · ',
        `${levelLabel(i.level)}级负责`, i.urges > 0 ? ` · 督办 ${i.urges} 次` : '',
        i.satisfaction ? ` · 满意度 ${i.satisfaction}` : ''),
      el('dl', { class: 'drawer-grid' },
        el('dt', {}, '上报人'), this.reporter(i),
        el('dt', {}, '主办'), el('dd', { 'data-testid': 'drawer-lead' }, lead),
        el('dt', {}, '协办'), el('dd', { 'data-testid': 'drawer-co-handlers' },
          i.coHandlers.length === 0 ? '—' : i.coHandlers.map((p) => `${this.responderName(p.responderId)}（${partLabels[p.status] ?? p.status}）`).join('，')),
        el('dt', {}, '响应时限'), el('dd', {}, time(i.respondBy)),
        el('dt', {}, '办结时限'), el('dd', {}, time(i.resolveBy)),
        el('dt', {}, '路灯'), el('dd', {}, i.lamps.length ? i.lamps.join('，') : '—'),
        el('dt', {}, '并案'), el('dd', {}, i.mergedInto ? `已并入 ${i.mergedInto}` : i.duplicates.length ? i.duplicates.map((d) => d.number ?? d.incidentId).join('，') : '—'),
        el('dt', {}, '回访'), el('dd', {}, i.lastCallBack ? `${i.lastCallBack.reached ? '已接通' : '未接通'} ${i.lastCallBack.notes ?? ''}` : '—'),
        el('dt', {}, '照片'), this.photos.strip(i.id)),
      this.mayCommand ? this.actions(i) : el('span'),
      el('h3', {}, '时间线'),
      el('ol', { class: 'drawer-timeline', 'data-testid': 'drawer-timeline' }, ...[...i.timeline].reverse().map((e) =>
        el('li', { 'data-kind': e.kind },
          el('span', { class: 'num' }, time(e.at)), ' ', el('b', {}, timelineLabels[e.kind] ?? e.kind), ' ',
          e.by === 'system' ? '系统' : e.by, e.responderId && e.kind !== 'Reported' ? ` → ${this.responderName(e.responderId)}` : '',
          e.level ? ` [${levelLabel(e.level)}]` : '', e.text ? `：${timelineText(e.kind, e.text)}` : ''))),
    );
  }

  /** Who reported it; for the command centre, their name and a number to call (tel:) when one is known. */
  private reporter(i: IncidentDetail): HTMLElement {
    const r = i.report;
    const cell = el('dd', { 'data-testid': 'drawer-reporter' }, `${r.reportedBy} · ${time(r.reportedAt)}`);
    if (this.mayCommand) {
      // read once per incident opened: the drawer redraws on every change of it
      if (this.contact?.id !== i.id) this.contact = { id: i.id, reply: loadReporter(i.id) };
      void this.contact.reply.then((c) => {
        if (this.incident?.id !== i.id) return;
        cell.replaceChildren(`${c.name ? `${c.name}（${c.reportedBy}）` : c.reportedBy} · ${time(r.reportedAt)}`,
          c.phone ? el('span', {}, ' · ', el('a', { href: `tel:${c.phone.replace(/[ -]/g, '')}`, 'data-testid': 'drawer-reporter-phone' }, `拨打 ${c.phone}`)) : '');
      }).catch(() => undefined);
    }
    return cell;
  }

  private actions(i: IncidentDetail): HTMLElement {
    const box = el('div', { class: 'drawer-actions' });
    const open = OPEN.includes(i.status);
    const reason = el('input', { type: 'text', placeholder: '原因 / 备注', maxlength: 500, 'data-testid': 'action-reason' });
    box.append(el('label', { class: 'wide' }, '原因', reason));
    const text = () => reason.value.trim();
    const button = (label: string, testid: string, run: () => Promise<void>) => {
      const b = el('button', { type: 'button', 'data-testid': testid }, label);
      b.addEventListener('click', () => void run());
      return b;
    };
    const send = (action: IncidentAction, body: Record<string, unknown>) => this.send(action, body);

    if (open) {
      const severity = el('select', { 'data-testid': 'triage-severity' },
        ...Object.entries(incidentSeverityLabels).map(([v, l]) => el('option', { value: v, selected: v === i.report.severity }, l)));
      const category = el('select', { 'data-testid': 'triage-category' },
        ...Object.entries(categoryLabels).map(([v, l]) => el('option', { value: v, selected: v === i.report.category }, l)));
      const level = el('select', { 'data-testid': 'triage-level' },
        ...Object.entries(levelLabels).map(([v, l]) => el('option', { value: v, selected: v === i.level }, `${l}级`)));
      box.append(el('div', { class: 'row' }, '研判', severity, category, level, button('确认研判', 'action-triage', () => send('triage', {
        severity: severity.value !== i.report.severity ? severity.value : undefined,
        category: category.value !== i.report.category ? category.value : undefined,
        level: level.value !== i.level ? level.value : undefined, reason: text(),
      }))));

      const candidates = el('select', { 'data-testid': 'assign-responder' }, el('option', { value: '' }, '加载中…'));
      const coHandler = el('select', { 'data-testid': 'co-handler' }, el('option', { value: '' }, '加载中…'));
      void loadCandidates(i.id).then((list) => this.fill(candidates, coHandler, list)).catch(() => undefined);
      box.append(el('div', { class: 'row' }, '分办', candidates, button(i.responderId ? '改派' : '派单', 'action-assign', () =>
        send('assign', { responderId: candidates.value, reason: text() })),
        i.responderId ? button('撤回', 'action-withdraw', () => send('withdraw', { reason: text() })) : ''));
      box.append(el('div', { class: 'row' }, '协办', coHandler, button('加入协办', 'action-co-handle', () => {
        const [kind, value] = coHandler.value.split(':', 2);
        return send('co-handlers', kind === 'dept' ? { department: value, reason: text() } : { responderId: value, reason: text() });
      })));
      box.append(el('div', { class: 'row' }, button('督办', 'action-urge', () => send('urge', { note: text() })),
        button('作废', 'action-cancel', () => send('cancel', { reason: text() }))));
    }
    if (i.status === 'Resolved') {
      const reached = el('select', { 'data-testid': 'call-back-reached' }, el('option', { value: 'true' }, '已接通'), el('option', { value: 'false' }, '未接通'));
      const satisfaction = el('select', { 'data-testid': 'close-satisfaction' }, ...[5, 4, 3, 2, 1].map((n) => el('option', { value: n }, `满意度 ${n}`)));
      box.append(el('div', { class: 'row' }, '回访', reached, button('记录回访', 'action-call-back', () =>
        send('call-back', { reached: reached.value === 'true', notes: text() }))));
      box.append(el('div', { class: 'row' }, '销号', satisfaction, button('销号', 'action-close', () => send('close', { satisfaction: Number(satisfaction.value) }))));
    }
    if (i.status === 'Resolved' || i.status === 'Closed') box.append(el('div', { class: 'row' }, button('重办', 'action-reopen', () => send('reopen', { reason: text() }))));
    return box;
  }

  private fill(assign: HTMLSelectElement, coHandler: HTMLSelectElement, list: RankedResponder[]): void {
    const label = (c: RankedResponder) => `${c.responder.name}${c.eligible ? '' : c.qualified ? '（满员/休息）' : '（不对口）'} · ${c.distanceKm === null ? '—' : c.distanceKm.toFixed(1) + ' km'} · 在办 ${c.responder.load}/${c.responder.capacity}`;
    assign.replaceChildren(...list.map((c) => el('option', { value: c.responder.id }, label(c))));
    const departments = [...new Set(list.map((c) => c.responder.department).filter((d): d is string => !!d))];
    coHandler.replaceChildren(
      ...departments.map((d) => el('option', { value: `dept:${d}` }, `部门 ${list.find((c) => c.responder.department === d)?.responder.name ?? d}`)),
      ...list.filter((c) => c.responder.id !== this.incident?.responderId).map((c) => el('option', { value: `resp:${c.responder.id}` }, label(c))));
  }

  private async send(action: IncidentAction, body: Record<string, unknown>): Promise<void> {
    const i = this.incident;
    if (!i) return;
    this.loading++;
    setText(this.status, '提交中…');
    try {
      this.show(await act(i.id, action, i.version, body));
      setText(this.status, '已提交');
    } catch (e) {
      if (e instanceof StaleIncident) {
        if (e.incident) this.show(e.incident);
        setText(this.status, '该事件刚被他人更新，已显示最新状态，请确认后重新操作');
      } else {
        setText(this.status, errorMessage(e));
      }
    } finally {
      this.loading--;
    }
  }
}
