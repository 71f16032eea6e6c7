// One fault, one line: the alarm feed's rows. Alarms that belong to one incident (a lamp work order,
// e.g. 300 lamps of one feeder gone silent) are one row with a count; alarms of lamps silent on one
// feeder with no incident yet are grouped the same way. Each row names its incident (受理编号), so an
// alarm and the incident it raised are shown once, linked, and not again as a pinned incident.
import type { AlarmItem, Incident, Lamp } from './types';

const SEVERITY_RANK: Record<string, number> = { Info: 0, Minor: 1, Major: 2, Critical: 3 };
const SILENCE = new Set(['COMM_LOSS', 'POWER_FAILURE']);

export interface FeedRow {
  key: string;
  /** The newest alarm of the row. */
  alarm: AlarmItem;
  /** The worst severity in the row. */
  severity: AlarmItem['severity'];
  count: number;
  incident: Incident | null;
  feeder: string | null;
}

/**
 * `alarms` newest first; rows keep that order (a row sits where its newest alarm is). `incidents` are the
 * open ones: an alarm whose lamp one of them holds joins that incident's row.
 */
export function feedRows(alarms: readonly AlarmItem[], lamps: ReadonlyMap<string, Pick<Lamp, 'feeder'>>, incidents: Iterable<Incident>): FeedRow[] {
  // Only the alarms' lamps are looked up: a county screen holds 100,000 lamps, and this runs on every change.
  const byLamp = new Map<string, Incident>();
  for (const i of incidents) for (const lamp of i.lamps ?? []) byLamp.set(lamp, i);
  const rows = new Map<string, FeedRow>();
  for (const a of alarms) {
    const incident = byLamp.get(a.lampId) ?? null;
    const feeder = lamps.get(a.lampId)?.feeder || null;
    const key = incident ? `incident:${incident.id}`
      : SILENCE.has(a.code) && feeder ? `feeder:${a.township}/${feeder}/${a.code}`
      : `alarm:${a.alarmId}`;
    const row = rows.get(key);
    if (!row) {
      rows.set(key, { key, alarm: a, severity: a.severity, count: 1, incident, feeder });
      continue;
    }
    row.count++;
    if ((SEVERITY_RANK[a.severity] ?? 0) > (SEVERITY_RANK[row.severity] ?? 0)) row.severity = a.severity;
  }
  return [...rows.values()];
}
