// 我的工单 (/handheld/orders.html): a responder's live work orders from the hub's WatchWork(),
// with 接单 (or 拒单 with a reason) / 到场 / 完成 according to each incident's status, a 上班/下班 switch,
// and the phone's position sent while an order is 赶往现场. 完成 asks once more before it closes the
// job; cards keep the place they first got (no jumping under the thumb); 导航 offers 高德 and 百度 and
// the plain coordinates, 查看地图 the place on a small map (map/order-map.ts). Without a signal the page shows the work last seen online, and 接单 / 到场 /
// 完成 wait in the outbox (src/offline) until the signal returns; the card shows them as done, 待发送.
import { api, ApiError, errorMessage, httpClockOffset, request } from '../api';
import { wireLogout } from '../auth';
import { onBlinkBeat } from '../blink';
import { countdown, formatShortTime, setServerOffset } from '../clock';
import { byId, el, reconcile, setAttr, setText, toggleClass } from '../dom';
import { LiveConnection } from '../hub';
import { categoryLabel, connectionLabels, incidentSeverityLabel, incidentStatusLabel, responderStatusLabel, type ConnectionState } from '../labels';
import { newUuid } from '../ids';
import { OrderMap } from '../map/order-map';
import type { OutboxKind } from '../offline/outboxEntry';
import { startHandheld } from '../offline/register';
import { requireSessionOffline } from '../offline/session';
import { readThrough, recall, remember } from '../offline/work';
import type { ReporterContact } from '../commands';
import { photoPicker } from '../photoPicker';
import { declineReasons, sendCheckIn, sendDecline, sendDuty, sendPosition, watchPosition } from '../responderActions';
import { LoginRedirect } from '../token';
import type { CallOut, CellRow, Incident, IncidentStatus, Responder, WorkOrder, WorkOrderWithdrawal, WorkSnapshot } from '../types';

type Step = 'ack' | 'arrive' | 'resolve' | 'done';

/** The outbox's kind for a step, and the status the incident has once the server took it. */
const STEP_KIND: Record<Exclude<Step, 'done'>, OutboxKind> = { ack: 'acknowledge', arrive: 'arrive', resolve: 'resolve' };
const STATUS_AFTER: Partial<Record<OutboxKind, IncidentStatus>> = { acknowledge: 'Acknowledged', arrive: 'OnSite', resolve: 'Resolved' };

const DONE: IncidentStatus[] = ['Resolved', 'Closed', 'Cancelled', 'Merged'];

/** A lamp work order: lamps on it, or a 路灯 whistle (as the server tells them apart for the 处置后 photo). */
export function isLampWork(order: WorkOrder): boolean {
  return order.lamps.length > 0 || order.category === 'lighting';
}

/** What the responder can do next for an incident in this status. */
export function nextStep(status: IncidentStatus): Step {
  switch (status) {
    case 'Acknowledged': return 'arrive';
    case 'OnSite': return 'resolve';
    case 'Resolved': case 'Closed': case 'Cancelled': case 'Merged': return 'done';
    default: return 'ack';
  }
}

/**
 * Map apps that work on Chinese phones, by web URI (opens the app when installed, else the web map); WGS-84 from GPS.
 * First a geo: URI, which the phone hands to whatever map app it has, offline maps included (no internet needed).
 */
export function navigationLinks(lat: number, lon: number, title: string): { label: string; href: string }[] {
  const name = encodeURIComponent(title);
  return [
    { label: '本机地图', href: `geo:${lat},${lon}?q=${lat},${lon}(${name})` },
    { label: '高德地图', href: `https://uri.amap.com/marker?position=${lon},${lat}&name=${name}&coordinate=wgs84&callnative=1` },
    { label: '百度地图', href: `https://api.map.baidu.com/marker?location=${lat},${lon}&title=${name}&content=${name}&output=html&coord_type=wgs84&src=webapp.griddispatch` },
  ];
}

