// The outbox: every whistle and work-order step goes through here. It is written to IndexedDB before it is
// sent, so closing the app or losing the signal loses nothing; it is deleted once the server has answered
// 2xx, so it is sent until the server has it, and the server's idempotency (by whistle id, by step) makes a
// re-send after a lost answer harmless: each lands once. Sent oldest first (a 到场 before its 完成), one
// sender at a time across the person's tabs (a Web Lock); retried when the signal returns, on page load and
// with back-off. A refusal (403 reassigned, 409 no longer possible, 400) is kept and shown, never re-sent.
import { ApiError, errorMessage } from '../api';
import { getToken, LoginRedirect } from '../token';
import type { Incident, WhistleReply } from '../types';
import { db } from './db';
import type { OutboxEntry, OutboxKind } from './outboxEntry';
import { senders } from './senders';

export type Reply = Incident | WhistleReply;

/** Sent now (the server's answer), or kept on the phone to be sent when the signal returns. */
export type Outcome = { sent: true; reply: Reply } | { sent: false };

const LOCK = 'griddispatch-outbox';
const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 60_000;

/** Worth trying again later: no network, a timeout, too many requests, the server busy or failing. */
export function isTransient(e: unknown): boolean {
  if (!(e instanceof ApiError)) return !(e instanceof LoginRedirect);
  return e.status === 0 || e.status === 408 || e.status === 429 || e.status >= 500;
}

/** The delay before the n-th retry (0-based): 2 s doubling to a minute. */
export const retryDelayMs = (n: number): number => Math.min(FIRST_RETRY_MS * 2 ** n, MAX_RETRY_MS);

export class Outbox {
  private entries: OutboxEntry[] = [];
  private readonly changed = new Set<() => void>();
  private readonly sent = new Set<(entry: OutboxEntry, reply: Reply) => void>();
  /** Answers and refusals of submissions still waiting in submit(). */
  private readonly awaiting = new Set<string>();
  private readonly replies = new Map<string, Reply>();
  private readonly refusals = new Map<string, unknown>();
  private chain: Promise<void> = Promise.resolve();
  private retries = 0;
  private timer = 0;

  constructor(private readonly owner: string) {}

  /** Loads the queue, sends what is waiting, and sends again whenever the signal returns. */
  async start(): Promise<void> {
    window.addEventListener('online', () => {
      this.retries = 0;
      void this.flush();
    });
    await this.reload();
    void this.flush();
  }

  /** Waiting to be sent (oldest first). */
  pending(): OutboxEntry[] {
    return this.entries.filter((e) => !e.refused);
  }

  /** Refused by the server, kept until the person has read why. */
  refused(): OutboxEntry[] {
    return this.entries.filter((e) => !!e.refused);
  }

  /** The last step still waiting for an incident (the card shows the order as if it had been sent). */
  pendingStep(incidentId: string): OutboxKind | null {
    const steps = this.pending().filter((e) => e.incidentId === incidentId);
    return steps.length ? steps[steps.length - 1]!.kind : null;
  }

  onChange(listener: () => void): void {
    this.changed.add(listener);
  }

  /** Called for every entry the server took, also one sent long after the page that made it was closed. */
  onSent(listener: (entry: OutboxEntry, reply: Reply) => void): void {
    this.sent.add(listener);
  }

  /**
   * Keeps the action on the phone, then tries to send it (after anything older). Throws the server's refusal
   * (the entry is then dropped: the page shows the error where the person acted).
   */
  async submit(kind: OutboxKind, id: string, body: Record<string, unknown>, label: string, incidentId?: string): Promise<Outcome> {
    const entry: OutboxEntry = { id, owner: this.owner, kind, body, label, createdAt: Date.now(), attempts: 0 };
    if (incidentId) entry.incidentId = incidentId;
    await (await db()).put('outbox', entry);
    this.awaiting.add(id);
    try {
      await this.reload();
      await this.flush();
    } finally {
      this.awaiting.delete(id);
    }
    const reply = this.replies.get(id);
    if (reply) {
      this.replies.delete(id);
      return { sent: true, reply };
    }
    if (this.refusals.has(id)) {
      const refusal = this.refusals.get(id);
      this.refusals.delete(id);
      await this.dismiss(id);
      throw refusal;
    }
    return { sent: false };
  }

  /** Forgets a refused entry once the person has seen it. */
  async dismiss(id: string): Promise<void> {
    await (await db()).delete('outbox', id);
    await this.reload();
  }

  /** Sends what is waiting; calls made while one runs queue behind it, so each sees the entries added before it. */
  flush(): Promise<void> {
    this.chain = this.chain.then(() => this.flushOnce()).catch((e) => console.warn('outbox flush failed', e));
    return this.chain;
  }

  private async flushOnce(): Promise<void> {
    window.clearTimeout(this.timer);
    // No session (logged out, or a new tab): the entries wait for their owner to log in again.
    if (!getToken()) return;
    // Offline: the `online` event sends; the timer too, in case a browser does not say.
    if (!navigator.onLine) {
      this.retryLater();
      return;
    }
    const run = async () => {
      const d = await db();
      for (const entry of await d.getAllFromIndex('outbox', 'byCreated')) {
        if (entry.owner !== this.owner || entry.refused) continue;
        const send = senders[entry.kind];
        if (!send) continue; // a kind this version does not know
        try {
          const reply = await send(entry);
          await d.delete('outbox', entry.id);
          this.retries = 0;
          if (this.awaiting.has(entry.id)) this.replies.set(entry.id, reply);
          for (const listener of this.sent) listener(entry, reply);
        } catch (e) {
          if (e instanceof LoginRedirect) return;
          if (isTransient(e)) {
            await d.put('outbox', { ...entry, attempts: entry.attempts + 1 });
            this.retryLater();
            return; // the rest wait behind it: steps keep their order
          }
          const status = e instanceof ApiError ? e.status : 0;
          await d.put('outbox', { ...entry, refused: { status, message: errorMessage(e), at: Date.now() } });
          if (this.awaiting.has(entry.id)) this.refusals.set(entry.id, e);
        }
      }
    };
    try {
      if (navigator.locks) await navigator.locks.request(LOCK, run);
      else await run();
    } finally {
      await this.reload();
    }
  }

  private retryLater(): void {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.flush(), retryDelayMs(this.retries++));
  }

  private async reload(): Promise<void> {
    const all = await (await db()).getAllFromIndex('outbox', 'byCreated');
    this.entries = all.filter((e) => e.owner === this.owner);
    for (const listener of this.changed) listener();
  }
}
