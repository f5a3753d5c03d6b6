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
