// The person's current work as last seen online (their cells, their orders), kept on the phone so the
// pages can be read without a signal. Keyed by owner: one person never reads another's, and logging out
// forgets it. Only a network failure falls back to it; a refusal (401, 403) is never papered over.
import { ApiError } from '../api';
import { db } from './db';

const keyOf = (owner: string, what: string) => `${owner}|${what}`;

/** True once kept; false when the phone would not keep it (private mode, a full disk: online still works). */
export async function remember(owner: string, what: string, value: unknown): Promise<boolean> {
  try {
    await (await db()).put('work', { key: keyOf(owner, what), owner, value, savedAt: Date.now() });
    return true;
  } catch (e) {
    console.warn('could not keep work for offline use', e);
    return false;
  }
}

export async function recall<T>(owner: string, what: string): Promise<T | undefined> {
  try {
    return (await (await db()).get('work', keyOf(owner, what)))?.value as T | undefined;
  } catch {
    return undefined;
  }
}

/** Loads online and keeps a copy; without a network, the copy (if any). */
export async function readThrough<T>(owner: string, what: string, load: () => Promise<T>): Promise<T> {
  try {
    const value = await load();
    void remember(owner, what, value);
    return value;
  } catch (e) {
    if (e instanceof ApiError && e.status === 0) {
      const kept = await recall<T>(owner, what);
      if (kept !== undefined) return kept;
    }
    throw e;
  }
}

/** Everything kept for this person (logging out). */
export async function forget(owner: string): Promise<void> {
  try {
    const d = await db();
    for (const key of await d.getAllKeys('work')) if (key.startsWith(`${owner}|`)) await d.delete('work', key);
  } catch {
    // nothing kept
  }
}
