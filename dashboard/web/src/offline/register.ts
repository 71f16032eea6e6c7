// What makes a phone page work offline: the service worker (the page's shell from the phone), the outbox
// (actions kept until sent) with its count on screen, and forgetting the person's kept work on 退出登录.
// A service worker needs a secure context (https, or http://127.0.0.1 / localhost); on a plain-http LAN
// address the outbox still works, only the shell then needs the network to load.
import type { Me } from '../types';
import { Outbox } from './outbox';
import { showOutbox } from './outboxView';
import { forgetMe } from './session';
import { forget } from './work';

export const SERVICE_WORKER = '/sw.js';

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register(SERVICE_WORKER, { scope: '/' }).catch((e) => console.warn('service worker not registered', e));
}

/** Starts the offline side of a phone page for the logged-in person; returns their outbox. */
export async function startHandheld(me: Me): Promise<Outbox> {
  registerServiceWorker();
  for (const button of document.querySelectorAll<HTMLElement>('[data-action="logout"]')) {
    button.addEventListener('click', () => {
      forgetMe();
      void forget(me.name);
    });
  }
  const outbox = new Outbox(me.name);
  showOutbox(outbox);
  await outbox.start();
  return outbox;
}
