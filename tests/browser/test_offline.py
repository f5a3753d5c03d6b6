"""The installable app in Chromium: the manifest, the service worker, and taps made offline.

A cramp at 3 a.m. is logged half awake and often without a signal. Offline, the quick
actions keep each tap on the phone (IndexedDB) and say so; Today opens from the service
worker's copy; back online the taps go to the server, which adds each once, at its tap time.
Signing out leaves nothing of the person on the phone.
"""

import datetime
import json
import struct

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from journal.models import Cramp, Drink
from tests.browser.support import PHONE, fill_login_form, path_pattern, sign_in
from tests.factories import ExerciseFactory

SAVED_ON_PHONE = "Saved on this phone, will sync"


def open_controlled_today(browse, owner) -> Page:
    """Today, signed in, once the service worker is installed and controls the page."""
    page = browse(PHONE).new_page()
    sign_in(page, owner)
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    return page


def status(page: Page):
    return page.locator("#journal-status")


def kept_taps(page: Page) -> list[dict]:
    return page.evaluate("keptTaps()")


def tap_times(taps) -> list[datetime.datetime]:
    return sorted(datetime.datetime.fromisoformat(tap["tappedAt"]) for tap in taps)


def test_taps_made_offline_are_sent_once_when_the_network_is_back(browse, owner):
    page = open_controlled_today(browse, owner)
    page.context.set_offline(True)

    page.get_by_role("button", name="Log a cramp now").click()
    expect(status(page)).to_contain_text(f"{SAVED_ON_PHONE}: a cramp at")
    for waiting in (2, 3):
        page.get_by_role("button", name="+250 ml water").click()
        expect(status(page)).to_contain_text(f"({waiting} taps waiting)")
    # The message is read out: it sits in the page's live region, a status.
    expect(page.locator("#journal-status[role=status]")).to_contain_text(SAVED_ON_PHONE)
    taps = kept_taps(page)
    assert sorted(tap["kind"] for tap in taps) == ["cramp", "drink", "drink"]
    assert len({tap["token"] for tap in taps}) == 3  # three taps, not one tap thrice
    assert not Cramp.objects.exists() and not Drink.objects.exists()

    # Something logged elsewhere meanwhile: a Today from the network would show it.
    ExerciseFactory(user=owner, activity="Cycling")
    page.reload()  # offline: Today opens from the service worker's copy
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    expect(page.locator("#day-entries")).not_to_contain_text("Cycling")
    expect(status(page)).to_contain_text(f"{SAVED_ON_PHONE} (3 taps waiting)")

    page.context.set_offline(False)
    expect(status(page)).to_contain_text("3 taps saved on this phone are now in your journal.")
    expect(page.locator("#day-entries")).to_contain_text("Cycling")  # the panels refreshed
    cramp = Cramp.objects.get(user=owner)
    drinks = Drink.objects.filter(user=owner).order_by("occurred_at")
    assert [drink.volume_ml for drink in drinks] == [250, 250]
    by_kind = {"cramp": [cramp.occurred_at], "drink": [d.occurred_at for d in drinks]}
    for kind, moments in by_kind.items():
        assert sorted(moments) == tap_times(tap for tap in taps if tap["kind"] == kind)
    assert kept_taps(page) == []  # each left the phone once the server had it

    # The same taps sent again (a sync that was cut off before the phone heard back).
    page.evaluate("taps => Promise.all(taps.map(keepTap)).then(sendKeptTaps)", taps)
    assert kept_taps(page) == []
    assert Cramp.objects.filter(user=owner).count() == 1
    assert Drink.objects.filter(user=owner).count() == 2


def test_a_tap_the_server_refuses_leaves_the_phone_and_the_page_says_why(browse, owner):
    page = open_controlled_today(browse, owner)
    # A phone whose clock runs an hour fast: its tap time is in the future.
    page.evaluate(
        """() => keepTap({token: "0b7d4f1e-8f51-4c39-9a53-2f0e2b6f6a11",
             action: new URL(document.querySelector("form[data-offline-tap=cramp]").action).href,
             kind: "cramp", fields: {}, owner: signedInKey(),
             tappedAt: new Date(Date.now() + 3600 * 1000).toISOString()}).then(sendKeptTaps)"""
    )
    expect(status(page)).to_contain_text("Not added: a cramp at")
    expect(status(page)).to_contain_text("in the future: check the phone's clock")
    assert kept_taps(page) == []
    assert not Cramp.objects.exists()


