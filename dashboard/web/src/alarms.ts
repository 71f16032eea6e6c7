// The live alarm feed: open emergency incidents pinned on top, then the open lamp alarms, newest
// first, capped at 200 rows. LEAKAGE alarms and emergency incidents flash and beep (when sound is on).
// One fault, one line (alarmGroups.ts): the alarms of one work order, or of lamps silent on one feeder,
// are one row with a count and the incident's 受理编号; an emergency raised by a lamp is not pinned again.
import { onBlinkBeat } from './blink';
import { formatShortTime, parseTime } from './clock';
import { el, reconcile, setAttr, setClippedText, setText, toggleClass } from './dom';
import { alarmSeverityLabel, categoryLabel, faultLabel, feederLabel, incidentStatusLabel } from './labels';
import type { Beeper } from './sound';
import { feedRows, type FeedRow } from './alarmGroups';
import { cellKey, isOpen, type Changes, type LiveStore } from './store';
import type { Incident } from './types';

export const FEED_LIMIT = 200;
/** How long a new row keeps its highlight. */
const FRESH_MS = 2000;

export class AlarmFeed {
  private readonly alarmRows = new Map<string, HTMLLIElement>();
  private readonly emergencyRows = new Map<string, HTMLLIElement>();
  private readonly fresh = new Set<string>();
  /** Rows still highlighted as new, with when they were made (the highlight goes on the page's beat). */
  private readonly freshSince = new Map<HTMLLIElement, number>();

  constructor(
    private readonly list: HTMLElement,
    private readonly emergencyList: HTMLElement,
    private readonly counter: HTMLElement,
    private readonly store: LiveStore,
    private readonly beeper: Beeper,
    private readonly onPick: (lat: number | null, lon: number | null) => void,
  ) {
    onBlinkBeat(() => this.fadeFreshRows());
    list.addEventListener('click', (e) => {
      const row = (e.target as Element).closest('[data-lamp-id]');
      const lamp = row && this.store.lamps.get(row.getAttribute('data-lamp-id') ?? '');
      if (lamp) this.onPick(lamp.lat, lamp.lon);
    });
    emergencyList.addEventListener('click', (e) => {
      const row = (e.target as Element).closest('[data-incident-id]');
      const incident = row && this.store.incidents.get(row.getAttribute('data-incident-id') ?? '');
      if (incident) this.onPick(incident.lat, incident.lon);
    });
  }

  update(changes: Changes): void {
    if (!changes.snapshot) {
      if (changes.raised.some((a) => a.code === 'LEAKAGE')) this.beeper.beep('leak');
      else if (changes.emergencies.length > 0) this.beeper.beep('emergency');
      for (const a of changes.raised) this.fresh.add(a.alarmId);
    }
    if (changes.snapshot || changes.alarms || changes.incidents.size > 0) this.renderAlarms();
    if (changes.snapshot || changes.incidents.size > 0 || changes.alarms) this.renderEmergencies();
    this.fresh.clear();
  }

  private openIncidents(): Incident[] {
    const open: Incident[] = [];
    for (const i of this.store.incidents.values()) if (isOpen(i)) open.push(i);
    return open;
  }

  private renderAlarms(): void {
    const all = feedRows(this.store.newestAlarms(this.store.alarms.size), this.store.lamps, this.openIncidents());
    const rows = all.slice(0, FEED_LIMIT);
    reconcile(this.list, this.alarmRows, rows, (r) => r.key, (r) => this.createAlarmRow(r), (row, r) => this.updateAlarmRow(row, r));
    const total = this.store.alarms.size;
    const grouped = all.length < total ? ` · ${all.length} 起` : '';
    setText(this.counter, all.length > FEED_LIMIT ? `${total} 条${grouped}（显示最新 ${FEED_LIMIT} 起）` : `${total} 条${grouped}`);
    toggleClass(this.list, 'empty', total === 0);
  }

  private createAlarmRow(r: FeedRow): HTMLLIElement {
    const a = r.alarm;
    const row = el('li', { class: 'alarm-row', 'data-testid': 'alarm-row', 'data-alarm-id': a.alarmId, 'data-lamp-id': a.lampId },
      el('span', { class: 'alarm-time' }),
      el('span', { class: 'alarm-severity' }),
      el('span', { class: 'alarm-code' }),
      el('span', { class: 'alarm-where' }),
      el('span', { class: 'alarm-state' }));
    if (this.fresh.has(a.alarmId)) {
      row.classList.add('fresh');
      this.freshSince.set(row, performance.now());
    }
    return row;
  }

  private fadeFreshRows(): void {
    const now = performance.now();
    for (const [row, since] of this.freshSince) {
      if (now - since < FRESH_MS && row.isConnected) continue;
      row.classList.remove('fresh');
      this.freshSince.delete(row);
    }
  }

