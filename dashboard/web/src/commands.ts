// The command centre's actions on an incident (docs/COMMANDS.md): every call carries the version the
// operator saw (If-Match). A 412 means someone else changed it first: the caller shows the new state.
import { ApiError } from './api';
import { getToken, redirectToLogin } from './token';
import type { Problem } from './types';

export interface TimelineEntry {
  at: string; kind: string; by: string; text: string | null; status: string; level: string | null; responderId: string | null;
}

export interface CoHandlingPart {
  responderId: string; department: string | null; status: string; offeredAt: string; note: string | null; addedBy: string;
}

/** An incident as the API gives it (GET /api/incidents/{id}), with its version. */
export interface IncidentDetail {
  id: string;
  number: string | null;
  status: string;
  level: string;
  responderId: string | null;
  respondBy: string | null;
  resolveBy: string | null;
  deadlinesMissed: number;
  satisfaction: number | null;
  lamps: string[];
  timeline: TimelineEntry[];
  cellPath: string[];
  version: number;
  coHandlers: CoHandlingPart[];
  mergedInto: string | null;
  duplicates: { incidentId: string; number: string | null; reportedBy: string }[];
  urges: number;
  lastCallBack: { reached: boolean; notes: string | null; by: string; at: string } | null;
  report: {
    township: string; source: string; category: string; severity: string; cell: string; text: string;
    reportedBy: string; reportedAt: string; lat: number | null; lon: number | null;
  };
}

export interface RankedResponder {
  responder: { id: string; name: string; status: string; load: number; capacity: number; department: string | null; team: boolean };
  distanceKm: number | null;
  eligible: boolean;
  qualified: boolean;
  homeArea: boolean;
}

export type IncidentAction = 'triage' | 'merge' | 'cancel' | 'assign' | 'withdraw' | 'co-handlers' | 'urge' | 'reopen' | 'call-back' | 'close';

/** Thrown on 412: the incident as it is now comes with it. */
export class StaleIncident extends Error {
  constructor(readonly incident: IncidentDetail | null) {
    super('stale');
    this.name = 'StaleIncident';
  }
}

async function call(method: string, path: string, body?: unknown, ifMatch?: number): Promise<Response> {
  const token = getToken();
  if (!token) redirectToLogin();
  const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch !== undefined) headers['If-Match'] = `"${ifMatch}"`;
  const response = await fetch(path, { method, headers, body: body === undefined ? null : JSON.stringify(body), cache: 'no-store' });
  if (response.status === 401) redirectToLogin();
  return response;
}

async function problemOf(response: Response): Promise<Problem & { incident?: IncidentDetail }> {
  try {
    return (await response.json()) as Problem & { incident?: IncidentDetail };
  } catch {
    return {};
  }
}

const enc = encodeURIComponent;

export async function loadIncident(id: string): Promise<IncidentDetail> {
  const response = await call('GET', `/api/incidents/${enc(id)}`);
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return (await response.json()) as IncidentDetail;
}

/** The reporter with a number to call (the command centre, and the responder holding the open order). */
export interface ReporterContact { reportedBy: string; name: string | null; phone: string | null }

export async function loadReporter(id: string): Promise<ReporterContact> {
  const response = await call('GET', `/api/incidents/${enc(id)}/reporter`);
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return (await response.json()) as ReporterContact;
}

export async function loadCandidates(id: string): Promise<RankedResponder[]> {
  const response = await call('GET', `/api/incidents/${enc(id)}/candidates`);
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return (await response.json()) as RankedResponder[];
}

export async function act(id: string, action: IncidentAction, version: number, body: Record<string, unknown>): Promise<IncidentDetail> {
  const response = await call('POST', `/api/incidents/${enc(id)}/${action}`, body, version);
  if (response.status === 412) throw new StaleIncident((await problemOf(response)).incident ?? null);
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return (await response.json()) as IncidentDetail;
}
