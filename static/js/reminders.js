// The Reminders page: turns Web Push on or off for this browser. Our own static file (the
// Content-Security-Policy allows no inline script). The service worker (/sw.js) shows the
// notifications; this only asks the browser for a subscription and tells the server.
(function () {
  "use strict";

  const controls = document.getElementById("push-controls");
  if (!controls) return;
  const status = document.getElementById("push-status");
  const onButton = document.getElementById("push-on");
  const offButton = document.getElementById("push-off");

  function say(text) {
    status.textContent = text;
  }

  // The VAPID public key is base64url; PushManager wants its bytes.
  function keyBytes(base64url) {
    const base64 = (base64url + "=".repeat((4 - (base64url.length % 4)) % 4))
      .replace(/-/g, "+")
      .replace(/_/g, "/");
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  }

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function post(url, fields) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
      body: new URLSearchParams(fields),
    });
  }

  function show(subscribed) {
    onButton.hidden = subscribed;
    offButton.hidden = !subscribed;
  }

  async function subscribe() {
    const permission = await Notification.requestPermission();
    if (permission !== "granted") {
      say("Notifications are blocked for this site in your browser's settings.");
      return;
    }
    const registration = await navigator.serviceWorker.ready;
    const subscription = await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: keyBytes(controls.dataset.pushKey),
    });
    const json = subscription.toJSON();
    const response = await post(controls.dataset.subscribeUrl, {
      endpoint: json.endpoint,
      p256dh: json.keys.p256dh,
      auth: json.keys.auth,
    });
    if (response.ok) {
      say("Notifications are on for this device.");
      show(true);
    } else {
      // 409: this browser's subscription belongs to another account; it stays theirs.
      if (response.status !== 409) await subscription.unsubscribe();
      const answer = await response.json().catch(() => ({}));
      const reason = Array.isArray(answer.errors) ? " " + answer.errors.join(" ") : "";
      say("The server did not accept this browser's subscription; nothing changed." + reason);
    }
  }

  async function unsubscribe() {
    const registration = await navigator.serviceWorker.ready;
    const subscription = await registration.pushManager.getSubscription();
    if (subscription) {
      await post(controls.dataset.unsubscribeUrl, { endpoint: subscription.endpoint });
      await subscription.unsubscribe();
    }
    say("Notifications are off for this device.");
    show(false);
  }

  function failed(error) {
    say("Notifications could not be changed: " + error.message);
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !controls.dataset.pushKey) {
    say("This browser cannot show notifications from this site.");
    return;
  }
  onButton.addEventListener("click", () => subscribe().catch(failed));
  offButton.addEventListener("click", () => unsubscribe().catch(failed));
  navigator.serviceWorker.getRegistration().then((registration) => {
    if (!registration) {
      say("Notifications will be available once the app has finished installing on this device.");
      return;
    }
    return registration.pushManager.getSubscription().then((subscription) => {
      say(subscription ? "Notifications are on for this device." : "Notifications are off for this device.");
      show(Boolean(subscription));
    });
  }).catch(failed);
})();
