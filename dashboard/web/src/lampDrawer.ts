// 路灯详情 (the lamp drawer): opened from a lamp on the township's map or an alarm row without a work order.
// Its live values (the hub's lamp item, the last report read again at most every few seconds), its recent
// alarms, its energy by hour (the history store), and for the command centre 开灯/关灯/调光 with each
// command's acknowledgement as the hub reports it (lampCommand), and 检修 of the lamp or its feeder.
import { errorMessage, request } from './api';
import { formatShortTime } from './clock';
import { el, setText, svg } from './dom';
import { alarmSeverityLabel, faultLabel, feederLabel } from './labels';
import type { LiveStore } from './store';
import type { AlarmItem, LampCommandItem } from './types';

/** GET /api/lamps/{id}: what the drawer reads of the lamp's snapshot. */
interface LampDetail {
  lampId: string; township: string; name: string | null; feeder: string | null; on: boolean; brightness: number | null; online: boolean;
  lastSeen: string | null; energyUsedWh: number; baselineWh: number; burnHours: number; switches: number;
  maintenance: { since: string; until: string; by: string; reason: string | null } | null;
}

interface LampLog {
  last: { timestamp: string; voltage?: number | null; current?: number | null; power?: number | null; lux?: number | null;
    battery?: number | null; temperature?: number | null; leakageMa?: number | null } | null;
  alarms: (AlarmItem & { status: string })[];
  commands: LampCommandItem[];
}

interface LampEnergy { hours: { hour: string; energyWh: number; baselineWh: number; burnHours: number }[]; energyWh: number; baselineWh: number }

const commandStatusLabels: Record<string, string> = {
  Pending: '待灯确认', Acknowledged: '灯已确认', Refused: '灯拒绝执行', Superseded: '被新命令取代', Failed: '无应答，已放弃',
};

/** A log's last report is read again at most this often while the lamp keeps changing. */
const LOG_EVERY_MS = 5_000;
const ENERGY_HOURS = 24;
const MAINTENANCE_MINUTES = [30, 60, 120, 240, 480, 1440];

const enc = encodeURIComponent;
const kwh = (wh: number) => `${(wh / 1000).toFixed(2)} kWh`;
const value = (v: number | null | undefined, unit: string, digits = 1) => (v === null || v === undefined ? '—' : `${v.toFixed(digits)} ${unit}`);

export function commandText(c: LampCommandItem): string {
  if (c.type !== 'SetBrightness') return '调光策略';
  return c.brightness === 0 ? '关灯' : c.brightness === 100 ? '开灯' : `亮度 ${c.brightness}%`;
}

export class LampDrawer {
  private lampId: string | null = null;
  private lamp: LampDetail | null = null;
  private log: LampLog | null = null;
  private readonly commands = new Map<string, LampCommandItem>();
  private lastLogAt = 0;
  /** The command this drawer sent last: the message line follows it to its end. */
  private sent: string | null = null;
  private readonly status = el('p', { class: 'drawer-status', role: 'status', 'data-testid': 'lamp-drawer-message' });
  private readonly live = el('dl', { class: 'drawer-grid', 'data-testid': 'lamp-live' });
  private readonly maintenance = el('div');
  private readonly commandList = el('ol', { class: 'drawer-timeline', 'data-testid': 'lamp-commands' });
  private readonly alarmList = el('ol', { class: 'drawer-timeline', 'data-testid': 'lamp-alarms' });
  private readonly energy = el('div', { 'data-testid': 'lamp-energy' });
  private readonly title = el('h2', { 'data-testid': 'lamp-drawer-title' });

  constructor(private readonly root: HTMLElement, private readonly mayCommand: boolean, private readonly store: LiveStore) {
    const close = el('button', { type: 'button', class: 'drawer-close', 'data-testid': 'lamp-drawer-close', 'aria-label': '关闭' }, '×');
    close.addEventListener('click', () => this.close());
    root.replaceChildren(close, this.status, this.title, this.live,
      this.mayCommand ? this.controls() : '', this.maintenance,
      el('h3', {}, '命令'), this.commandList,
      el('h3', {}, `近${ENERGY_HOURS}小时用电`), this.energy,
      el('h3', {}, '告警记录'), this.alarmList);
    root.setAttribute('data-testid', 'lamp-drawer');
  }

