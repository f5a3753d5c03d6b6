// The printable summary's "Print or save as PDF" button. It is hidden until this script
// shows it, so that without JavaScript nobody sees a button that does nothing (the
// browser's own Print still works).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("button[data-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
});
