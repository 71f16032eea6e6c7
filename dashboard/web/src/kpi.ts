// The KPI tiles: 亮灯率, 故障灯数, 离线, 在办事件, 平均响应时长, 平均办结时长, 按时办结率, 节能率, 满意度.
// Everything is computed from the live state (DASHBOARD.md "What the screen computes itself").
import { formatDuration, parseTime, serverNow } from './clock';
import { el, setAttr, setClippedText, setText } from './dom';
import { lampsDue, litFigure } from './lighting';
import { isOpen, type Changes, type LiveStore } from './store';
import type { Figures, Incident } from './types';

const DAY_MS = 24 * 3600 * 1000;

/** 亮灯率 = lit / 应亮灯 (lamps due now and reporting); null by day, when no lamp is due. */
export function litRate(f: Pick<Figures, 'lampsTotal' | 'lampsLit' | 'lampsOffline'>, due = true): number | null {
  return litFigure(f, due).rate;
}

export interface IncidentKpis {
  open: number;
  openEmergency: number;
  openMajor: number;
  mttaMs: number | null;
  mttrMs: number | null;
  resolved: number;
  resolvedOnTime: number;
  satisfaction: number | null;
  rated: number;
}

export function incidentKpis(incidents: Iterable<Incident>, now: number): IncidentKpis {
  let open = 0, openEmergency = 0, openMajor = 0;
  let ackSum = 0, ackCount = 0, resSum = 0, resCount = 0;
  let resolved = 0, resolvedOnTime = 0, satSum = 0, rated = 0;
  for (const i of incidents) {
    if (isOpen(i)) {
      open++;
      if (i.severity === 'Emergency') openEmergency++;
      else if (i.severity === 'Major') openMajor++;
    }
    const reported = parseTime(i.reportedAt);
    if (reported === null || now - reported > DAY_MS) continue;
    const acknowledged = parseTime(i.acknowledgedAt);
    if (acknowledged !== null && acknowledged >= reported) {
      ackSum += acknowledged - reported;
      ackCount++;
    }
    const resolvedAt = parseTime(i.resolvedAt);
    if (resolvedAt !== null && resolvedAt >= reported) {
      resSum += resolvedAt - reported;
      resCount++;
      resolved++;
      if (i.deadlinesMissed === 0) resolvedOnTime++;
    }
    if (i.satisfaction !== null && i.satisfaction !== undefined) {
      satSum += i.satisfaction;
      rated++;
    }
  }
  return {
    open, openEmergency, openMajor,
    mttaMs: ackCount ? ackSum / ackCount : null,
    mttrMs: resCount ? resSum / resCount : null,
    resolved, resolvedOnTime,
    satisfaction: rated ? satSum / rated : null,
    rated,
  };
}

/** Lamp figures from the lamps themselves, when the scope has no summary yet. */
function figuresFromLamps(store: LiveStore): Pick<Figures, 'lampsTotal' | 'lampsLit' | 'lampsOffline' | 'lampsFaulty'> {
  let lit = 0, offline = 0, faulty = 0;
  for (const l of store.lamps.values()) {
    if (!l.online) offline++;
    else if (l.faults.length > 0) faulty++;
    else if (l.on) lit++;
  }
  return { lampsTotal: store.lamps.size, lampsLit: lit, lampsOffline: offline, lampsFaulty: faulty };
}

