// HTTP calls to the gateway: JSON in and out, the bearer token, problem details on errors.
// A 401 from any call (other than the login itself) sends the user to the login page.
import { httpStatusMessage } from './labels';
import type { PlaybackReply } from './map/playback';
import { getToken, redirectToLogin } from './token';
import type {
  History, HistoryMetric, Incident, Me, ModeName, Mode, ModeReply, Problem, CellRow, TownshipSummary,
  WhistleReply, WhistleRequest, WorkOrder,
} from './types';

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem | null) {
    super(problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** A message for the user: Chinese for the status, plus the server's detail when it gave one. */
  get userMessage(): string {
    const base = httpStatusMessage(this.status);
    // the server's details are for operators and mostly English: only Chinese ones reach the user
    const detail = this.problem?.detail?.trim();
    return detail && /[\u4e00-\u9fff]/.test(detail) ? `${base}：${detail}` : base;
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.userMessage;
  // a browser's own message ("Failed to fetch") is English: log it, show the Chinese one
  if (error instanceof Error) console.warn(error);
  return httpStatusMessage(0);
}

/** The server's clock minus ours, from the last HTTP answer's Date header (seconds precision). */
let lastDateOffsetMs: number | null = null;
export const httpClockOffset = (): number | null => lastDateOffsetMs;

async function readProblem(response: Response): Promise<Problem | null> {
  try {
    const text = await response.text();
    if (!text) return null;
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' ? (parsed as Problem) : null;
  } catch {
    return null;
  }
}

export interface RequestOptions {
  /** Do not redirect on 401 (the login call: a 401 there means a wrong password). */
  anonymous?: boolean;
}

export async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (!options.anonymous) {
    const token = getToken();
    if (!token) redirectToLogin();
    headers.Authorization = `Bearer ${token}`;
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError(0, { title: e instanceof Error ? e.message : 'network error' });
  }
  const date = response.headers.get('Date');
  if (date) {
    const serverMs = Date.parse(date);
    if (!Number.isNaN(serverMs)) lastDateOffsetMs = serverMs + 500 - Date.now();
  }
  if (response.status === 401 && !options.anonymous) redirectToLogin();
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const enc = encodeURIComponent;

/**
 * The HTTP API answers a mode with its check-in entries as `{affiliate: {id, name, kind}, at}`; the hub
 * (and the store) flatten them to `{id, name, kind, at}`. Mixing the two once broke 解除应急 (a board
 * entry without `name`).
 */
export function modeFromHttp(m: ModeReply): Mode {
  return {
    township: m.township, mode: m.mode, since: m.since ?? null, by: m.by ?? null, reason: m.reason ?? null,
    board: (m.board ?? []).map((c) => ({ id: c.affiliate.id, name: c.affiliate.name, kind: c.affiliate.kind, at: c.at ?? null })),
  };
}

export const api = {
  login: (username: string, password: string) =>
    request<{ tokenType: string; accessToken: string; expiresIn: number }>('POST', '/api/login', { username, password }, { anonymous: true }),
  logout: () => request<void>('POST', '/api/logout'),
  me: () => request<Me>('GET', '/api/me'),
  townshipSummary: (id: string) => request<TownshipSummary>('GET', `/api/townships/${enc(id)}/summary`),
  cells: (township: string) => request<CellRow[]>('GET', `/api/townships/${enc(township)}/cells`),
  /** A lamp of one's own work order: only its name (road and pole number) is relied on. */
  lamp: (id: string) => request<{ lampId: string; name?: string | null }>('GET', `/api/lamps/${enc(id)}`),
  setMode: async (township: string, mode: ModeName, reason: string) =>
    modeFromHttp(await request<ModeReply>('POST', `/api/townships/${enc(township)}/mode`, { mode, reason })),
  history: (township: string, metric: HistoryMetric, minutes: number) =>
    request<History>('GET', `/api/townships/${enc(township)}/history?metric=${enc(metric)}&minutes=${minutes}`),
  /** An hour (at most) of alarms, incident steps and responder moves from the history store, for 回放. */
  playback: (township: string, fromIso: string, toIso: string) =>
    request<PlaybackReply>('GET', `/api/townships/${enc(township)}/playback?from=${enc(fromIso)}&to=${enc(toIso)}`),
  whistle: (w: WhistleRequest) => request<WhistleReply>('POST', '/api/whistles', w),
  workOrders: (responderId: string) => request<WorkOrder[]>('GET', `/api/responders/${enc(responderId)}/work-orders`),
  acknowledge: (responderId: string, incidentId: string) =>
    request<Incident>('POST', `/api/responders/${enc(responderId)}/work-orders/${enc(incidentId)}/acknowledge`, {}),
  /** 到场, with its photo (a data URL) when one was taken. */
  arrive: (responderId: string, incidentId: string, photo?: string) =>
    request<Incident>('POST', `/api/responders/${enc(responderId)}/work-orders/${enc(incidentId)}/arrive`, photo ? { photo } : {}),
  /** 完成 with a note and the 处置前/处置后 photos (data URLs) when taken. */
  resolve: (responderId: string, incidentId: string, note: string, photos: { before?: string; after?: string } = {}) =>
    request<Incident>('POST', `/api/responders/${enc(responderId)}/work-orders/${enc(incidentId)}/resolve`, { note, ...photos }),
};
