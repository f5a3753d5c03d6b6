// Cramp Journal's service worker (served by journal/app_shell.py from "/", so its scope is the
// whole site). It keeps the app shell (styles, scripts, icons) and the last Today page seen
// online, so that Today opens without a network, and an offline page of our own (public, fetched
// without cookies) for any other page opened without one; it shows reminders sent by Web Push.
//
// Private data: the only page it keeps is Today, of the person signed in, with that person's
// opaque key (the page's data-offline-owner). It forgets it when the session ends (a visit to
// Today that lands elsewhere, i.e. on the login page), when the page says the person signed
// out, and when a page says someone else is signed in now: a session that ended without
// signing out leaves nothing for the next person to open offline. Unsent taps live in IndexedDB, kept by the page
// (static/js/app.js), not here.
"use strict";

const VERSION = {{ version|safe }};
const SHELL = {{ shell|safe }};
const TODAY = {{ today|safe }};
const HOME = {{ home|safe }};
const OFFLINE = {{ offline|safe }};
const STATIC = {{ static|safe }};
const PREFIX = "cramp-journal-";
const SHELL_CACHE = `${PREFIX}shell-${VERSION}`;
const TODAY_CACHE = `${PREFIX}today`;
// Whose Today is kept, beside it in the same cache (a query, so that it is Today's address).
const KEPT_FOR = `${TODAY}?kept-for`;
const SYNC_TAG = "journal-taps";
const ICON = SHELL.find((path) => path.includes("icon-192")) || "";

// Today as the server answers it now: kept if it is Today; forgotten if the server sent the
// visit elsewhere (the login page, once the session is over).
async function keepToday(response) {
  const landed = response.url ? new URL(response.url).pathname : null;
  if (response.ok && landed === TODAY) {
    const owner = ownerOf(await response.clone().text());
    const cache = await caches.open(TODAY_CACHE);
    await cache.put(TODAY, response);
    await cache.put(KEPT_FOR, new Response(owner));
  } else if (response.type === "opaqueredirect" || (response.ok && landed !== TODAY)) {
    await caches.delete(TODAY_CACHE);
  }
}

function ownerOf(html) {
  const found = /<body[^>]*\sdata-offline-owner="([^"]+)"/.exec(html);
  return found ? found[1] : "";
}

// The kept Today, if it is kept with its owner's key.
async function keptToday() {
  const cache = await caches.open(TODAY_CACHE);
  const [kept, keptFor] = await Promise.all([cache.match(TODAY, { ignoreVary: true }), cache.match(KEPT_FOR)]);
  return kept && keptFor && (await keptFor.text()) ? kept : null;
}

// A page says who is signed in now: another person's Today is forgotten at once.
async function forgetTodayUnlessKeptFor(owner) {
  const keptFor = await caches.match(KEPT_FOR, { cacheName: TODAY_CACHE });
  if (keptFor && (await keptFor.text()) === owner) return;
  await caches.delete(TODAY_CACHE);
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      await cache.addAll(SHELL);
      // Without cookies: the page is the same for everyone and holds nothing private.
      try {
        await cache.add(new Request(OFFLINE, { credentials: "omit" }));
      } catch (error) {
        // Offline already: the worker still installs; the next version keeps the page.
      }
      // The page that registered the worker was shown before the worker existed: keep
      // Today now, or the first night offline would have nothing to open.
      try {
        await keepToday(await fetch(TODAY, { credentials: "same-origin" }));
      } catch (error) {
        // Offline already: the next visit online keeps it.
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      const stale = names.filter((name) => name.startsWith(`${PREFIX}shell-`) && name !== SHELL_CACHE);
      await Promise.all(stale.map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

// Today and the front door (which sends a signed-in person to Today): the network first,
// the kept Today when there is none. Only a visit to Today itself refreshes the kept copy.
async function openToday(request) {
  try {
    const response = await fetch(request);
    if (new URL(request.url).pathname === TODAY) await keepToday(response.clone());
    return response;
  } catch (error) {
    const kept = await keptToday();
    if (kept) return kept;
    throw error;
  }
}

// Any other page: the network, as if there were no worker; without one, the offline page.
async function openPage(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const page = await caches.match(OFFLINE, { cacheName: SHELL_CACHE, ignoreVary: true });
    if (page) return page;
    throw error;
  }
}

// Static files: the network first (so a change shows at once), the kept copy offline.
async function openStatic(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const cache = await caches.open(SHELL_CACHE);
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const kept = await caches.match(request, { ignoreVary: true });
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && (url.pathname === TODAY || url.pathname === HOME)) {
    event.respondWith(openToday(request));
  } else if (SHELL.includes(url.pathname) || url.pathname.startsWith(STATIC)) {
    event.respondWith(openStatic(request));
  } else if (request.mode === "navigate") {
    event.respondWith(openPage(request));
  }
  // Everything else goes to the network as if there were no worker: no other private page
  // is ever kept.
});

// The page signs out: nothing of this person may stay on the phone.
async function forgetEverything() {
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(PREFIX)).map((name) => caches.delete(name)));
}

self.addEventListener("message", (event) => {
  const kind = event.data && event.data.type;
  if (kind === "sign-out") {
    event.waitUntil(
      forgetEverything().then(() => event.source && event.source.postMessage({ type: "signed-out" })),
    );
  } else if (kind === "signed-in" && typeof event.data.owner === "string" && event.data.owner) {
    event.waitUntil(
      forgetTodayUnlessKeptFor(event.data.owner).then(
        () => event.source && event.source.postMessage({ type: "owner-checked" }),
      ),
    );
  }
});

// Background sync: the network is back. The page sends the taps (it has the CSRF token and
// the person's key), so wake the pages that are open.
self.addEventListener("sync", (event) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(
    self.clients.matchAll({ type: "window" }).then((pages) => {
      pages.forEach((page) => page.postMessage({ type: "send-taps" }));
    }),
  );
});

// A reminder: {"title": ..., "body": ..., "url": ...}. Only a page of this site is opened.
function ownUrl(address) {
  try {
    const url = new URL(address || TODAY, self.location.origin);
    return url.origin === self.location.origin ? url.href : new URL(TODAY, self.location.origin).href;
  } catch (error) {
    return new URL(TODAY, self.location.origin).href;
  }
}

self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = { body: event.data ? event.data.text() : "" };
  }
  const title = typeof message.title === "string" && message.title ? message.title : "Cramp Journal";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof message.body === "string" ? message.body : "",
      icon: ICON,
      badge: ICON,
      data: { url: ownUrl(message.url) },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = ownUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(
    (async () => {
      const pages = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = pages.find((page) => page.url === target);
      if (open) return open.focus();
      return self.clients.openWindow(target);
    })(),
  );
});