const percent = (x: number | null, digits = 1): string => (x === null || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(digits)}%`);

type Tone = 'good' | 'warn' | 'bad' | 'plain';

interface Tile {
  root: HTMLElement;
  value: HTMLElement;
  unit: HTMLElement;
  sub: HTMLElement;
}

const TILES = [
  ['lit-rate', '亮灯率'],
  ['faulty', '故障灯数'],
  ['offline', '离线'],
  ['open-incidents', '在办事件'],
  ['mtta', '平均响应时长'],
  ['mttr', '平均办结时长'],
  ['on-time', '按时办结率'],
  ['energy-saving', '节能率'],
  ['satisfaction', '满意度'],
] as const;

type TileId = (typeof TILES)[number][0];

export class KpiView {
  private readonly tiles = new Map<TileId, Tile>();
  private lastIncidentCompute = 0;
  private lastDue: boolean | null = null;

  constructor(container: HTMLElement, private readonly store: LiveStore) {
    container.replaceChildren();
    for (const [id, label] of TILES) {
      const value = el('span', { class: 'kpi-value', 'data-testid': `kpi-${id}` }, '—');
      const unit = el('span', { class: 'kpi-unit' });
      const sub = el('div', { class: 'kpi-sub' });
      const root = el('div', { class: 'kpi-tile', 'data-kpi': id }, el('div', { class: 'kpi-label' }, label), el('div', { class: 'kpi-figure' }, value, unit), sub);
      container.appendChild(root);
      this.tiles.set(id, { root, value, unit, sub });
    }
  }

  private set(id: TileId, value: string, unit: string, sub: string, tone: Tone): void {
    const t = this.tiles.get(id);
    if (!t) return;
    setText(t.value, value);
    setText(t.unit, unit);
    setClippedText(t.sub, sub);
    setAttr(t.root, 'data-tone', tone);
  }

  update(changes: Changes, force = false): void {
    const now = serverNow();
    // Dusk and dawn change the tile without any lamp changing.
    const due = lampsDue(this.store.townships, now);
    const lampsChanged = changes.snapshot || changes.summary || changes.lamps.size > 0 || due !== this.lastDue;
    this.lastDue = due;
    if (lampsChanged || force) this.updateLamps(due);
    if (changes.snapshot || changes.incidents.size > 0 || force || now - this.lastIncidentCompute > 30000) {
      this.lastIncidentCompute = now;
      this.updateIncidents(now);
    }
  }

  private updateLamps(due: boolean): void {
    const s = this.store;
    const root = s.rootSummary();
    const f = root && root.figures.lampsTotal > 0 ? root.figures : figuresFromLamps(s);
    if (f.lampsTotal === 0) {
      this.set('lit-rate', '—', '', '本辖区无智能路灯', 'plain');
      this.set('faulty', '—', '', '', 'plain');
      this.set('offline', '—', '', '', 'plain');
    } else {
      const lit = litFigure(f, due);
      if (!lit.due) this.set('lit-rate', '白天', '', `白天按计划关灯 ${lit.offAsPlanned} 盏`, 'plain');
      else this.set('lit-rate', percent(lit.rate), '', `亮灯 ${lit.lampsLit} / 应亮灯 ${lit.lampsDue}`,
        lit.rate === null ? 'plain' : lit.rate >= 0.95 ? 'good' : lit.rate >= 0.85 ? 'warn' : 'bad');
      this.set('faulty', String(f.lampsFaulty), '盏', `共 ${f.lampsTotal} 盏`, f.lampsFaulty === 0 ? 'good' : f.lampsFaulty < 10 ? 'warn' : 'bad');
      this.set('offline', String(f.lampsOffline), '盏', percent(f.lampsOffline / f.lampsTotal) + ' 离线',
        f.lampsOffline === 0 ? 'good' : f.lampsOffline / f.lampsTotal < 0.05 ? 'warn' : 'bad');
    }
    if (s.baselineWh > 0) {
      const ratio = s.energyWh / s.baselineWh;
      const saving = 1 - ratio;
      this.set('energy-saving', percent(saving), '', `能耗为满功率基准的 ${percent(ratio)}`, saving >= 0.3 ? 'good' : saving >= 0.1 ? 'warn' : 'bad');
    } else {
      this.set('energy-saving', '—', '', '无能耗数据', 'plain');
    }
  }

  private updateIncidents(now: number): void {
    const k = incidentKpis(this.store.incidents.values(), now);
    this.set('open-incidents', String(k.open), '件', `急事 ${k.openEmergency} · 大事 ${k.openMajor}`,
      k.openEmergency > 0 ? 'bad' : k.open > 0 ? 'warn' : 'good');
    const mtta = formatDuration(k.mttaMs);
    this.set('mtta', mtta.value, mtta.unit, '近24小时·至接单', 'plain');
    const mttr = formatDuration(k.mttrMs);
    this.set('mttr', mttr.value, mttr.unit, '近24小时·至办结', 'plain');
    const onTime = k.resolved ? k.resolvedOnTime / k.resolved : null;
    this.set('on-time', percent(onTime), '', `按时 ${k.resolvedOnTime} / 办结 ${k.resolved}`,
      onTime === null ? 'plain' : onTime >= 0.9 ? 'good' : onTime >= 0.7 ? 'warn' : 'bad');
    this.set('satisfaction', k.satisfaction === null ? '—' : k.satisfaction.toFixed(1), k.satisfaction === null ? '' : '/5',
      `${k.rated} 件评价`, k.satisfaction === null ? 'plain' : k.satisfaction >= 4 ? 'good' : k.satisfaction >= 3 ? 'warn' : 'bad');
  }
}
