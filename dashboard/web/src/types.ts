// The shapes of docs/DASHBOARD.md, as the server sends them (JSON, camelCase, enums as strings).
// Times are ISO 8601 strings unless a comment says otherwise.

export type Role = 'county' | 'township' | 'village' | 'leader' | 'responder';

export interface LoginReply {
  tokenType: string;
  accessToken: string;
  expiresIn: number;
}

export interface Me {
  name: string;
  displayName: string;
  role: Role;
  townships: string[];
  cells: string[];
  responderId: string | null;
  /** A responder's phone asks for a 处置后 photo before a lamp work order's 完成 (the server refuses it without one). */
  lampPhotoRequired?: boolean;
}

/** An RFC 9457 problem document. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
}

export type CellLevel = 'County' | 'Township' | 'Village' | 'Group' | 'Neighbourhood';

export interface Cell {
  key: string;
  id: string;
  name: string;
  level: CellLevel;
  parentKey: string | null;
  leader: string | null;
  households: number;
  /** The cell's outline as [lon, lat] pairs, when the topology gives one (the map draws the hull of its lamps otherwise). */
  boundary?: [number, number][] | null;
}

/** A row of GET /api/townships/{id}/cells: `parent` is the parent cell's id, not its key. */
export interface CellRow {
  id: string;
  key: string;
  name: string;
  level: CellLevel;
  parent: string | null;
  leader: string | null;
  households: number;
}

export interface Figures {
  lampsTotal: number;
  lampsLit: number;
  lampsFaulty: number;
  lampsOffline: number;
  incidentsMicro: number;
  incidentsMinor: number;
  incidentsMajor: number;
  incidentsEmergency: number;
  respondersAvailable: number;
  deadlinesMissed: number;
}

export interface Summary {
  cellKey: string;
  level: string;
  figures: Figures;
}

export interface Lamp {
  id: string;
  township: string;
  cell: string;
  village: string | null;
  lat: number;
  lon: number;
  on: boolean;
  brightness: number | null;
  online: boolean;
  /** Fault codes, e.g. "LEAKAGE". */
  faults: string[];
  energyWh: number;
  baselineWh: number;
  /** What people call it: road and pole number, e.g. 石门路12号杆 (its id when the topology has no street). */
  name?: string;
  /** Supply circuit (回路/集中控制器), if any. */
  feeder?: string | null;
}

/** A lamp command (开/关/调光) as sent, then as settled (hub: lampCommand). */
export interface LampCommandItem {
  cmdId: string;
  lampId: string;
  township: string;
  type: 'SetBrightness' | 'SetProfile';
  brightness: number | null;
  issuedBy: string;
  issuedAt: string;
  attempts: number;
  status: 'Pending' | 'Acknowledged' | 'Refused' | 'Superseded' | 'Failed';
}

export type AlarmSeverity = 'Info' | 'Minor' | 'Major' | 'Critical';

export interface AlarmItem {
  alarmId: string;
  lampId: string;
  township: string;
  cell: string;
  code: string;
  severity: AlarmSeverity;
  raisedAt: string;
  acknowledgedAt: string | null;
  clearedAt: string | null;
  /** Raised while its lamp is in maintenance (检修): shown, but no work order and no sound. */
  suppressed?: boolean;
  acknowledgedBy?: string | null;
  acknowledgeNote?: string | null;
}

export type IncidentStatus =
  | 'Reported' | 'Triaged' | 'Dispatched' | 'Acknowledged' | 'OnSite' | 'Resolved' | 'Closed' | 'Cancelled' | 'Merged';

export type IncidentSeverity = 'Micro' | 'Minor' | 'Major' | 'Emergency';

export type IncidentSource = 'Whistle' | 'LampAlarm' | 'FeederOutage' | 'Hotline';

export interface Incident {
  id: string;
  township: string;
  status: IncidentStatus;
  severity: IncidentSeverity;
  category: string;
  cell: string;
  title: string;
  /** The level now owning it; above the reported cell's level = escalated. */
  level: string;
  escalations: number;
  responderId: string | null;
  reportedAt: string;
  respondBy: string | null;
  resolveBy: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  deadlinesMissed: number;
  satisfaction: number | null;
  source: IncidentSource;
  lat: number | null;
  lon: number | null;
  /** 受理编号, read over the phone, e.g. 益门-1129-0012; null for incidents older than the numbers. */
  number?: string | null;
  /** Lamps on a lamp work order (one outage may hold many). */
  lamps?: string[];
}

export type ResponderStatus = 'OffDuty' | 'Available' | 'Assigned' | 'EnRoute' | 'OnSite';

export interface Responder {
  id: string;
  name: string;
  township: string;
  status: ResponderStatus;
  lat: number | null;
  lon: number | null;
  load: number;
  capacity: number;
  team: boolean;
  department: string | null;
  skills: string[];
}

export type ModeName = 'Normal' | 'Emergency';

export interface CheckIn {
  id: string;
  name: string;
  kind: 'Responder' | 'Department';
  at: string | null;
}

export interface Mode {
  township: string;
  mode: ModeName;
  since: string | null;
  by: string | null;
  reason: string | null;
  board: CheckIn[];
}

/** A mode as the HTTP API sends it (the hub's `Mode` flattens the board); see `modeFromHttp`. */
export interface ModeReply {
  township: string;
  mode: ModeName;
  since: string | null;
  by: string | null;
  reason: string | null;
  board: { affiliate: { id: string; name: string; kind: 'Responder' | 'Department' }; at: string | null }[];
}

