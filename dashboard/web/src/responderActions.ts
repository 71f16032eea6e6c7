// A responder's own actions from the phone (拒单, 上班/下班, position while 赶往现场): ONE function per action,
// each taking the phone's idempotency id (newUuid(), made once per action), so an offline outbox can queue a
// call and send it again later; the server takes the same id as the same action (one audit line).
import { request } from './api';
import type { Incident } from './types';

const enc = encodeURIComponent;

/** The responder as the duty and position calls answer it. */
export interface ResponderStatusReply {
  id: string;
  status: string;
  load: number;
  lat: number | null;
  lon: number | null;
}

/** 拒单 reasons offered by the picker; the last lets the responder type their own. */
export const declineReasons = ['车辆故障', '不在辖区', '缺少工具材料', '身体不适', '其他'] as const;

export function sendDecline(responderId: string, incidentId: string, reason: string, requestId: string): Promise<Incident> {
  return request<Incident>('POST', `/api/responders/${enc(responderId)}/work-orders/${enc(incidentId)}/decline`, { reason, requestId });
}

export function sendDuty(responderId: string, onDuty: boolean, requestId: string): Promise<ResponderStatusReply> {
  return request<ResponderStatusReply>('POST', `/api/responders/${enc(responderId)}/duty`, { onDuty, requestId });
}

/** 报到: the caller reports in for the emergency their township called; asked again it changes nothing. */
export function sendCheckIn(township: string, requestId: string): Promise<{ mode: string }> {
  return request<{ mode: string }>('POST', `/api/townships/${enc(township)}/check-in`, { requestId });
}

/** Sent at most every {@link POSITION_EVERY_MS}; the server refuses a report sooner than its own interval (429). */
export function sendPosition(responderId: string, lat: number, lon: number, requestId: string): Promise<ResponderStatusReply> {
  return request<ResponderStatusReply>('POST', `/api/responders/${enc(responderId)}/position`, { lat, lon, requestId });
}

/** How often the page reports the responder's position while they are 赶往现场 (the server allows one per 5 s by default). */
export const POSITION_EVERY_MS = 15_000;

/**
 * Watches the phone's position (navigator.geolocation) and hands it to `report` at most every
 * {@link POSITION_EVERY_MS}; returns the function that stops watching. No geolocation (or refused): nothing is sent.
 */
export function watchPosition(report: (lat: number, lon: number) => void): () => void {
  const geo = globalThis.navigator?.geolocation;
  if (!geo) return () => undefined;
  let last = 0;
  const id = geo.watchPosition((p) => {
    const now = Date.now();
    if (now - last < POSITION_EVERY_MS) return;
    last = now;
    report(p.coords.latitude, p.coords.longitude);
  }, () => undefined, { enableHighAccuracy: true, maximumAge: 10_000, timeout: 30_000 });
  return () => geo.clearWatch(id);
}
