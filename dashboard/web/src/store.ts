// The command centre's live state: the last snapshot with every delta since applied, in Maps keyed
// by id. Applying a delta only records what changed; the views read the changes once per animation
// frame (see `takeChanges`), so a burst of thousands of lamp updates costs one render.
import { syncServerTime } from './clock';
import type {
  AlarmItem, Cell, Figures, Incident, IncidentEscalation, Lamp, Mode, Responder, Silence, Snapshot, Summary, TownshipRef,
} from './types';

export interface Changes {
  /** A snapshot replaced everything: views rebuild. */
  snapshot: boolean;
  lamps: Set<string>;
  alarms: boolean;
  /** Alarms raised by a delta (not in a snapshot): the feed may flash and beep for them. */
  raised: AlarmItem[];
  incidents: Set<string>;
  /** Incidents that became Emergency through a delta. */
  emergencies: Incident[];
  escalated: Set<string>;
  responders: boolean;
  summary: boolean;
  mode: boolean;
  silences: boolean;
}

export function noChanges(): Changes {
  return {
    snapshot: false, lamps: new Set(), alarms: false, raised: [], incidents: new Set(), emergencies: [],
    escalated: new Set(), responders: false, summary: false, mode: false, silences: false,
  };
}

export const OPEN_STATUSES = new Set(['Reported', 'Triaged', 'Dispatched', 'Acknowledged', 'OnSite']);
export const isOpen = (i: Incident): boolean => OPEN_STATUSES.has(i.status);

export const cellKey = (township: string, cellId: string): string => `${township}/${cellId}`;

/** Every count of the figures added up (every field is a count, so any new one sums too). */
export function sumFigures(all: Figures[]): Figures {
  const total: Record<string, number> = {
    lampsTotal: 0, lampsLit: 0, lampsFaulty: 0, lampsOffline: 0, incidentsMicro: 0, incidentsMinor: 0,
    incidentsMajor: 0, incidentsEmergency: 0, respondersAvailable: 0, deadlinesMissed: 0,
  };
  for (const f of all) {
    for (const [k, v] of Object.entries(f)) if (typeof v === 'number') total[k] = (total[k] ?? 0) + v;
  }
  return total as unknown as Figures;
}

export class LiveStore {
  scope = '';
  name = '';
  townships: TownshipRef[] = [];
  readonly modes = new Map<string, Mode>();
  /** Mass silences by township: held 0 is none. */
  readonly silences = new Map<string, Silence>();
  readonly summaries = new Map<string, Summary>();
  rootKey: string | null = null;
  readonly cells = new Map<string, Cell>();
  readonly lamps = new Map<string, Lamp>();
  readonly alarms = new Map<string, AlarmItem>();
  /** Open alarms this screen did not hear live: found in a later snapshot (after a reconnect or a cluster change). */
  readonly late = new Set<string>();
  readonly incidents = new Map<string, Incident>();
  readonly responders = new Map<string, Responder>();
  /** Σ energyWh and Σ baselineWh over all lamps, kept up to date per lamp change. */
  energyWh = 0;
  baselineWh = 0;
  hasSnapshot = false;

  /** Alarm ids in arrival order (oldest first); ids no longer open are skipped and compacted away. */
  private alarmOrder: string[] = [];
  private villageCache = new Map<string, string | null>();
  private changes = noChanges();

  constructor(private readonly onChange: () => void) {}

  takeChanges(): Changes {
    const taken = this.changes;
    this.changes = noChanges();
    return taken;
  }

