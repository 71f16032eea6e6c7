// How each kind of queued action reaches the server: one HTTP call each, answered with the incident.
// A whistle is idempotent by its whistle id; a work-order step by (responder, incident, step): the
// server answers a step the responder already took with the incident as it is, so a re-send is harmless,
// and its photos (到场, 处置前/处置后) are saved once, by the first of its sends that arrives.
import { api } from '../api';
import type { Incident, WhistleReply, WhistleRequest } from '../types';
import type { OutboxEntry, OutboxKind } from './outboxEntry';

type Sender = (entry: OutboxEntry) => Promise<Incident | WhistleReply>;

const str = (body: Record<string, unknown>, name: string): string => String(body[name] ?? '');
/** A photo kept as a data URL in the entry, if the step has one. */
const photo = (body: Record<string, unknown>, name: string): string | undefined => (typeof body[name] === 'string' ? body[name] : undefined);

export const senders: Record<OutboxKind, Sender> = {
  whistle: (e) => api.whistle(e.body as unknown as WhistleRequest),
  acknowledge: (e) => api.acknowledge(str(e.body, 'responderId'), str(e.body, 'incidentId')),
  arrive: (e) => api.arrive(str(e.body, 'responderId'), str(e.body, 'incidentId'), photo(e.body, 'photo')),
  resolve: (e) => api.resolve(str(e.body, 'responderId'), str(e.body, 'incidentId'), str(e.body, 'note'),
    { before: photo(e.body, 'before'), after: photo(e.body, 'after') }),
};