def test_the_manifest_is_valid_and_its_icons_are_what_they_claim(browse, owner):
    page = open_controlled_today(browse, owner)
    href = page.locator("link[rel=manifest]").get_attribute("href")
    response = page.request.get(href)
    assert response.headers["content-type"] == "application/manifest+json"
    manifest = json.loads(response.body())
    for member in ("name", "short_name", "start_url", "display", "icons", "theme_color"):
        assert manifest[member], member
    assert page.request.get(manifest["start_url"]).ok
    purposes = set()
    for icon in manifest["icons"]:
        image = page.request.get(icon["src"])
        assert image.headers["content-type"] == icon["type"] == "image/png"
        png = image.body()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", png[16:24])
        assert icon["sizes"] == f"{width}x{height}"
        purposes.add((width, icon["purpose"]))
    assert {(192, "any"), (512, "any"), (512, "maskable")} <= purposes
    scope = page.evaluate("navigator.serviceWorker.controller.scriptURL")
    assert scope.endswith(reverse("journal:service_worker"))


def test_the_page_itself_clears_the_phone_too(browse, owner):
    """For browsers that ignore the sign-out answer's Clear-Site-Data header."""
    page = open_controlled_today(browse, owner)
    page.evaluate(
        "keepTap({token: 't', action: '/', kind: 'cramp', fields: {}, owner: 'x', tappedAt: ''})"
    )
    assert page.evaluate("caches.keys()") and page.evaluate("keptTaps()")

    page.evaluate("forgetThisPhone()")

    assert page.evaluate("caches.keys()") == []
    assert page.evaluate("indexedDB.databases().then(all => all.map(d => d.name))") == []


def test_signing_out_leaves_nothing_of_the_person_on_the_phone(browse, owner):
    page = open_controlled_today(browse, owner)
    # A tap of someone else's that was never sent (their session ended before they came back).
    page.evaluate(
        """() => keepTap({token: "9e0c2a57-1c7e-4bd8-8f0f-7c1c3f4f9b20", action: "/",
             kind: "cramp", fields: {}, tappedAt: new Date().toISOString(), owner: "someone"})"""
    )
    page.goto(reverse("journal:history"))
    page.goto(reverse("account"))
    kept = page.evaluate(
        """async () => {
             const urls = [];
             for (const name of await caches.keys()) {
               for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
             }
             return urls.map(url => new URL(url).pathname);
           }"""
    )
    # The shell, Today and the public offline page are kept; no other page of the person's,
    # though both were visited.
    assert reverse("journal:today") in kept
    public = (reverse("journal:today"), reverse("journal:offline"))
    assert all(url in public or url.startswith("/static/") for url in kept)
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(path_pattern(reverse("home")))

    assert page.evaluate("caches.keys()") == []
    assert page.evaluate("indexedDB.databases().then(all => all.map(d => d.name))") == []
    page.context.set_offline(True)
    with pytest.raises(PlaywrightError):  # no copy of Today left to open
        page.goto(reverse("journal:today"))


def test_a_tap_that_never_reaches_the_server_is_kept_too(browse, owner):
    """The phone shows a signal but nothing gets through: the request fails, the tap stays."""
    page = open_controlled_today(browse, owner)
    page.route("**" + reverse("journal:quick_drink"), lambda route: route.abort())

    page.get_by_role("button", name="+500 ml water").click()

    expect(status(page)).to_contain_text(f"{SAVED_ON_PHONE}: 500 ml water at")
    expect(page.locator(".not-saved")).to_have_count(0)  # kept, so not "Not saved"
    assert [tap["fields"]["volume_ml"] for tap in kept_taps(page)] == ["500"]
    assert not Drink.objects.exists()
    page.unroute("**" + reverse("journal:quick_drink"))
    page.evaluate("sendKeptTaps()")
    assert Drink.objects.get(user=owner).volume_ml == 500
    assert kept_taps(page) == []