  applySnapshot(s: Snapshot): void {
    syncServerTime(s.serverTime);
    this.scope = s.scope;
    this.name = s.name;
    this.townships = s.townships ?? [];
    this.modes.clear();
    for (const m of s.mode ?? []) this.modes.set(m.township, m);
    this.silences.clear();
    for (const x of s.silences ?? []) if (x.held > 0) this.silences.set(x.township, x);
    this.summaries.clear();
    this.rootKey = s.summary?.[0]?.cellKey ?? null;
    for (const sum of s.summary ?? []) this.summaries.set(sum.cellKey, sum);
    this.cells.clear();
    this.villageCache.clear();
    for (const c of s.cells ?? []) this.cells.set(c.key, c);
    this.lamps.clear();
    this.energyWh = 0;
    this.baselineWh = 0;
    for (const l of s.lamps ?? []) this.putLamp(l);
    // A first snapshot is the screen's starting point; in a later one, an alarm the screen did not have was missed live.
    const before = this.hasSnapshot ? new Set(this.alarms.keys()) : null;
    this.alarms.clear();
    this.alarmOrder = [];
    const alarms = [...(s.alarms ?? [])].sort((a, b) => (a.raisedAt < b.raisedAt ? -1 : a.raisedAt > b.raisedAt ? 1 : 0));
    for (const a of alarms) {
      if (a.clearedAt) continue;
      this.alarms.set(a.alarmId, a);
      this.alarmOrder.push(a.alarmId);
      if (before && !before.has(a.alarmId)) this.late.add(a.alarmId);
    }
    for (const id of [...this.late]) if (!this.alarms.has(id)) this.late.delete(id);
    this.incidents.clear();
    for (const i of s.incidents ?? []) if (i.status !== 'Cancelled' && i.status !== 'Merged') this.incidents.set(i.id, i);
    this.responders.clear();
    for (const r of s.responders ?? []) this.responders.set(r.id, r);
    this.hasSnapshot = true;
    this.changes = noChanges();
    this.changes.snapshot = true;
    this.onChange();
  }

  private putLamp(l: Lamp): void {
    const old = this.lamps.get(l.id);
    if (old) {
      this.energyWh -= old.energyWh || 0;
      this.baselineWh -= old.baselineWh || 0;
    }
    this.energyWh += l.energyWh || 0;
    this.baselineWh += l.baselineWh || 0;
    this.lamps.set(l.id, l);
  }

  applyLamps(batch: Lamp[]): void {
    for (const l of batch) {
      this.putLamp(l);
      this.changes.lamps.add(l.id);
    }
    this.onChange();
  }

  applyAlarmsRaised(batch: AlarmItem[]): void {
    for (const a of batch) {
      if (a.clearedAt) {
        this.alarms.delete(a.alarmId);
        continue;
      }
      const known = this.alarms.has(a.alarmId);
      this.alarms.set(a.alarmId, a);
      if (!known) {
        this.alarmOrder.push(a.alarmId);
        if (!a.suppressed) this.changes.raised.push(a); // a lamp in 检修 does not sound
      }
    }
    this.compactAlarmOrder();
    this.changes.alarms = true;
    this.onChange();
  }

  applyAlarmsCleared(batch: AlarmItem[]): void {
    for (const a of batch) this.alarms.delete(a.alarmId);
    this.compactAlarmOrder();
    this.changes.alarms = true;
    this.onChange();
  }

  private compactAlarmOrder(): void {
    if (this.alarmOrder.length > 2 * this.alarms.size + 1000) {
      const seen = new Set<string>();
      const kept: string[] = [];
      for (let i = this.alarmOrder.length - 1; i >= 0; i--) {
        const id = this.alarmOrder[i]!;
        if (this.alarms.has(id) && !seen.has(id)) {
          seen.add(id);
          kept.push(id);
        }
      }
      this.alarmOrder = kept.reverse();
    }
  }

  /** The newest `limit` open alarms, newest first. */
  newestAlarms(limit: number): AlarmItem[] {
    const out: AlarmItem[] = [];
    const seen = new Set<string>();
    for (let i = this.alarmOrder.length - 1; i >= 0 && out.length < limit; i--) {
      const id = this.alarmOrder[i]!;
      if (seen.has(id)) continue;
      seen.add(id);
      const a = this.alarms.get(id);
      if (a) out.push(a);
    }
    return out;
  }

