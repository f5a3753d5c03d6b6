"""The installable app on the deployed site: the service worker installs from collected static
files, Today opens offline, a tap made offline reaches the journal once, and push can be
turned on. Each broke in production while every development test passed (issue 22)."""

import base64
import json
import secrets

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.support import PHONE, fill_login_form, path_pattern
from tests.production.conftest import PASSWORD

SAVED_ON_PHONE = "Saved on this phone, will sync"


# The worker's registration, or a clear failure: a /sw.js that fails never makes it ready.
WORKER_READY = """() => Promise.race([
  navigator.serviceWorker.ready.then(() => true),
  new Promise((_, reject) => setTimeout(
    () => reject(new Error("the service worker did not install within 15 s")), 15000)),
])"""


def wait_for_the_service_worker(page: Page) -> None:
    page.evaluate(WORKER_READY)


def log_in(page: Page, email: str) -> None:
    page.goto(reverse("login"))
    fill_login_form(page, email, PASSWORD)
    expect(page).to_have_url(path_pattern(reverse("journal:today")))


def open_controlled_today(new_context, email: str) -> Page:
    page = new_context(**PHONE.context_args()).new_page()
    log_in(page, email)
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    wait_for_the_service_worker(page)
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    return page


def cramps_of(stack_database, email: str) -> int:
    return stack_database.execute(
        "SELECT count(*) FROM journal_cramp c JOIN accounts_user u ON u.id = c.user_id"
        " WHERE u.email = %s",
        [email],
    ).fetchone()[0]


def test_today_opens_offline_and_a_tap_made_offline_is_saved_once(
    new_context, person, stack_database
):
    page = open_controlled_today(new_context, person)
    page.context.set_offline(True)

    page.get_by_role("button", name="Log a cramp now").click()
    expect(page.locator("#journal-status")).to_contain_text(f"{SAVED_ON_PHONE}: a cramp at")
    page.reload()  # offline: Today comes from the service worker's copy
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    expect(page.locator("#journal-status")).to_contain_text(SAVED_ON_PHONE)
    assert cramps_of(stack_database, person) == 0

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")  # no native event in tests
    expect(page.locator("#journal-status")).to_contain_text(
        "1 tap saved on this phone is now in your journal."
    )
    assert cramps_of(stack_database, person) == 1
    assert page.evaluate("keptTaps()") == []


def a_browser_subscription() -> dict:
    """What a push service would hand the browser: an endpoint on a real push service's host
    and the browser's keys (a real P-256 point and 16 random bytes)."""
    public = ec.generate_private_key(ec.SECP256R1()).public_key()
    point = public.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    return {
        "endpoint": f"https://fcm.googleapis.com/fcm/send/production-test-{secrets.token_hex(8)}",
        "keys": {"p256dh": b64(point), "auth": b64(secrets.token_bytes(16))},
    }


# Headless Chromium has no push service to talk to (the network is closed), so the browser's
# own PushManager.subscribe() is replaced by one that answers as the push service would, once
# the service worker's registration is ready. Everything else is the page's real code.
FAKE_PUSH_SERVICE = """subscription => {
  PushManager.prototype.subscribe = async function () {
    return { endpoint: subscription.endpoint, toJSON: () => subscription,
             unsubscribe: async () => true };
  };
}"""


def test_push_can_be_turned_on_and_the_subscription_is_stored(new_context, person, stack_database):
    context = new_context(**PHONE.context_args())
    context.grant_permissions(["notifications"])
    page = context.new_page()
    log_in(page, person)
    wait_for_the_service_worker(page)  # installed from /sw.js
    subscription = a_browser_subscription()
    page.add_init_script(f"({FAKE_PUSH_SERVICE})({json.dumps(subscription)})")

    page.goto(reverse("reminders:settings"))
    status = page.locator("#push-status")
    expect(status).to_have_text("Notifications are off for this device.")
    page.locator("#push-on").click()

    expect(status).to_have_text("Notifications are on for this device.")
    stored = stack_database.execute(
        "SELECT s.endpoint FROM reminders_pushsubscription s"
        " JOIN accounts_user u ON u.id = s.user_id WHERE u.email = %s",
        [person],
    ).fetchall()
    assert stored == [(subscription["endpoint"],)]
