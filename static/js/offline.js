// Offline taps and the service worker. No inline scripts: the CSP forbids them.
//
// A cramp at 3 a.m. is logged half awake, often with no signal. Offline, "Log a cramp now"
// and the water buttons keep each tap in IndexedDB (its request token, the form's fields,
// the moment of the tap and the key of the person signed in), say so, and send the taps
// when the network is back. The server adds each at its tap time, once per token; a tap
// leaves the phone as soon as the server has it. Signing out clears everything this site
// kept on the phone. What is kept and when it goes: docs/offline.md.
"use strict";

const TAPS_DATABASE = "cramp-journal-offline";
const TAPS = "taps";
const CACHE_PREFIX = "cramp-journal-";
const SYNC_TAG = "journal-taps";
const OLDEST_TAP_MS = 7 * 24 * 60 * 60 * 1000; // the server refuses older taps anyway
const SIGN_OUT_WAIT_MS = 3000;

// --- The taps kept on this phone (IndexedDB) ------------------------------------------------

function openTaps() {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(TAPS_DATABASE, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore(TAPS, { keyPath: "token" });
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
  });
}

async function withTaps(mode, work) {
  const database = await openTaps();
  try {
    return await new Promise((resolve, reject) => {
      const transaction = database.transaction(TAPS, mode);
      const result = work(transaction.objectStore(TAPS));
      transaction.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  } finally {
    database.close();
  }
}

const keepTap = (tap) => withTaps("readwrite", (store) => store.put(tap));
const keptTaps = () => withTaps("readonly", (store) => store.getAll());
const dropTap = (token) => withTaps("readwrite", (store) => store.delete(token));

function forgetTaps() {
  return new Promise((resolve) => {
    const deleting = indexedDB.deleteDatabase(TAPS_DATABASE);
    deleting.onsuccess = deleting.onerror = deleting.onblocked = () => resolve();
  });
}

// --- Who is signed in, and what the page says ---------------------------------------------

function signedInKey() {
  return document.body.dataset.offlineOwner || null;
}

function csrfToken() {
  try {
    return JSON.parse(document.body.dataset.hxHeaders || "{}")["x-csrftoken"] || "";
  } catch (error) {
    return "";
  }
}

// The status line under the heading: the page's live region (role=status), filled as the
// server's answers fill it.
function say(message) {
  const slot = document.getElementById("journal-status");
  if (!slot) return;
  const line = document.createElement("p");
  line.className = "journal-status";
  line.textContent = message;
  slot.replaceChildren(line);
}

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

function describe(tap) {
  // 24-hour, as the server writes times ("H:i").
  const time = new Date(tap.tappedAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const drink = tap.label || `${tap.fields.volume_ml} ml ${tap.fields.kind || "drink"}`;
  const what = tap.kind === "cramp" ? "a cramp" : drink;
  return `${what} at ${time}`;
}

async function sayWaiting(latest) {
  const owner = signedInKey();
  const waiting = (await keptTaps()).filter((tap) => tap.owner === owner).length;
  if (!latest && !waiting) return;
  const detail = latest ? `: ${describe(latest)}` : "";
  say(`Saved on this phone, will sync${detail} (${plural(waiting, "tap", "taps")} waiting).`);
}

// --- Keeping a tap ------------------------------------------------------------------------

function offlineForm(element) {
  return element && element.closest ? element.closest("form[data-offline-tap]") : null;
}

async function keepFormTap(form) {
  const owner = signedInKey();
  const token = form.querySelector("input[name=request_token]");
  if (!owner || !token) return;
  const fields = {};
  new FormData(form).forEach((value, name) => {
    if (name !== "csrfmiddlewaretoken" && name !== "request_token") fields[name] = String(value);
  });
  const tap = {
    token: token.value,
    action: form.action,
    kind: form.dataset.offlineTap,
    label: form.dataset.offlineLabel, // "8 fl oz water": the button's words, in the person's units
    fields,
    tappedAt: new Date().toISOString(),
    owner,
  };
  // A new token at once: the next tap is another cramp or glass, not a copy of this one.
  token.value = newRequestToken();
  try {
    await keepTap(tap);
  } catch (error) {
    say("This tap could not be saved on this phone. Try again when you have a signal.");
    return;
  }
  await sayWaiting(tap);
  askForBackgroundSync();
}

function askForBackgroundSync() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.ready
    .then((registration) => registration.sync && registration.sync.register(SYNC_TAG))
    .catch(() => {}); // not offered by every browser: the online event and page load do it
}

// htmx is about to send a quick action while the phone knows it is offline: keep it instead.
document.addEventListener("htmx:beforeRequest", (event) => {
  const form = offlineForm(event.detail.elt);
  if (!form || navigator.onLine) return;
  event.preventDefault();
  keepFormTap(form);
});

// The phone thought it was online, but the request never reached the server.
document.addEventListener("htmx:sendError", (event) => {
  const form = offlineForm(event.detail.elt);
  if (form) keepFormTap(form);
});

// Without htmx (its script not loaded), the form would post and fail: keep the tap.
document.addEventListener("submit", (event) => {
  const form = offlineForm(event.target);
  if (!form || event.defaultPrevented || navigator.onLine) return;
  event.preventDefault();
  keepFormTap(form);
});

// --- Sending the kept taps ----------------------------------------------------------------

let sending = null;

function sendKeptTaps() {
  if (!sending) sending = sendEachTap().finally(() => (sending = null));
  return sending;
}

async function sendEachTap() {
  const owner = signedInKey();
  if (!owner || !navigator.onLine || !window.indexedDB) return;
  const taps = await keptTaps();
  const now = Date.now();
  const fresh = (tap) => now - Date.parse(tap.tappedAt) <= OLDEST_TAP_MS; // false for no date
  // A tap nobody could send for a week (its person never came back) cannot be added: drop it.
  await Promise.all(taps.filter((tap) => !fresh(tap)).map((tap) => dropTap(tap.token)));
  const mine = taps
    .filter((tap) => tap.owner === owner && fresh(tap))
    .sort((a, b) => a.tappedAt.localeCompare(b.tappedAt));
  let added = 0;
  const refusals = [];
  for (const tap of mine) {
    const body = new URLSearchParams({ ...tap.fields, request_token: tap.token, tapped_at: tap.tappedAt });
    let response;
    try {
      response = await fetch(tap.action, {
        method: "POST",
        body,
        headers: { "X-CSRFToken": csrfToken() },
        credentials: "same-origin",
        redirect: "manual", // a redirect means signed out: keep the tap
      });
    } catch (error) {
      break; // the network went again
    }
    const json = (response.headers.get("Content-Type") || "").startsWith("application/json");
    if (json && (response.status === 201 || response.status === 200)) {
      await dropTap(tap.token); // the server has it (200: it had it already)
      if (response.status === 201) added += 1;
    } else if (json && response.status === 422) {
      const answer = await response.json().catch(() => ({}));
      await dropTap(tap.token); // it can never be added: say why, once
      refusals.push(`${describe(tap)}: ${answer.error || "refused"}`);
    } else {
      break; // signed out, an old page's CSRF token, server trouble: try again later
    }
  }
  if (added || refusals.length) {
    const parts = [];
    if (added) parts.push(`${plural(added, "tap", "taps")} saved on this phone ${added === 1 ? "is" : "are"} now in your journal.`);
    if (refusals.length) parts.push(`Not added: ${refusals.join("; ")}`);
    say(parts.join(" "));
    if (window.htmx) htmx.trigger(document.body, "journalChanged"); // refresh totals and entries
  }
}

window.addEventListener("online", sendKeptTaps);

// --- Signing out: nothing stays on the phone ------------------------------------------------

async function forgetThisPhone() {
  const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
  if (worker) worker.postMessage({ type: "sign-out" });
  const caching = window.caches
    ? caches.keys().then((names) => Promise.all(names.filter((n) => n.startsWith(CACHE_PREFIX)).map((n) => caches.delete(n))))
    : Promise.resolve();
  await Promise.all([window.indexedDB ? forgetTaps() : null, caching]);
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches || !form.matches("form[data-sign-out]") || form.dataset.forgotten) return;
  event.preventDefault();
  const wait = new Promise((resolve) => setTimeout(resolve, SIGN_OUT_WAIT_MS));
  // Unsent taps go to the server first if they can; then the phone forgets them either way.
  const leave = (window.indexedDB ? sendKeptTaps().catch(() => {}) : Promise.resolve()).then(forgetThisPhone);
  Promise.race([leave, wait]).finally(() => {
    form.dataset.forgotten = "true";
    form.submit();
  });
});

// --- The service worker, and each page load -------------------------------------------------

function startServiceWorker() {
  const script = document.body.dataset.serviceWorker;
  if (!script || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register(script).catch(() => {}); // the app still works without it
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data && event.data.type === "send-taps") sendKeptTaps();
    if (event.data && event.data.type === "owner-checked") document.body.dataset.ownerChecked = "";
  });
  // Whoever used this phone before may not have signed out (their session ran out): the
  // worker forgets their kept Today once it hears that someone else is signed in.
  const owner = signedInKey();
  if (owner) {
    navigator.serviceWorker.ready.then((registration) => {
      if (registration.active) registration.active.postMessage({ type: "signed-in", owner });
    });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  startServiceWorker();
  // A page opened from the phone's copy carries the tokens of its last visit, some maybe
  // spent already: each quick action gets a token of its own.
  document.querySelectorAll("form[data-offline-tap] input[name=request_token]").forEach((token) => {
    token.value = newRequestToken();
  });
  if (!signedInKey() || !window.indexedDB) return;
  if (navigator.onLine) sendKeptTaps();
  else sayWaiting(null);
});