  applyIncidents(batch: Incident[]): void {
    for (const i of batch) {
      const old = this.incidents.get(i.id);
      if (i.status === 'Cancelled' || i.status === 'Merged') this.incidents.delete(i.id);
      else this.incidents.set(i.id, i);
      if (i.severity === 'Emergency' && isOpen(i) && (!old || old.severity !== 'Emergency')) this.changes.emergencies.push(i);
      this.changes.incidents.add(i.id);
    }
    this.onChange();
  }

  applyEscalations(batch: IncidentEscalation[]): void {
    for (const e of batch) {
      const old = this.incidents.get(e.incidentId);
      if (old) {
        // incidentChanged follows with the authoritative count; until then show it escalated
        this.incidents.set(old.id, { ...old, level: e.level, escalations: Math.max(old.escalations + 1, 1) });
        this.changes.incidents.add(old.id);
      }
      this.changes.escalated.add(e.incidentId);
    }
    this.onChange();
  }

  applyResponders(batch: Responder[]): void {
    for (const r of batch) this.responders.set(r.id, r);
    this.changes.responders = true;
    this.onChange();
  }

  applySummary(batch: Summary[]): void {
    for (const s of batch) {
      this.summaries.set(s.cellKey, s);
      if (this.rootKey === null) this.rootKey = s.cellKey;
    }
    this.changes.summary = true;
    this.onChange();
  }

  applySilences(batch: Silence[]): void {
    for (const x of batch) {
      if (x.held > 0) this.silences.set(x.township, x);
      else this.silences.delete(x.township);
    }
    this.changes.silences = true;
    this.onChange();
  }

  applyModes(batch: Mode[]): void {
    for (const m of batch) this.modes.set(m.township, m);
    this.changes.mode = true;
    this.onChange();
  }

  /**
   * The scope's own figures. A county's are the sum of its townships' (kept current from their summary
   * deltas; the snapshot's county row is only the starting point); a township's are its root cell's.
   */
  rootSummary(): Summary | null {
    if (this.scope === 'county') {
      const townships = this.townshipSummaries();
      if (townships.length === 0) return null;
      return { cellKey: 'county', level: 'County', figures: sumFigures(townships.map((t) => t.figures)) };
    }
    return (this.rootKey && this.summaries.get(this.rootKey)) || null;
  }

  /** Each township's root summary, in the scope's township order. */
  townshipSummaries(): Summary[] {
    const out: Summary[] = [];
    for (const id of this.townshipIds()) {
      for (const s of this.summaries.values()) {
        if (s.level === 'Township' && s.cellKey.startsWith(`${id}/`)) {
          out.push(s);
          break;
        }
      }
    }
    return out;
  }

  /** The key of the village (片) a cell is in, or null above village level or when unknown. */
  villageKeyOf(key: string): string | null {
    const cached = this.villageCache.get(key);
    if (cached !== undefined) return cached;
    let found: string | null = null;
    let cell = this.cells.get(key);
    for (let depth = 0; cell && depth < 8; depth++) {
      if (cell.level === 'Village') {
        found = cell.key;
        break;
      }
      cell = cell.parentKey ? this.cells.get(cell.parentKey) : undefined;
    }
    this.villageCache.set(key, found);
    return found;
  }

  cellName(township: string, cellId: string): string {
    return this.cells.get(cellKey(township, cellId))?.name ?? cellId;
  }

  /** A department by name (益门镇水务站), never by its id; null when the snapshot does not know it. */
  departmentName(id: string): string | null {
    for (const t of this.townships) {
      const d = t.departments?.find((x) => x.id === id);
      if (d) return d.name;
    }
    return null;
  }

  townshipName(id: string): string {
    return this.townships.find((t) => t.id === id)?.name ?? (this.scope === id ? this.name : id);
  }

  /** The villages of the scope, in the snapshot's order. */
  villages(): Cell[] {
    const out: Cell[] = [];
    for (const c of this.cells.values()) if (c.level === 'Village') out.push(c);
    return out;
  }

  /** The township ids in the scope. */
  townshipIds(): string[] {
    if (this.townships.length > 0) return this.townships.map((t) => t.id);
    return this.scope ? [this.scope] : [];
  }
}
