// The service worker (/sw.js): keeps the phone pages' shell (HTML, scripts, styles, icons, the manifest)
// on the phone with workbox's precaching, so 吹哨 and 我的工单 (and the login page) open without a signal.
// The list and each file's revision (a content hash) are written in by build.mjs; a new build changes the
// revisions, and the next visit online fetches only what changed. Nothing else is answered from here: the
// API and the hub always go to the network (the pages keep the person's work in IndexedDB themselves).
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';

declare const __PRECACHE__: { url: string; revision: string }[];

// A new version takes over at once: the shell is a few static files, and the outbox in IndexedDB does not
// depend on which version sends it.
(self as unknown as { skipWaiting(): Promise<void> }).skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(__PRECACHE__);