  private updateAlarmRow(row: HTMLLIElement, r: FeedRow): void {
    const a = r.alarm;
    const [time, severity, code, where, state] = row.children as unknown as HTMLElement[];
    setText(time!, formatShortTime(a.raisedAt));
    setText(severity!, alarmSeverityLabel(r.severity));
    setAttr(severity!, 'data-severity', r.severity);
    setText(code!, faultLabel(a.code));
    const lamp = this.store.lamps.get(a.lampId);
    const village = lamp?.village ? this.store.cellName(a.township, lamp.village) : this.villageName(a.township, a.cell);
    // a lamp by road and pole number; its id only in the hover text, where a technician may need it
    const what = r.count > 1 ? `${r.count} 盏${r.feeder ? ` · 回路 ${feederLabel(a.township, r.feeder)}` : ''}` : (lamp?.name ?? '路灯');
    setText(where!, `${what}${village ? ' · ' + village : ''}`);
    setAttr(where!, 'title', r.count > 1 ? `${r.count} 盏同时告警，按一起故障处理` : `${what}${village ? ' · ' + village : ''}（编号 ${a.lampId}）`);
    // A grouped row shows its newest alarm: the row names that alarm and lamp (what a click picks, what a probe waits for).
    setAttr(row, 'data-alarm-id', a.alarmId);
    setAttr(row, 'data-lamp-id', a.lampId);
    setAttr(row, 'data-count', String(r.count));
    setAttr(row, 'data-incident-id', r.incident?.id ?? null);
    setAttr(row, 'data-number', r.incident?.number ?? null);
    const late = this.store.late.has(a.alarmId);
    // the incident's 受理编号 and stage, on the row's second line: whole, as it is read out over the phone
    const handled = r.incident ? `${r.incident.number ?? '已立案'} · ${incidentStatusLabel(r.incident.status)}`
      : a.suppressed ? '检修中 · 已抑制' : (a.acknowledgedAt ? '已确认' : '未确认');
    setText(state!, handled + (late ? ' · 迟到' : ''));
    setAttr(state!, 'title', late ? '网络或集群切换期间未实时收到，重新同步后补报' : null);
    setAttr(row, 'data-late', late ? 'true' : 'false');
    toggleClass(row, 'late', late);
    setAttr(row, 'data-code', a.code);
    toggleClass(row, 'flash', a.code === 'LEAKAGE' && !a.suppressed); // a lamp in 检修 is expected to misbehave
    toggleClass(row, 'critical', a.severity === 'Critical');
    toggleClass(row, 'acked', !!a.acknowledgedAt);
    setAttr(row, 'data-suppressed', a.suppressed ? 'true' : 'false');
    toggleClass(row, 'suppressed', !!a.suppressed);
  }

  private villageName(township: string, cell: string): string {
    const key = this.store.villageKeyOf(cellKey(township, cell));
    return key ? (this.store.cells.get(key)?.name ?? '') : this.store.cellName(township, cell);
  }

  private renderEmergencies(): void {
    // A lamp's emergency (a leak) already has its alarm row, which names the incident: not pinned twice.
    const onAlarmRows = new Set<string>();
    for (const row of this.alarmRows.values()) { const id = row.getAttribute('data-incident-id'); if (id) onAlarmRows.add(id); }
    const open: Incident[] = [];
    for (const i of this.store.incidents.values()) if (i.severity === 'Emergency' && isOpen(i) && !onAlarmRows.has(i.id)) open.push(i);
    open.sort((a, b) => (parseTime(b.reportedAt) ?? 0) - (parseTime(a.reportedAt) ?? 0));
    reconcile(this.emergencyList, this.emergencyRows, open, (i) => i.id,
      (i) => el('li', { class: 'emergency-row flash', 'data-testid': 'emergency-row', 'data-incident-id': i.id },
        el('span', { class: 'alarm-time' }), el('span', { class: 'alarm-severity', 'data-severity': 'Critical' }, '急事'),
        el('span', { class: 'alarm-code' }), el('span', { class: 'alarm-where' }), el('span', { class: 'alarm-state' })),
      (row, i) => {
        const [time, , code, where, state] = row.children as unknown as HTMLElement[];
        setText(time!, formatShortTime(i.reportedAt));
        setText(code!, categoryLabel(i.category));
        setClippedText(where!, `${i.number ? i.number + ' · ' : ''}${i.title || i.id} · ${this.villageName(i.township, i.cell)}`);
        setText(state!, incidentStatusLabel(i.status));
      });
    this.emergencyList.hidden = open.length === 0;
  }
}