  get openId(): string | null {
    return this.root.hidden ? null : this.lampId;
  }

  async open(id: string): Promise<void> {
    this.root.hidden = false;
    this.root.dataset.lampId = id;
    if (this.lampId !== id) {
      // another lamp's name must not stand in the title while this one loads
      this.lamp = null;
      setText(this.title, '正在读取…');
    }
    this.lampId = id;
    this.commands.clear();
    this.sent = null;
    setText(this.status, '');
    await Promise.all([this.reload(), this.loadEnergy()]);
  }

  close(): void {
    this.root.hidden = true;
    this.lampId = null;
    delete this.root.dataset.lampId;
  }

  /** The hub changed the open lamp: its live values from the store now, its last report and alarms a little later. */
  lampChanged(): void {
    if (!this.openId) return;
    this.renderLive();
    if (performance.now() - this.lastLogAt > LOG_EVERY_MS) void this.reload();
  }

  /** lampCommand from the hub: the open lamp's commands as they are sent and acknowledged. */
  applyCommands(items: LampCommandItem[]): void {
    let changed = false;
    for (const c of items) if (c.lampId === this.lampId) changed = this.merge(c) || changed;
    if (!changed) return;
    this.renderCommands();
    this.showSent();
  }

  /** The message line says where the command this drawer sent last is: waiting, or how it ended. */
  private showSent(): void {
    const mine = this.sent ? this.commands.get(this.sent) : undefined;
    if (!mine) return;
    setText(this.status, mine.status === 'Pending' ? '已发送，等待路灯确认' : `${commandText(mine)}：${commandStatusLabels[mine.status] ?? mine.status}`);
  }

  /** A settled command stays settled: a read or an answer that crossed the hub's word never takes it back to pending. */
  private merge(c: LampCommandItem): boolean {
    const known = this.commands.get(c.cmdId);
    if (known && known.status !== 'Pending') return false;
    this.commands.set(c.cmdId, c);
    return true;
  }

  private async reload(): Promise<void> {
    const id = this.lampId;
    if (!id) return;
    this.lastLogAt = performance.now();
    try {
      const [lamp, log] = await Promise.all([
        request<LampDetail>('GET', `/api/lamps/${enc(id)}`), request<LampLog>('GET', `/api/lamps/${enc(id)}/log`)]);
      if (id !== this.lampId) return;
      this.lamp = lamp;
      this.log = log;
      for (const c of log.commands) this.merge(c);
      this.render();
      this.showSent();
    } catch (e) {
      setText(this.status, errorMessage(e));
    }
  }

  private async loadEnergy(): Promise<void> {
    const id = this.lampId;
    if (!id) return;
    try {
      const e = await request<LampEnergy>('GET', `/api/lamps/${enc(id)}/energy?hours=${ENERGY_HOURS}`);
      if (id === this.lampId) this.renderEnergy(e);
    } catch (e) {
      this.energy.replaceChildren(el('p', {}, errorMessage(e)));
    }
  }

