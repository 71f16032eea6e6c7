// The service worker (/sw.js): keeps the phone pages' shell (HTML, scripts, styles, icons, the manifest)
// on the phone with workbox's precaching, so 吹哨 and 我的工单 (and the login page) open without a signal.
// The list and each file's revision (a content hash) are written in by build.mjs; a new build changes the
// revisions, and the next visit online fetches only what changed. Nothing else is answered from here: the
// API and the hub always go to the network (the pages keep the person's work in IndexedDB themselves).
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';

declare const __PRECACHE__: { url: string; revision: string }[];
declare const __PHONE_MAP__: { url: string; revision: string }[];

// A new version takes over at once: the shell is a few static files, and the outbox in IndexedDB does not
// depend on which version sends it.
(self as unknown as { skipWaiting(): Promise<void> }).skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(__PRECACHE__);

// The phone's map is kept the first time a page asks for it (build.mjs says why not at install), in a cache
// named after this build's revisions of its files: a new build's map is fetched afresh, and the old one deleted.
const MAP_CACHE = 'gd-phone-map-' + __PHONE_MAP__.map((f) => f.revision.slice(0, 6)).join('');
const mapFiles = new Set(__PHONE_MAP__.map((f) => f.url));
interface FetchEvent extends Event { request: Request; respondWith(answer: Promise<Response>): void }
interface LifecycleEvent extends Event { waitUntil(work: Promise<unknown>): void }

self.addEventListener('activate', (e) => (e as LifecycleEvent).waitUntil(caches.keys().then((names) =>
  Promise.all(names.filter((n) => n.startsWith('gd-phone-map-') && n !== MAP_CACHE).map((n) => caches.delete(n))))));

self.addEventListener('fetch', (e) => {
  const { request } = e as FetchEvent;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || !mapFiles.has(url.pathname)) return;
  (e as FetchEvent).respondWith(caches.open(MAP_CACHE).then(async (cache) => {
    const kept = await cache.match(url.pathname);
    if (kept) return kept;
    const fresh = await fetch(request);
    if (fresh.ok) await cache.put(url.pathname, fresh.clone());
    return fresh;
  }));
});
