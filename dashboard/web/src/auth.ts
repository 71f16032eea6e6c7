// Who is logged in, where each role belongs, and the 登出 button.
import { api } from './api';
import { clearToken, getToken, LOGIN_PAGE, redirectToLogin } from './token';
import type { Me, Role } from './types';

export function homeFor(role: Role): string {
  switch (role) {
    case 'leader': return '/handheld/whistle.html';
    case 'responder': return '/handheld/orders.html';
    default: return '/';
  }
}

/** The page's first step: without a token go to the login page, else ask who we are. */
export async function requireSession(): Promise<Me> {
  if (!getToken()) redirectToLogin();
  return api.me();
}

export async function logout(): Promise<void> {
  try {
    if (getToken()) await api.logout();
  } catch {
    // the token is forgotten either way
  } finally {
    clearToken();
    location.replace(LOGIN_PAGE);
  }
}

/** Wires every element marked data-action="logout". */
export function wireLogout(root: ParentNode = document): void {
  for (const button of root.querySelectorAll<HTMLElement>('[data-action="logout"]')) {
    button.addEventListener('click', () => void logout());
  }
}