def test_a_kept_tap_is_described_in_the_persons_units(browse, owner):
    owner.profile.units = "us"
    owner.profile.save()
    page = open_controlled_today(browse, owner)
    page.context.set_offline(True)

    page.get_by_role("button", name="+8 fl oz water").click()

    expect(status(page)).to_contain_text(f"{SAVED_ON_PHONE}: 8 fl oz water at")
    page.context.set_offline(False)
    page.evaluate("sendKeptTaps()")
    assert Drink.objects.get(user=owner).volume_ml == 237


def test_a_push_shows_its_reminder_and_opens_only_a_page_of_this_site(browse, owner):
    context = browse(PHONE)
    context.grant_permissions(["notifications"])
    page = context.new_page()
    sign_in(page, owner)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    worker = (
        context.service_workers[0]
        if context.service_workers
        else context.wait_for_event("serviceworker")
    )
    shown = worker.evaluate(
        """async () => {
             const push = (message) => new Promise((resolve) => {
               const event = new PushEvent("push", { data: JSON.stringify(message) });
               const waits = [];
               event.waitUntil = (promise) => waits.push(promise);
               self.dispatchEvent(event);
               Promise.all(waits).then(resolve);
             });
             await push({ title: "Any cramps last night?", body: "One tap to answer.",
                          url: "/journal/" });
             await push({ title: "Elsewhere", body: "", url: "https://example.com/x" });
             const all = await self.registration.getNotifications();
             return all.map((n) => ({ title: n.title, body: n.body, url: n.data.url }));
           }"""
    )
    origin = page.url.split(reverse("journal:today"))[0]
    assert {"title": "Any cramps last night?", "body": "One tap to answer.",
            "url": origin + "/journal/"} in shown  # fmt: skip
    elsewhere = next(n for n in shown if n["title"] == "Elsewhere")
    assert elsewhere["url"] == origin + reverse("journal:today")  # never another site


def test_the_next_person_never_sees_the_last_persons_today_offline(browse, owner, stranger):
    """Failed on de20a7f: A's session ended without the sign-out button (it expired, or the
    password was changed elsewhere); B signed in on the same phone and, offline, opened
    Today: the worker showed A's kept Today."""
    ExerciseFactory(user=owner, activity="Cycling")
    page = open_controlled_today(browse, owner)
    expect(page.locator("#day-entries")).to_contain_text("Cycling")  # A's Today is kept

    page.context.clear_cookies()  # A's session is over; nobody pressed "Log out"
    page.goto(f"{reverse('login')}?next={reverse('account')}")
    fill_login_form(page, stranger.email)
    expect(page).to_have_url(path_pattern(reverse("account")))  # B never opened Today online
    page.wait_for_function("document.body.dataset.ownerChecked !== undefined")

    page.context.set_offline(True)
    with pytest.raises(PlaywrightError):  # no copy of anyone's Today to open
        page.goto(reverse("journal:today"))
    page.context.set_offline(False)
    page.goto(reverse("journal:today"))  # online, B's own Today is kept as before
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    expect(page.locator("#day-entries")).not_to_contain_text("Cycling")
    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    expect(page.locator("#day-entries")).not_to_contain_text("Cycling")


def test_a_page_other_than_today_offline_shows_our_own_offline_page(browse, owner):
    page = open_controlled_today(browse, owner)
    # The worker kept the page when it installed, without cookies: nothing of the person.
    kept = page.evaluate(
        """async (url) => {
            const names = await caches.keys();
            for (const name of names) {
                const hit = await (await caches.open(name)).match(url);
                if (hit) return await hit.text();
            }
            return null;
        }""",
        reverse("journal:offline"),
    )
    assert kept and "You are offline" in kept
    assert owner.email not in kept and "data-offline-owner" not in kept
    page.context.set_offline(True)

    for url in (reverse("reports:index"), reverse("education:index")):
        page.goto(url)
        expect(page.get_by_role("heading", name="You are offline", level=1)).to_be_visible()
        expect(page.locator("footer")).to_contain_text("Call 999 / 911")

    page.get_by_role("link", name="Open Today").click()
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