/** "益门社区·三组三邻": the cell under its village (the village alone when the cell is the village). */
export function cellWithVillage(rows: CellRow[]): Map<string, string> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const names = new Map<string, string>();
  for (const r of rows) {
    let village: CellRow | undefined = r;
    for (let depth = 0; village && village.level !== 'Village' && depth < 8; depth++) village = village.parent ? byId.get(village.parent) : undefined;
    names.set(r.id, village && village !== r ? `${village.name}·${r.name}` : r.name);
  }
  return names;
}

/** Lamps a card names; more are counted. */
const LAMPS_LISTED = 6;

/** "涉及路灯 3 盏：石门路12号杆、…": lamps by road and pole number, never by id (a lamp not yet named is counted only). */
export function lampsLine(lamps: readonly string[], names: ReadonlyMap<string, string>): string {
  const named = lamps.slice(0, LAMPS_LISTED).map((id) => names.get(id)).filter((n): n is string => !!n);
  const more = lamps.length > named.length ? (named.length ? ' 等' : '') : '';
  return `涉及路灯 ${lamps.length} 盏${named.length ? '：' + named.join('、') : ''}${more}`;
}

interface Card {
  root: HTMLElement;
  signature: string;
  deadline: HTMLElement | null;
  error: HTMLElement | null;
  note: HTMLTextAreaElement | null;
  /** Until when a first tap on 完成 waits for the second (0: not asked); kept when the card is rebuilt. */
  confirmUntil: number;
  /** Photos taken for the next step (到场, 处置前, 处置后), kept when the card is rebuilt until the step is queued. */
  photos: Partial<Record<PhotoSlot, string>>;
}

type PhotoSlot = 'arrival' | 'before' | 'after';