  private render(): void {
    const l = this.lamp;
    if (!l) return;
    setText(this.title, `${l.name ?? l.lampId}（${l.lampId}）`);
    this.root.dataset.feeder = l.feeder ?? '';
    this.root.dataset.maintenance = l.maintenance ? 'true' : 'false';
    this.renderLive();
    this.maintenance.replaceChildren(l.maintenance
      ? el('p', { class: 'drawer-facts', 'data-testid': 'lamp-maintenance-state' },
        `检修中，至 ${formatShortTime(l.maintenance.until)}（${l.maintenance.by}${l.maintenance.reason ? '：' + l.maintenance.reason : ''}），告警已抑制`)
      : el('span'));
    this.renderCommands();
    const alarms = this.log?.alarms ?? [];
    this.alarmList.replaceChildren(...(alarms.length === 0 ? [el('li', {}, '暂无告警')] : alarms.map((a) =>
      el('li', { 'data-testid': 'lamp-alarm', 'data-alarm-id': a.alarmId, 'data-status': a.status },
        el('span', { class: 'num' }, formatShortTime(a.raisedAt)), ' ', el('b', {}, faultLabel(a.code)), ` ${alarmSeverityLabel(a.severity)}`,
        a.suppressed ? ' · 检修中（已抑制）' : '',
        a.acknowledgedBy ? ` · ${a.acknowledgedBy} 已确认${a.acknowledgeNote ? '：' + a.acknowledgeNote : ''}` : '',
        a.clearedAt ? ` · ${formatShortTime(a.clearedAt)} 恢复` : ' · 未恢复'))));
  }

  private renderLive(): void {
    const l = this.lamp;
    if (!l) return;
    // the hub keeps the store's item current; the snapshot read on opening stands in until it has one
    const now = this.store.lamps.get(l.lampId);
    const on = now?.on ?? l.on;
    const brightness = now ? now.brightness : l.brightness;
    const online = now?.online ?? l.online;
    const faults = now?.faults ?? [];
    const last = this.log?.last;
    this.root.dataset.on = String(on);
    this.live.replaceChildren(
      el('dt', {}, '状态'), el('dd', { 'data-testid': 'lamp-state' },
        `${online ? '在线' : '离线'} · ${on ? '亮' : '灭'}${brightness !== null && brightness !== undefined ? ` · 亮度 ${Math.round(brightness)}%` : ''}`),
      el('dt', {}, '故障'), el('dd', {}, faults.length ? faults.map(faultLabel).join('，') : '无'),
      el('dt', {}, '电压/电流'), el('dd', {}, `${value(last?.voltage, 'V')} / ${value(last?.current, 'A', 2)}`),
      el('dt', {}, '功率'), el('dd', {}, value(last?.power, 'W')),
      el('dt', {}, '漏电流'), el('dd', {}, value(last?.leakageMa, 'mA')),
      el('dt', {}, '照度/电池'), el('dd', {}, `${value(last?.lux, 'lx', 0)} / ${value(last?.battery, '%', 0)}`),
      el('dt', {}, '回路'), el('dd', {}, l.feeder ? feederLabel(l.township, l.feeder) : '—'),
      // TALQ's lamp-health counters, since the platform first heard the lamp (接近寿命 is raised near its rated life)
      el('dt', {}, '灯具寿命'), el('dd', { 'data-testid': 'lamp-health' }, `累计亮灯 ${Math.round(l.burnHours ?? 0)} 小时 · 开关 ${l.switches ?? 0} 次`),
      el('dt', {}, '最后上报'), el('dd', {}, formatShortTime(l.lastSeen)));
  }

  private renderCommands(): void {
    const list = [...this.commands.values()].sort((a, b) => b.issuedAt.localeCompare(a.issuedAt)).slice(0, 10);
    this.commandList.replaceChildren(...(list.length === 0 ? [el('li', {}, '暂无命令')] : list.map((c) =>
      el('li', { 'data-testid': 'lamp-command', 'data-cmd-id': c.cmdId, 'data-status': c.status },
        el('span', { class: 'num' }, formatShortTime(c.issuedAt)), ' ', el('b', {}, commandText(c)), ` · ${c.issuedBy} · `,
        el('span', { 'data-testid': 'lamp-command-status' }, commandStatusLabels[c.status] ?? c.status),
        c.status === 'Pending' && c.attempts > 1 ? `（第 ${c.attempts} 次发送）` : ''))));
  }

