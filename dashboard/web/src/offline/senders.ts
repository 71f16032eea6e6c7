// How each kind of queued action reaches the server: one HTTP call each, answered with the incident.
// A whistle is idempotent by its whistle id; a work-order step by (responder, incident, step): the
// server answers a step the responder already took with the incident as it is, so a re-send is harmless.
import { api } from '../api';
import type { Incident, WhistleReply, WhistleRequest } from '../types';
import type { OutboxEntry, OutboxKind } from './outboxEntry';

type Sender = (entry: OutboxEntry) => Promise<Incident | WhistleReply>;

const str = (body: Record<string, unknown>, name: string): string => String(body[name] ?? '');

export const senders: Record<OutboxKind, Sender> = {
  whistle: (e) => api.whistle(e.body as unknown as WhistleRequest),
  acknowledge: (e) => api.acknowledge(str(e.body, 'responderId'), str(e.body, 'incidentId')),
  arrive: (e) => api.arrive(str(e.body, 'responderId'), str(e.body, 'incidentId')),
  resolve: (e) => api.resolve(str(e.body, 'responderId'), str(e.body, 'incidentId'), str(e.body, 'note')),
};
