// 回放's timeline: an hour of the history store (GET /api/townships/{id}/playback) as the picture at any moment
// of it. Pure (no map, no DOM): which lamps have an alarm standing, each incident's status and place after its
// last step so far, each responder's last position and the way they came. The reply already holds what stood at
// the window's start (alarms raised earlier, each open incident's last step, each responder's last position).
import type { LampState } from './lamp-state';

export interface PlaybackAlarmRow {
  alarmId: string;
  lampId: string;
  code: string;
  severity: string;
  raisedAt: string;
  clearedAt: string | null;
}

export interface PlaybackStepRow {
  incidentId: string;
  seq: number;
  at: string;
  kind: string;
  status: string;
  severity: string;
  category: string;
  cell: string;
  lat: number | null;
  lon: number | null;
  responderId: string | null;
}

export interface PlaybackTrailRow {
  responderId: string;
  points: { lon: number; lat: number; at: string; status: string }[];
}

export interface PlaybackReply {
  township: string;
  from: string;
  to: string;
  alarms: PlaybackAlarmRow[];
  incidents: PlaybackStepRow[];
  responders: PlaybackTrailRow[];
}

export interface PlaybackIncident {
  id: string;
  status: string;
  severity: string;
  lat: number | null;
  lon: number | null;
}

export interface PlaybackResponder {
  id: string;
  lon: number;
  lat: number;
  status: string;
  /** Where they went since the window opened, up to now, oldest first ([lon, lat]). */
  trail: [number, number][];
}

/** The picture at one moment. */
export interface PlaybackFrame {
  at: number;
  /** Lamps with an alarm standing: the dot's state (漏电, 离线 or 故障). */
  lamps: Map<string, LampState>;
  /** Incidents open at that moment. */
  incidents: PlaybackIncident[];
  responders: PlaybackResponder[];
}

/** A standing alarm's code as the dot's state: the worst wins when a lamp has several. */
export function alarmLampState(code: string): LampState {
  if (code === 'LEAKAGE') return 'leak';
  if (code === 'COMM_LOSS') return 'offline';
  return 'faulty';
}

const rank: Record<LampState, number> = { leak: 4, offline: 3, faulty: 2, lit: 1, off: 0 };
const closed = new Set(['Resolved', 'Closed', 'Cancelled', 'Merged']);

interface Alarm { lamp: string; state: LampState; raised: number; cleared: number }
interface Step { id: string; at: number; seq: number; status: string; severity: string; lat: number | null; lon: number | null }
interface Point { at: number; lon: number; lat: number; status: string }

export class PlaybackTimeline {
  readonly from: number;
  readonly to: number;
  private readonly alarms: Alarm[];
  private readonly steps: Step[];
  private readonly trails: Map<string, Point[]>;

  constructor(reply: PlaybackReply) {
    this.from = Date.parse(reply.from);
    this.to = Date.parse(reply.to);
    if (!Number.isFinite(this.from) || !Number.isFinite(this.to) || this.to <= this.from) throw new Error(`bad playback window ${reply.from} – ${reply.to}`);
    this.alarms = reply.alarms.map((a) => ({
      lamp: a.lampId, state: alarmLampState(a.code), raised: Date.parse(a.raisedAt),
      cleared: a.clearedAt ? Date.parse(a.clearedAt) : Infinity,
    }));
    this.steps = reply.incidents.map((s) => ({ id: s.incidentId, at: Date.parse(s.at), seq: s.seq, status: s.status, severity: s.severity, lat: s.lat, lon: s.lon }))
      .sort((a, b) => a.at - b.at || a.seq - b.seq);
    this.trails = new Map(reply.responders.map((r) => [r.responderId,
      r.points.map((p) => ({ at: Date.parse(p.at), lon: p.lon, lat: p.lat, status: p.status })).sort((a, b) => a.at - b.at)]));
  }

  /** The moment clamped into the window. */
  clamp(at: number): number {
    return Math.min(this.to, Math.max(this.from, at));
  }

  /**
   * The picture at `at` (clamped into the window): what stood at that instant, to the millisecond. An alarm stands
   * from its raisedAt (included) to its clearedAt (not included), so one that rose and cleared between two drawn
   * moments (a span shorter than a step, or within one millisecond: Date.parse drops the finer digits) is drawn at
   * neither. The play head never samples or widens spans: the same moment always gives the same picture.
   */
  frame(at: number): PlaybackFrame {
    const t = this.clamp(at);
    const lamps = new Map<string, LampState>();
    for (const a of this.alarms) {
      if (a.raised > t || a.cleared <= t) continue;
      const had = lamps.get(a.lamp);
      if (!had || rank[a.state] > rank[had]) lamps.set(a.lamp, a.state);
    }
    const last = new Map<string, Step>();
    for (const s of this.steps) {
      if (s.at > t) break;
      const had = last.get(s.id);
      // a step without a place keeps the incident where it was
      last.set(s.id, { ...s, lat: s.lat ?? had?.lat ?? null, lon: s.lon ?? had?.lon ?? null });
    }
    const incidents = [...last.values()].filter((s) => !closed.has(s.status))
      .map((s) => ({ id: s.id, status: s.status, severity: s.severity, lat: s.lat, lon: s.lon }));
    const responders: PlaybackResponder[] = [];
    for (const [id, points] of this.trails) {
      const trail: [number, number][] = [];
      let now: Point | null = null;
      for (const p of points) {
        if (p.at > t) break;
        now = p;
        // the trail starts at the window (the earlier point is only where they stood when it opened)
        if (p.at >= this.from || trail.length === 0) trail.push([p.lon, p.lat]);
      }
      if (now && now.status !== 'OffDuty') responders.push({ id, lon: now.lon, lat: now.lat, status: now.status, trail });
    }
    return { at: t, lamps, incidents, responders };
  }
}
