// One action made on the phone and kept until the server has it: a whistle or a work-order step.

/** What an entry does on the server; each kind has one sender in senders.ts. */
export type OutboxKind = 'whistle' | 'acknowledge' | 'arrive' | 'resolve';

export interface OutboxEntry {
  /** Client-made idempotency id: the whistle id for a whistle, a UUID for an order step. The database key. */
  id: string;
  /** The person who made it (`Me.name`): sent only under their own session, never under someone else's. */
  owner: string;
  kind: OutboxKind;
  /** The request as its sender posts it (photos as data URLs). */
  body: Record<string, unknown>;
  /** The incident an order step is for (the card shows it as pending). */
  incidentId?: string;
  /** What the person sees in the queue: "吹哨：村口三盏路灯不亮". */
  label: string;
  createdAt: number;
  attempts: number;
  /** Set when the server said no (a 4xx other than 401/408/429): kept to be shown, never sent again. */
  refused?: { status: number; message: string; at: number };
}
