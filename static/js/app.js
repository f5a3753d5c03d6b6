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
