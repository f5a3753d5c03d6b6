// Small enhancements that the pages work without. No inline scripts: the CSP forbids them.
"use strict";

// Sign-up offers the browser's own time zone, so that entries land on the right local day
// without the person having to find their city in a list of hundreds.
function preselectBrowserTimeZone() {
  let zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone) return;
  document.querySelectorAll("select[data-browser-time-zone]").forEach((select) => {
    const untouched = select.value === "UTC" && !select.dataset.userChosen;
    const offered = Array.from(select.options).some((option) => option.value === zone);
    if (untouched && offered) select.value = zone;
  });
}

document.addEventListener("DOMContentLoaded", preselectBrowserTimeZone);

// Quick-entry forms carry a request token so that a double tap or a retried request adds one
// entry, not two. After a request that went through, the form needs a fresh token, or the
// next tap on the same page (a second glass of water, a second cramp) would count as a copy.
function newRequestToken() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  // randomUUID needs a secure context; getRandomValues does not.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

document.addEventListener("htmx:afterRequest", (event) => {
  if (!event.detail.successful) return; // keep the token: a retry must stay a copy
  const form = event.detail.elt.closest("form");
  const token = form && form.querySelector("input[name=request_token]");
  if (token) token.value = newRequestToken();
});

// While a tap is sent its button is disabled (hx-disabled-elt), so that a second tap cannot
// send it twice; a disabled button loses the keyboard focus to the page, and Enter then does
// nothing. Give the focus back once the button works again, when it is still there and the
// focus has gone nowhere else. What the answer brings with `autofocus` (the cramp's details,
// Undo) takes it a moment later, when htmx settles the swap.
const focusBeforeRequest = new WeakMap();

document.addEventListener("htmx:beforeRequest", (event) => {
  const active = document.activeElement;
  if (active && active !== document.body && event.detail.elt.contains(active)) {
    focusBeforeRequest.set(event.detail.elt, active);
  }
});

document.addEventListener("htmx:afterRequest", (event) => {
  const focused = focusBeforeRequest.get(event.detail.elt);
  focusBeforeRequest.delete(event.detail.elt);
  const lost = !document.activeElement || document.activeElement === document.body;
  if (focused && lost && focused.isConnected && !focused.disabled) focused.focus();
});

// A write that failed (the server's error, the network down, a refusal with nothing to show)
// says so beside its button and in the page's live region. The form stays as it was, with
// the same request token, so that the retry is the same request: saved once, whatever
// happened to the first one.
const NOT_SAVED = "Not saved. Try again.";

function sayNotSaved(event) {
  const config = event.detail.requestConfig;
  if (!config || config.verb === "get") return; // a failed refresh or panel load saves nothing
  const form = event.detail.elt.closest("form");
  // A quick tap that never reached the server is kept on the phone and sent later
  // (offline.js says so): it is not lost, so it must not say "Not saved".
  if (event.type === "htmx:sendError" && form && form.hasAttribute("data-offline-tap")) return;
  const liveRegion = document.getElementById("journal-status");
  if (form) {
    let note = form.querySelector(".not-saved");
    if (!note) {
      note = document.createElement("p");
      note.className = "not-saved";
      // Without the page's live region, the note itself must be heard.
      if (!liveRegion) note.setAttribute("role", "alert");
      form.append(note);
    }
    note.textContent = NOT_SAVED;
  }
  if (liveRegion) {
    const message = document.createElement("p");
    message.className = "journal-status journal-status--failed";
    message.textContent = NOT_SAVED;
    liveRegion.replaceChildren(message);
  }
}

["htmx:responseError", "htmx:sendError", "htmx:timeout"].forEach((name) =>
  document.addEventListener(name, sayNotSaved),
);

document.addEventListener("htmx:afterRequest", (event) => {
  if (!event.detail.successful) return;
  const form = event.detail.elt.closest && event.detail.elt.closest("form");
  const note = form && form.querySelector(".not-saved");
  if (note) note.remove();
});
