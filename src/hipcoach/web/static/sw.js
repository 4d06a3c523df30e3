/* hipcoach's service worker: the app works with no network once the runner has opened it online.
 *
 * Served from the site's root by web/pages/app_shell.py, which writes in the version (a hash of the static
 * files) and the list of static files. Static files are versioned by that hash, so they are answered from the
 * cache first; pages and answers are asked of the network first and kept only when they are on the runner's
 * list (GET /api/offline), so the cache is the fallback offline. Signing out empties the runner's cache.
 */

import { flush, SYNC_TAG } from "/static/outbox.js";

const VERSION = "__HIPCOACH_VERSION__";
const SHELL = "__HIPCOACH_SHELL__";
const STATIC_CACHE = `hipcoach-static-${VERSION}`;
const RUNNER_CACHE = `hipcoach-runner-${VERSION}`;
const OFFLINE_LIST = "/api/offline";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(STATIC_CACHE)
      .then((cache) => cache.addAll(SHELL.filter((url) => url.startsWith("/static/"))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("hipcoach-") && name !== STATIC_CACHE && name !== RUNNER_CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

function address(url) {
  return url.pathname + url.search;
}

/** The runner's list, as last fetched: { pages, files }, or null (signed out, or never fetched). */
async function runnerList() {
  const kept = await caches.open(RUNNER_CACHE).then((cache) => cache.match(OFFLINE_LIST));
  return kept ? kept.json() : null;
}

function keepable(response) {
  return response.ok && response.type === "basic" && !response.redirected;
}

/** Fetch the runner's list and everything on it: pages afresh each time, files only when missing. */
async function warm() {
  const response = await fetch(OFFLINE_LIST, { credentials: "same-origin" });
  if (!response.ok) {
    await caches.delete(RUNNER_CACHE); // signed out, or no program yet: nothing of anyone's is kept
    return false;
  }
  const cache = await caches.open(RUNNER_CACHE);
  const list = await response.clone().json();
  await cache.put(OFFLINE_LIST, response);
  const missing = [];
  for (const url of list.files) {
    if (!(await cache.match(url))) {
      missing.push(url);
    }
  }
  await Promise.all(
    [...list.pages, ...missing].map((url) =>
      fetch(url, { credentials: "same-origin" })
        .then((answer) => (keepable(answer) ? cache.put(url, answer) : null))
        .catch(() => null),
    ),
  );
  return true;
}

async function staticFirst(request) {
  const cache = await caches.open(STATIC_CACHE);
  const kept = await cache.match(request);
  if (kept) {
    return kept;
  }
  const response = await fetch(request);
  if (keepable(response)) {
    cache.put(request, response.clone());
  }
  return response;
}

function offlinePage() {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Offline · hipcoach</title>
<link rel="stylesheet" href="/static/app.css"></head><body><main id="main"><h1>You're offline</h1>
<p>This page isn't kept on this phone. Your session and check-in are: open them below.</p>
<p><a class="button" href="/session">Today's session</a> <a class="button secondary" href="/checkin">Check-in</a></p>
</main></body></html>`;
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function networkFirst(request, url) {
  const list = await runnerList();
  const own = list ? list.pages.includes(address(url)) || list.files.includes(address(url)) : false;
  try {
    const response = await fetch(request);
    if (own && keepable(response)) {
      const copy = response.clone();
      caches.open(RUNNER_CACHE).then((cache) => cache.put(address(url), copy));
    }
    return response;
  } catch (offline) {
    const kept = own ? await caches.open(RUNNER_CACHE).then((cache) => cache.match(address(url))) : null;
    if (kept) {
      return kept;
    }
    if (request.mode === "navigate") {
      return offlinePage();
    }
    throw offline;
  }
}

async function filesFirst(request, url) {
  const cache = await caches.open(RUNNER_CACHE);
  const kept = await cache.match(address(url));
  return kept || networkFirst(request, url);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.method === "POST" && (url.pathname === "/logout" || url.pathname === "/login")) {
    // Signing out, or signing in (perhaps someone else, after a sign-in that expired with no sign-out): the
    // next person on this phone finds nothing of the last one's; the new runner's pages are kept afresh.
    event.waitUntil(caches.delete(RUNNER_CACHE));
    return;
  }
  if (request.method !== "GET" || url.pathname === "/sw.js") {
    return;
  }
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticFirst(request));
  } else if (url.pathname.startsWith("/exercises/")) {
    event.respondWith(filesFirst(request, url));
  } else {
    event.respondWith(networkFirst(request, url));
  }
});

function tellPages(message) {
  return self.clients
    .matchAll({ includeUncontrolled: true })
    .then((pages) => pages.forEach((page) => page.postMessage(message)));
}

self.addEventListener("message", (event) => {
  if (event.data === "warm") {
    event.waitUntil(
      warm()
        .catch(() => false)
        .then((kept) => tellPages({ type: "warmed", kept })),
    );
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag === SYNC_TAG) {
    event.waitUntil(flush().then((outcomes) => tellPages({ type: "outbox", outcomes })));
  }
});
