// The phone's own database (IndexedDB, through idb): the outbox of actions not yet sent, and the person's
// current work as last seen online (for reading it offline). It outlives the tab and the app being closed.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { OutboxEntry } from './outboxEntry';

interface HandheldDb extends DBSchema {
  outbox: { key: string; value: OutboxEntry; indexes: { byCreated: number } };
  /** Keyed `${owner}|${what}`: only the person who fetched it reads it back. */
  work: { key: string; value: { key: string; owner: string; value: unknown; savedAt: number } };
}

const NAME = 'griddispatch-handheld';
let opened: Promise<IDBPDatabase<HandheldDb>> | null = null;

export function db(): Promise<IDBPDatabase<HandheldDb>> {
  opened ??= openDB<HandheldDb>(NAME, 1, {
    upgrade(d) {
      d.createObjectStore('outbox', { keyPath: 'id' }).createIndex('byCreated', 'createdAt');
      d.createObjectStore('work', { keyPath: 'key' });
    },
  });
  return opened;
}
