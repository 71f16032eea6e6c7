// Who is logged in, also without a signal: the answer of /api/me is kept beside the token in this tab's
// sessionStorage, and used only when the server cannot be reached while the tab still holds its token.
// A new tab (or the app reopened) has no token and goes to the login page, as online.
import { ApiError } from '../api';
import { requireSession } from '../auth';
import { getToken } from '../token';
import type { Me } from '../types';

const ME_KEY = 'griddispatch.me';

export async function requireSessionOffline(): Promise<Me> {
  try {
    const me = await requireSession();
    sessionStorage.setItem(ME_KEY, JSON.stringify(me));
    return me;
  } catch (e) {
    const kept = e instanceof ApiError && e.status === 0 && getToken() ? sessionStorage.getItem(ME_KEY) : null;
    if (kept) return JSON.parse(kept) as Me;
    throw e;
  }
}

export function forgetMe(): void {
  sessionStorage.removeItem(ME_KEY);
}