  private renderEnergy(e: LampEnergy): void {
    if (e.hours.length === 0) {
      this.energy.replaceChildren(el('p', {}, '暂无整点记录（每小时结束后写入）'));
      return;
    }
    const saved = e.baselineWh > 0 ? Math.round((1 - e.energyWh / e.baselineWh) * 100) : null;
    const top = Math.max(...e.hours.map((h) => Math.max(h.energyWh, h.baselineWh)), 1);
    const w = 10;
    const chart = svg('svg', { viewBox: `0 0 ${ENERGY_HOURS * w} 60`, class: 'lamp-energy-chart', role: 'img', 'aria-label': '每小时用电' },
      ...e.hours.map((h, i) => {
        const height = (h.energyWh / top) * 58;
        return svg('rect', { x: i * w + 1, y: 60 - height, width: w - 2, height, fill: '#3a7bd5' }, svg('title', {}, `${formatShortTime(h.hour)} ${h.energyWh.toFixed(0)} Wh`));
      }));
    this.energy.replaceChildren(
      el('p', { 'data-testid': 'lamp-energy-total' }, `${kwh(e.energyWh)}（满功率 ${kwh(e.baselineWh)}${saved !== null ? `，节电 ${saved}%` : ''}）`), chart);
  }

  private controls(): HTMLElement {
    const box = el('div', { class: 'drawer-actions' });
    const brightness = el('input', { type: 'number', min: 0, max: 100, step: 10, value: 60, 'data-testid': 'lamp-brightness' });
    const button = (label: string, testid: string, run: () => Promise<void>) => {
      const b = el('button', { type: 'button', 'data-testid': testid }, label);
      b.addEventListener('click', () => void run());
      return b;
    };
    box.append(el('div', { class: 'row' }, '开关/调光',
      button('开灯', 'lamp-on', () => this.command(100)), button('关灯', 'lamp-off', () => this.command(0)),
      brightness, '%', button('调光', 'lamp-dim', () => this.command(Number(brightness.value)))));
    const minutes = el('select', { 'data-testid': 'maintenance-minutes' },
      ...MAINTENANCE_MINUTES.map((m) => el('option', { value: m, selected: m === 120 }, m < 60 ? `${m} 分钟` : `${m / 60} 小时`)));
    const reason = el('input', { type: 'text', placeholder: '检修原因', maxlength: 500, 'data-testid': 'maintenance-reason' });
    const body = () => ({ minutes: Number(minutes.value), reason: reason.value.trim() || null });
    box.append(el('div', { class: 'row' }, '检修', minutes, reason));
    box.append(el('div', { class: 'row' },
      button('本灯检修', 'lamp-maintenance', () => this.maintain('POST', this.lampPath('maintenance'), body())),
      button('结束本灯检修', 'lamp-maintenance-end', () => this.maintain('DELETE', this.lampPath('maintenance'))),
      button('整条回路检修', 'feeder-maintenance', () => this.maintain('POST', this.feederPath(), body())),
      button('结束回路检修', 'feeder-maintenance-end', () => this.maintain('DELETE', this.feederPath()))));
    return box;
  }

  private lampPath(leaf: string): string {
    return `/api/lamps/${enc(this.lampId ?? '')}/${leaf}`;
  }

  private feederPath(): string | null {
    const l = this.lamp;
    return l?.feeder ? `/api/townships/${enc(l.township)}/feeders/${enc(l.feeder)}/maintenance` : null;
  }

  private async command(brightness: number): Promise<void> {
    if (!this.lampId) return;
    setText(this.status, '发送中…');
    try {
      const c = await request<LampCommandItem>('POST', this.lampPath('commands'), { brightness });
      this.sent = c.cmdId;
      this.applyCommands([{ ...c, lampId: this.lampId }]);
      this.showSent(); // the hub may have said it was acknowledged before this answer came
    } catch (e) {
      setText(this.status, errorMessage(e));
    }
  }

  private async maintain(method: 'POST' | 'DELETE', path: string | null, body?: unknown): Promise<void> {
    if (!path) {
      setText(this.status, '该路灯未登记回路');
      return;
    }
    setText(this.status, '提交中…');
    try {
      await request<unknown>(method, path, body);
      setText(this.status, '已提交');
      await this.reload();
    } catch (e) {
      setText(this.status, errorMessage(e));
    }
  }
}