/** A night at a township: its lamps are due to be lit from dusk to dawn (ISO times). */
export interface Night {
  dusk: string;
  dawn: string;
}

export interface TownshipRef {
  id: string;
  name: string;
  /** The nights around the snapshot's time; empty or absent: unknown, always due. */
  nights?: Night[];
  /** Its departments (职能部门): a responder's `department` is one of these ids. */
  departments?: { id: string; name: string }[];
}

export interface Snapshot {
  scope: string;
  name: string;
  townships: TownshipRef[];
  mode: Mode[];
  /** The scope's root cell first, then each village. */
  summary: Summary[];
  cells: Cell[];
  lamps: Lamp[];
  alarms: AlarmItem[];
  incidents: Incident[];
  responders: Responder[];
  serverTime: string;
  /** Townships where a mass silence holds COMM_LOSS (most of their lamps silent at once). */
  silences?: Silence[];
}

/** A mass silence in a township: `held` of its `lamps` lamps silent at once, their COMM_LOSS held as one outage. */
export interface Silence {
  township: string;
  held: number;
  lamps: number;
  since: string | null;
}

export interface IncidentEscalation {
  incidentId: string;
  level: string;
  cellKey: string;
}

export interface WorkOrder {
  incidentId: string;
  responderId: string;
  township: string;
  title: string;
  category: string;
  severity: string;
  cell: string;
  lat: number | null;
  lon: number | null;
  offeredAt: string;
  acknowledgeBy: string;
  resolveBy: string | null;
  lamps: string[];
}

export interface WorkOrderWithdrawal {
  incidentId: string;
  responderId: string;
  reason: string;
}

export interface WorkSnapshot {
  responder: Responder;
  workOrders: WorkOrder[];
  incidents: Incident[];
  /** The emergency call to 报到 this responder is under, if any. */
  callOut?: CallOut | null;
}

/** 报到 called: the township in emergency mode, why, since when, and when this person reported (null: not yet). */
export interface CallOut {
  township: string;
  reason: string | null;
  since: string;
  checkedInAt: string | null;
}

export type HistoryMetric = 'lit' | 'faulty' | 'offline' | 'incidents';

export interface History {
  metric: string;
  /** [Unix ms, value] per minute (per hour, as the hour's mean, for windows over a day). */
  points: [number, number][];
  /** When the server's history began (Unix ms): nothing is recorded before it. */
  since: number;
  resolution: 'Minute' | 'Hour';
}

export type WhistleCategory =
  | 'lighting' | 'electrical' | 'road' | 'water' | 'dispute' | 'safety' | 'environment' | 'flood' | 'fire' | 'other';

export type WhistleSeverity = 'micro' | 'minor' | 'major' | 'emergency';

export interface WhistleRequest {
  township: string;
  cellId: string;
  whistleId: string;
  by: string;
  category: WhistleCategory;
  severity: WhistleSeverity;
  text: string;
  lat: number | null;
  lon: number | null;
  /** Unix ms. */
  ts: number;
  /** A JPEG data URL of at most 1 MB, or absent (what the first pages sent; kept for whistles queued by them). */
  photo?: string;
  /** Up to 3 JPEG data URLs of at most 1 MB each. */
  photos?: string[];
}

/** What POST /api/whistles answers: the incident; only the fields the page shows are relied on. */
export interface WhistleReply {
  id: string;
  status: IncidentStatus;
  level?: string;
  /** 受理编号. */
  number?: string | null;
}

export interface TownshipSummary {
  id: string;
  name: string;
  county: string | null;
  figures: Figures;
  mode: ModeReply;
  /** The topology's centre of the township, when it gave one. */
  centre?: { lat: number; lon: number } | null;
  /** 亮灯率 against 应亮灯 now. */
  lighting: { due: boolean; lampsDue: number; lampsLit: number; lampsOffAsPlanned: number; rate: number | null };
}

// 照明控制 (docs/LIGHTING.md): schedules by scope and group commands.
export type ScopeKind = 'Township' | 'Village' | 'Street' | 'Feeder' | 'Lamp';
export interface DimLevel { at: string; brightness: number }
export interface CalendarException { name: string; date?: string | null; daysOfMonth?: number[]; brightness: number; steps: DimLevel[] }
export interface LightingSchedule {
  switching: 'Astronomical' | 'Lux';
  onOffsetMinutes: number;
  offOffsetMinutes: number;
  switchLux?: number | null;
  brightness: number;
  steps: DimLevel[];
  exceptions: CalendarException[];
}
export interface ScheduleScopeName { kind: ScopeKind; id: string | null }
export interface ScopedSchedule { scope: ScheduleScopeName; schedule: LightingSchedule; by: string; at: string }
export interface LightingBook { township: string; timeZone: string; schedules: ScopedSchedule[]; appliedNight: string | null }
export interface LightingApplied { sent: number; unchanged: number; unscheduled: number; failed: number }
export type GroupTarget = 'Township' | 'Village' | 'Street' | 'Feeder' | 'Lamps';
export type GroupAction = 'On' | 'Off' | 'Brightness' | 'Profile';
export interface GroupCommandRequest { target: GroupTarget; targetId?: string; lampIds?: string[]; action: GroupAction; brightness?: number }
export interface GroupCommandProgress {
  id: string; township: string; request: GroupCommandRequest; by: string; startedAt: string;
  total: number; sent: number; pending: number; acknowledged: number; failed: number; finishedAt: string | null; percent: number;
  /** lamps not yet asked (a large command is sent in the background) */
  queued: number;
}
