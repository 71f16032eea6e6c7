// The bearer token, kept in sessionStorage (one browser tab, gone when the tab closes).

const TOKEN_KEY = 'griddispatch.token';
const EXPIRES_KEY = 'griddispatch.tokenExpires';

export function getToken(): string | null {
  try {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) return null;
    const expires = Number(sessionStorage.getItem(EXPIRES_KEY) ?? '0');
    if (expires > 0 && Date.now() >= expires) {
      clearToken();
      return null;
    }
    return token;
  } catch {
    return null;
  }
}

export function setToken(token: string, expiresInSeconds: number): void {
  sessionStorage.setItem(TOKEN_KEY, token);
  if (expiresInSeconds > 0) sessionStorage.setItem(EXPIRES_KEY, String(Date.now() + expiresInSeconds * 1000));
  else sessionStorage.removeItem(EXPIRES_KEY);
}

export function clearToken(): void {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(EXPIRES_KEY);
  } catch {
    // storage unavailable: nothing to clear
  }
}

export const LOGIN_PAGE = '/login.html';

/** Leaves for the login page, forgetting the token (a missing or refused token). */
export function redirectToLogin(): never {
  clearToken();
  if (location.pathname !== LOGIN_PAGE) location.replace(LOGIN_PAGE);
  throw new LoginRedirect();
}

/** Thrown after a redirect to the login page so that no caller goes on as if it had an answer. */
export class LoginRedirect extends Error {
  constructor() {
    super('redirecting to login');
    this.name = 'LoginRedirect';
  }
}