async function main(): Promise<void> {
  wireLogout();
  onBlinkBeat(); // an emergency's card and a call-out flash
  const me = await requireSessionOffline();
  const offset = httpClockOffset();
  if (offset !== null) setServerOffset(offset);
  const responderId = me.responderId;
  const list = byId('orders');
  const summary = byId('orders-summary');
  if (!responderId) {
    list.replaceChildren(el('p', { class: 'empty' }, '该账号不是处置人员，没有工单。'));
    document.body.dataset.ready = 'true';
    return;
  }
  setText(byId('user'), me.displayName || me.name);
  const outbox = await startHandheld(me);

  let responder: Responder | null = null;
  const orders = new Map<string, WorkOrder>();
  const incidents = new Map<string, Incident>();
  const cards = new Map<string, HTMLElement>();
  const parts = new WeakMap<HTMLElement, Card>();
  const busy = new Set<string>();
  const cellNames = new Map<string, string>();
  const loadedTownships = new Set<string>();
  /** The phone's last fix while 赶往现场 (sent to the server too). */
  let lastFix: { lat: number; lon: number } | null = null;
  const orderMap = new OrderMap(byId('order-map-sheet'), byId('order-map-title'), byId('order-map-note'), byId('order-map'), byId('order-map-close'),
    () => lastFix ?? (responder?.lat != null && responder.lon != null ? { lat: responder.lat, lon: responder.lon } : null));

  const loadCellNames = (township: string) => {
    if (loadedTownships.has(township)) return;
    loadedTownships.add(township);
    readThrough(me.name, `cells:${township}`, () => api.cells(township)).then((rows: CellRow[]) => {
      for (const [id, name] of cellWithVillage(rows)) cellNames.set(`${township}/${id}`, name);
      render();
    }).catch(() => undefined);
  };

  // lamps by road and pole number (石门路12号杆), asked once each for the lamps a card lists
  const lampNames = new Map<string, string>();
  const askedLamps = new Set<string>();
  const loadLampNames = (ids: readonly string[]) => {
    const missing = ids.slice(0, LAMPS_LISTED).filter((id) => !askedLamps.has(id));
    if (missing.length === 0) return;
    for (const id of missing) askedLamps.add(id);
    void Promise.all(missing.map((id) => api.lamp(id).then((l) => { if (l?.name) lampNames.set(id, l.name); }).catch(() => undefined)))
      .then(() => render());
  };

  // 联系上报人: the server gives the number only to the holder of an open order; asked once a card, kept in
  // memory only (never on the phone's storage), asked again after a failure for want of a signal
  const reporters = new Map<string, ReporterContact | null>();
  const askReporter = (incidentId: string) => {
    if (reporters.has(incidentId)) return;
    reporters.set(incidentId, null);
    request<ReporterContact>('GET', `/api/incidents/${encodeURIComponent(incidentId)}/reporter`).then((r) => { reporters.set(incidentId, r); render(); })
      .catch((e: unknown) => { if (e instanceof ApiError && e.status === 0) reporters.delete(incidentId); });
  };

  /** A step still in the outbox counts as taken: the card offers the next one. */
  const statusOf = (id: string): IncidentStatus => {
    const pending = outbox.pendingStep(id);
    return (pending && STATUS_AFTER[pending]) || (incidents.get(id)?.status ?? 'Dispatched');
  };

  /** The work orders plus any open incident of ours the server sent without one. */
  const items = (): WorkOrder[] => {
    const all = new Map(orders);
    for (const i of incidents.values()) {
      if (all.has(i.id) || i.responderId !== responderId || DONE.includes(i.status)) continue;
      all.set(i.id, {
        incidentId: i.id, responderId, township: i.township, title: i.title, category: i.category, severity: i.severity,
        cell: i.cell, lat: i.lat, lon: i.lon, offeredAt: i.reportedAt, acknowledgeBy: i.respondBy ?? '', resolveBy: i.resolveBy, lamps: [],
      });
    }
    // a card keeps the place it got when it first came (emergencies first, then by offer time): a
    // status change never moves the card the responder is about to tap
    const urgent = (o: WorkOrder) => (o.severity === 'Emergency' ? 0 : 1);
    const arriving = [...all.values()].filter((o) => !placed.has(o.incidentId))
      .sort((a, b) => urgent(a) - urgent(b) || a.offeredAt.localeCompare(b.offeredAt));
    for (const o of arriving) placed.set(o.incidentId, placed.size);
    return [...all.values()].sort((a, b) => placed.get(a.incidentId)! - placed.get(b.incidentId)!);
  };
  /** The slot each card got when it first came. */
  const placed = new Map<string, number>();

  /** One action on a card at a time: its buttons wait, a failure shows on the card, which is drawn again after. */
  const onCard = async (order: WorkOrder, card: Card, work: () => Promise<void>) => {
    if (busy.has(order.incidentId)) return;
    busy.add(order.incidentId);
    for (const b of card.root.querySelectorAll('button')) b.disabled = true;
    try {
      await work();
    } catch (e) {
      if (e instanceof LoginRedirect) return;
      if (card.error) setText(card.error, errorMessage(e));
    } finally {
      busy.delete(order.incidentId);
      for (const b of card.root.querySelectorAll('button')) b.disabled = false;
      render();
    }
  };

  const act = (order: WorkOrder, step: Step, card: Card) => onCard(order, card, async () => {
    if (card.error) setText(card.error, '');
    if (step === 'done') return;
    const body: Record<string, unknown> = { responderId, incidentId: order.incidentId };
    if (step === 'arrive' && card.photos.arrival) body.photo = card.photos.arrival;
    if (step === 'resolve') {
      body.note = card.note?.value.trim() ?? '';
      if (card.photos.before) body.before = card.photos.before;
      if (card.photos.after) body.after = card.photos.after;
      // the server refuses 完成 of a lamp order without it: asked here, before it waits in the outbox
      if (!card.photos.after && me.lampPhotoRequired && isLampWork(order)) {
        if (card.error) setText(card.error, '路灯工单完成时须附处置后照片，请先拍照');
        return;
      }
    }
    const label = `${{ ack: '接单', arrive: '到场', resolve: '完成' }[step]}：${incidents.get(order.incidentId)?.title || order.title || order.incidentId}`;
    const outcome = await outbox.submit(STEP_KIND[step], newUuid(), body, label, order.incidentId);
    card.photos = {};
    const incident = outcome.sent ? outcome.reply : null;
    if (incident && typeof incident === 'object' && 'title' in incident) incidents.set(incident.id, incident as Incident);
  });

  /** 拒单: a reason picker (its own words for 其他) and one confirming tap; the order then goes to someone else. */
  const declineControls = (order: WorkOrder, card: Card): HTMLElement => {
    const open = el('button', { type: 'button', class: 'big plain', 'data-testid': 'order-decline' }, '拒单');
    const reason = el('select', { class: 'order-decline-reason', 'data-testid': 'order-decline-reason', 'aria-label': '拒单原因' },
      ...declineReasons.map((r) => el('option', { value: r }, r)));
    const own = el('input', { type: 'text', class: 'order-decline-text', maxlength: 200, placeholder: '请填写原因', hidden: true, 'data-testid': 'order-decline-text' });
    const confirm = el('button', { type: 'button', class: 'big danger', 'data-testid': 'order-decline-confirm' }, '确认拒单');
    const form = el('div', { class: 'order-decline-form', hidden: true }, reason, own, confirm);
    reason.addEventListener('change', () => { own.hidden = reason.value !== '其他'; });
    open.addEventListener('click', () => { form.hidden = !form.hidden; });
    confirm.addEventListener('click', () => {
      const text = reason.value === '其他' ? own.value.trim() : reason.value;
      if (!text) {
        if (card.error) setText(card.error, '请填写拒单原因');
        return;
      }
      void decline(order, text, card);
    });
    return el('div', { class: 'order-decline' }, open, form);
  };

  const decline = (order: WorkOrder, reason: string, card: Card) => onCard(order, card, async () => {
    await sendDecline(responderId, order.incidentId, reason, newUuid());
    // the order is no longer ours: the hub's withdrawal says so too, this is only quicker
    orders.delete(order.incidentId);
    incidents.delete(order.incidentId);
  });

  /** 查看地图: the order's place (and mine) on the small map, loaded the first time it is asked for. */
  const mapButton = (title: string, target: { lat: number; lon: number }) => {
    const button = el('button', { type: 'button', class: 'order-map-open', 'data-testid': 'order-map-open' }, '查看地图');
    button.addEventListener('click', () => void orderMap.show(title, target));
    return button;
  };

  const build = (card: Card, order: WorkOrder) => {
    const status = statusOf(order.incidentId);
    const step = nextStep(status);
    const incident = incidents.get(order.incidentId);
    const cell = cellNames.get(`${order.township}/${order.cell}`) ?? order.cell;
    if (step !== 'done') askReporter(order.incidentId);
    const reporter = reporters.get(order.incidentId);
    const deadline = el('div', { class: 'order-deadline' });
    const error = el('p', { class: 'order-error', role: 'alert' });
    let note: HTMLTextAreaElement | null = null;
    const actions = el('div', { class: 'order-actions' });
    const picker = (slot: PhotoSlot, label: string) =>
      photoPicker(label, `order-photo-${slot}`, card.photos[slot] ?? null, (url) => {
        if (url) card.photos[slot] = url;
        else delete card.photos[slot];
      }).root;
    const button = (testid: string, label: string, kind: Step, cls: string) => {
      const b = el('button', { type: 'button', class: `big ${cls}`, 'data-testid': testid }, label);
      b.addEventListener('click', () => void act(order, kind, card));
      return b;
    };
    if (step === 'ack') actions.append(button('order-ack', '接单', 'ack', 'primary'), declineControls(order, card));
    else if (step === 'arrive') actions.append(picker('arrival', '到场照片（可选）'), button('order-arrive', '到场', 'arrive', 'primary'));
    else if (step === 'resolve') {
      note = el('textarea', { class: 'order-note', rows: 2, maxlength: 500, placeholder: '处置说明（可选）', 'data-testid': 'order-note' });
      // 完成 closes the job for good: the first tap asks, the second (within 8 s) confirms
      const done = el('button', { type: 'button', class: 'big success', 'data-testid': 'order-resolve' }, '完成');
      const cancel = el('button', { type: 'button', class: 'big plain', hidden: true, 'data-testid': 'order-resolve-cancel' }, '取消');
      let timer = 0;
      const reset = () => {
        clearTimeout(timer);
        card.confirmUntil = 0;
        done.dataset.confirm = '';
        setText(done, '完成');
        cancel.hidden = true;
      };
      const ask = () => {
        done.dataset.confirm = 'true';
        setText(done, '确认完成？再点一次');
        cancel.hidden = false;
        clearTimeout(timer);
        timer = window.setTimeout(reset, card.confirmUntil - Date.now());
      };
      done.addEventListener('click', () => {
        if (done.dataset.confirm === 'true') {
          reset();
          void act(order, 'resolve', card);
          return;
        }
        card.confirmUntil = Date.now() + 8000;
        ask();
      });
      // a rebuild (a title, a lamp's name or a status arriving) must not swallow a first tap
      if (card.confirmUntil > Date.now()) ask();
      cancel.addEventListener('click', reset);
      const afterLabel = me.lampPhotoRequired && isLampWork(order) ? '处置后照片（必拍）' : '处置后照片（可选）';
      actions.append(note, el('div', { class: 'order-photos' }, picker('before', '处置前照片（可选）'), picker('after', afterLabel)), done, cancel);
    } else {
      actions.appendChild(el('p', { class: 'order-done' }, `✓ ${incidentStatusLabel(status)}${incident?.resolvedAt ? ' ' + formatShortTime(incident.resolvedAt) : ''}`));
    }
    const title = incident?.title || order.title || cell;
    const where = order.lat !== null && order.lon !== null
      ? el('div', { class: 'order-nav' },
        ...navigationLinks(order.lat, order.lon, title).map((l) => el('a', { class: 'order-map', href: l.href, target: '_blank', rel: 'noopener', 'data-testid': 'order-nav' }, `导航·${l.label}`)),
        el('span', { class: 'order-coords', title: '若地图打不开，可把坐标发给同事或输入地图' }, `坐标 ${order.lat.toFixed(5)}, ${order.lon.toFixed(5)}`),
        mapButton(title, { lat: order.lat, lon: order.lon }))
      : null;
    const children: (Node | null)[] = [
      el('div', { class: 'order-top' },
        el('span', { class: 'sev', 'data-severity': incident?.severity ?? order.severity }, incidentSeverityLabel(incident?.severity ?? order.severity)),
        el('span', { class: 'cat' }, categoryLabel(order.category)),
        el('span', { class: 'order-status' }, incidentStatusLabel(status))),
      el('h2', { class: 'order-title' }, incident?.title || order.title || order.incidentId),
      incident?.number ? el('div', { class: 'order-number', 'data-testid': 'order-number' }, `受理编号 ${incident.number}`) : null,
      el('div', { class: 'order-meta' }, el('span', { 'data-testid': 'order-cell' }, `网格：${cell}`)),
      where,
      order.lamps.length ? el('div', { class: 'order-lamps', 'data-testid': 'order-lamps' }, lampsLine(order.lamps, lampNames)) : null,
      step !== 'done' && reporter?.phone
        ? el('a', { class: 'order-call', href: `tel:${reporter.phone.replace(/[^\d+]/g, '')}`, 'data-testid': 'order-call' }, `📞 联系上报人${reporter.name ? ' ' + reporter.name : ''} ${reporter.phone}`)
        : null,
      incident && incident.escalations > 0 ? el('div', { class: 'order-escalated' }, '⬆ 已升级') : null,
      deadline,
      outbox.pendingStep(order.incidentId) ? el('p', { class: 'order-pending', 'data-testid': 'order-pending' }, '已保存在手机上，有信号后自动发送') : null,
      actions,
      error];
    card.root.replaceChildren(...children.filter((c): c is Node => c !== null));
    card.deadline = deadline;
    card.error = error;
    card.note = note;
    toggleClass(card.root, 'done', step === 'done');
    toggleClass(card.root, 'emergency', (incident?.severity ?? order.severity) === 'Emergency' && step !== 'done');
  };

  const updateDeadline = (card: Card, order: WorkOrder) => {
    if (!card.deadline) return;
    const status = statusOf(order.incidentId);
    const step = nextStep(status);
    if (step === 'done') {
      setText(card.deadline, '');
      return;
    }
    const incident = incidents.get(order.incidentId);
    const c = step === 'ack'
      ? countdown(order.acknowledgeBy || incident?.respondBy, '接单')
      : countdown(incident?.resolveBy ?? order.resolveBy, '办结');
    setText(card.deadline, c ? c.text : '');
    toggleClass(card.deadline, 'overdue', !!c?.overdue);
    toggleClass(card.deadline, 'soon', !!c?.soon);
  };

  function render(): void {
    const all = items();
    reconcile(list, cards, all, (o) => o.incidentId,
      (o) => {
        const root = el('article', { class: 'order-card', 'data-testid': 'order-card', 'data-incident-id': o.incidentId });
        parts.set(root, { root, signature: '', deadline: null, error: null, note: null, confirmUntil: 0, photos: {} });
        return root;
      },
      (root, o) => {
        const card = parts.get(root)!;
        const incident = incidents.get(o.incidentId);
        loadLampNames(o.lamps);
        const signature = JSON.stringify([o, outbox.pendingStep(o.incidentId), incident?.status, incident?.severity, incident?.title, incident?.escalations, incident?.resolvedAt,
          cellNames.get(`${o.township}/${o.cell}`) ?? null, o.lamps.slice(0, LAMPS_LISTED).map((id) => lampNames.get(id) ?? null), reporters.get(o.incidentId)?.phone ?? null]);
        setAttr(root, 'data-status', statusOf(o.incidentId));
        setAttr(root, 'data-urges', urges.has(o.incidentId) ? String(urges.get(o.incidentId)!.count) : null);
        if (signature !== card.signature && !busy.has(o.incidentId)) {
          const keptNote = card.note?.value ?? '';
          card.signature = signature;
          build(card, o);
          if (card.note && keptNote) card.note.value = keptNote;
        }
        updateDeadline(card, o);
      });
    const open = all.filter((o) => nextStep(statusOf(o.incidentId)) !== 'done').length;
    byId('orders-empty').hidden = all.length > 0;
    setText(summary, `待办 ${open} 件${responder ? ` · 我的状态：${responderStatusLabel(responder.status)}` : ''}${liveSeen ? '' : ' · 无信号，显示上次同步的工单'}`);
    if (liveSeen) keepWork();
    renderDuty();
    followPosition(all.some((o) => statusOf(o.incidentId) === 'Acknowledged'));
  }

  /** The hub's snapshot arrived (else the page shows the work kept from the last time online). */
  let liveSeen = false;
  function applySnapshot(s: WorkSnapshot): void {
    responder = s.responder ?? null;
    orders.clear();
    incidents.clear();
    for (const o of s.workOrders ?? []) {
      orders.set(o.incidentId, o);
      loadCellNames(o.township);
    }
    for (const i of s.incidents ?? []) incidents.set(i.id, i);
    showCallOut(s.callOut ?? null, !callOut && !!s.callOut);
    if (responder) setText(byId('user'), `${responder.name}`);
    render();
    document.body.dataset.ready = 'true';
  }
  let shownKept = false;
  const showKept = async () => {
    if (shownKept) return;
    shownKept = true;
    const kept = await recall<WorkSnapshot>(me.name, 'work');
    if (kept && !liveSeen) applySnapshot(kept);
  };
  // the work as it now is, kept for reading offline (at most once a second)
  let keepTimer = 0;
  const keepWork = () => {
    if (keepTimer) return;
    keepTimer = window.setTimeout(() => {
      keepTimer = 0;
      const work = { responder, workOrders: [...orders.values()], incidents: [...incidents.values()] };
      void remember(me.name, 'work', work).then((kept) => {
        if (kept) document.body.dataset.workKept = String(work.workOrders.length);
      });
    }, 1000);
  };
  outbox.onChange(() => render());
  outbox.onSent((_, reply) => {
    if (reply && typeof reply === 'object' && 'title' in reply) incidents.set(reply.id, reply as Incident);
  });

  // 上班 / 下班: off duty, no work is offered; the server refuses 下班 while orders are still held
  const duty = el('button', { type: 'button', class: 'big plain duty-toggle', 'data-testid': 'duty-toggle', hidden: true });
  const dutyError = el('p', { class: 'order-error', role: 'alert', 'data-testid': 'duty-error' });
  summary.after(duty, dutyError);
  let dutyBusy = false;
  const renderDuty = () => {
    duty.hidden = !responder;
    if (!responder) return;
    const onDuty = responder.status !== 'OffDuty';
    setText(duty, onDuty ? '下班（暂停接单）' : '上班（开始接单）');
    setAttr(duty, 'data-on-duty', String(onDuty));
  };
  duty.addEventListener('click', () => void switchDuty());
  const switchDuty = async () => {
    if (!responder || dutyBusy) return;
    dutyBusy = true;
    duty.disabled = true;
    setText(dutyError, '');
    try {
      const reply = await sendDuty(responderId, responder.status === 'OffDuty', newUuid());
      responder = { ...responder, status: reply.status as Responder['status'] };
    } catch (e) {
      if (e instanceof LoginRedirect) return;
      setText(dutyError, errorMessage(e));
    } finally {
      dutyBusy = false;
      duty.disabled = false;
      render();
    }
  };

  // 报到: an emergency call-out shows as a banner above everything (and vibrates); one tap reports in
  let callOut: CallOut | null = null;
  const callOutBanner = el('section', { class: 'callout-banner', role: 'alert', hidden: true, 'data-testid': 'callout-banner' });
  summary.before(callOutBanner);
  const showCallOut = (c: CallOut | null, fresh: boolean) => {
    callOut = c;
    callOutBanner.hidden = !c;
    if (!c) return;
    if (fresh && !c.checkedInAt) navigator.vibrate?.([400, 150, 400, 150, 400]);
    const title = el('strong', {}, `应急状态：请立即报到${c.reason ? ' — ' + c.reason : ''}`);
    const done = c.checkedInAt
      ? el('p', { class: 'callout-done', 'data-testid': 'callout-done' }, `✓ 已报到 ${formatShortTime(c.checkedInAt)}`)
      : null;
    const report = c.checkedInAt ? null : el('button', { type: 'button', class: 'big danger wide', 'data-testid': 'callout-checkin' }, '报到');
    const error = el('p', { class: 'order-error', role: 'alert' });
    report?.addEventListener('click', () => void checkIn(c, report, error));
    callOutBanner.replaceChildren(...[title, done, report, error].filter((n): n is HTMLElement => n !== null));
  };
  const checkIn = async (c: CallOut, button: HTMLButtonElement, error: HTMLElement) => {
    button.disabled = true;
    try {
      await sendCheckIn(c.township, newUuid());
      showCallOut({ ...c, checkedInAt: new Date().toISOString() }, false);
    } catch (e) {
      if (e instanceof LoginRedirect) return;
      button.disabled = false;
      setText(error, errorMessage(e));
    }
  };

  // 赶往现场: the phone's position, throttled here and by the server, moves the responder on the big screen
  let stopWatching: (() => void) | null = null;
  const followPosition = (enRoute: boolean) => {
    if (enRoute && !stopWatching) {
      stopWatching = watchPosition((lat, lon) => {
        lastFix = { lat, lon };
        sendPosition(responderId, lat, lon, newUuid()).catch(() => undefined);
      });
    } else if (!enRoute && stopWatching) {
      stopWatching();
      stopWatching = null;
    }
  };

  const connection = byId('connection');
  const setState = (state: ConnectionState) => {
    setText(connection, connectionLabels[state]);
    setAttr(connection, 'data-state', state);
  };

  // 督办: the latest urge per order, shown as a notice above the orders (and counted on the card)
  const urges = new Map<string, { count: number; note: string | null; by: string }>();
  const urgeNotice = el('p', { class: 'urge-notice', role: 'alert', 'data-testid': 'urge-notice', hidden: true });
  list.before(urgeNotice);

  const live = new LiveConnection<WorkSnapshot>({
    deltas: {
      workOrderUrged: (batch) => {
        for (const u of batch as { incidentId: string; count: number; note: string | null; by: string }[]) {
          urges.set(u.incidentId, u);
          navigator.vibrate?.([200, 100, 200]);
          urgeNotice.hidden = false;
          setText(urgeNotice, `指挥中心督办（第 ${u.count} 次）：${orders.get(u.incidentId)?.title ?? u.incidentId}${u.note ? ' — ' + u.note : ''}`);
        }
        render();
      },
      workOrderOffered: (batch) => {
        for (const o of batch as WorkOrder[]) {
          if (!orders.has(o.incidentId)) navigator.vibrate?.(200);
          orders.set(o.incidentId, o);
          loadCellNames(o.township);
        }
        render();
      },
      workOrderWithdrawn: (batch) => {
        for (const w of batch as WorkOrderWithdrawal[]) {
          orders.delete(w.incidentId);
          const i = incidents.get(w.incidentId);
          if (i && i.responderId === responderId && !DONE.includes(i.status)) incidents.delete(w.incidentId);
        }
        render();
      },
      incidentChanged: (batch) => {
        for (const i of batch as Incident[]) incidents.set(i.id, i);
        render();
      },
      reportCalled: (batch) => {
        const latest = (batch as CallOut[]).at(-1);
        if (latest) showCallOut(latest, true);
      },
      responderChanged: (batch) => {
        for (const r of batch as Responder[]) if (r.id === responderId) responder = r;
        render();
      },
    },
    subscribe: (c) => c.invoke<WorkSnapshot>('WatchWork'),
    onSnapshot: (s) => {
      liveSeen = true;
      applySnapshot(s);
    },
    onState: (state) => {
      setState(state);
      // no hub (no signal): the work kept from the last time online, until the hub's snapshot replaces it
      if ((state === 'reconnecting' || state === 'disconnected') && !liveSeen) void showKept();
    },
    onFatal: (message) => {
      setState('disconnected');
      list.replaceChildren(el('p', { class: 'empty' }, /[\u4e00-\u9fff]/.test(message) ? `无法获取工单：${message}` : '暂时无法获取工单，请稍后刷新页面'));
    },
  });

  window.setInterval(() => {
    for (const [id, root] of cards) {
      const card = parts.get(root);
      const order = orders.get(id) ?? items().find((o) => o.incidentId === id);
      if (card && order) updateDeadline(card, order);
    }
  }, 1000);

  if (!navigator.onLine) void showKept();
  await live.start();
}

main().catch((e) => {
  if (e instanceof LoginRedirect) return;
  console.error(e);
  const list = document.getElementById('orders');
  if (list) list.textContent = errorMessage(e);
});
