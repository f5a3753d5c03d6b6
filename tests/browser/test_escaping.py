"""Names and notes are text, everywhere: a food, note, activity, supplement and display name
that look like HTML with htmx attributes show as those characters and never become markup.

Chromium opens every page and htmx partial that can show such a name, with the Content
Security Policy bypassed: the CSP would block an inline handler anyway, and this test is
about escaping, not about the second line of defence. On each page no dialog may open, no
request may go to "x" (the image) or "/x" (the htmx attribute), the DOM may hold no element
with an onerror or hx-get attribute from the name, and the name must be readable as text.
"""

import datetime
from urllib.parse import urlparse

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Profile
from tests.browser.support import DESKTOP, sign_in
from tests.factories import (
    CrampFactory,
    ExerciseFactory,
    MealFactory,
    MealItemFactory,
    PersonalFoodFactory,
    SupplementFactory,
)

PAYLOAD = '<img src=x onerror=alert(1)> hx-get="/x"'
SEARCH_WORD = "onerror"  # a word of the payload that food search matches


@pytest.fixture
def hostile_journal(owner):
    """The owner's journal with the payload in every free-text field a page can show."""
    Profile.objects.filter(user=owner).update(display_name=PAYLOAD)
    food = PersonalFoodFactory(owner=owner, name=PAYLOAD, food_group=PAYLOAD)
    food.portions.create(label=PAYLOAD[:100], grams=100, is_default=True)
    owner.favourite_foods.create(food=food)
    now = timezone.now() - datetime.timedelta(minutes=5)
    yesterday = now - datetime.timedelta(days=1)
    objects = {"food": food}
    for when in (yesterday, now):
        meal = MealFactory(user=owner, occurred_at=when, note=PAYLOAD)
        objects["item"] = MealItemFactory(
            meal=meal, food=food, food_name=PAYLOAD, amount_label=PAYLOAD[:100]
        )
        objects["meal"] = meal
        objects["cramp"] = CrampFactory(user=owner, occurred_at=when, note=PAYLOAD)
        objects["exercise"] = ExerciseFactory(user=owner, occurred_at=when, activity=PAYLOAD[:80])
        objects["supplement"] = SupplementFactory(user=owner, occurred_at=when, name=PAYLOAD)
    return objects


class Watch:
    """What a page did that it must not: dialogs opened, requests to the payload's URLs."""

    def __init__(self, page: Page):
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("dialog", self._dialog)
        page.on("request", self._request)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _request(self, request):
        path = urlparse(request.url).path
        if path == "/x" or path.endswith("/x"):
            self.requests.append(request.url)


def assert_shown_as_text(page: Page, watch: Watch, where: str) -> None:
    page.wait_for_load_state("networkidle")
    assert watch.dialogs == [], f"{where}: a dialog opened: {watch.dialogs}"
    assert watch.requests == [], f"{where}: requests to the payload's URLs: {watch.requests}"
    injected = page.locator(
        "[onerror], [hx-get='/x'], [data-hx-get='/x'], img[src='x'], img:not([src])"
    )
    assert injected.count() == 0, f"{where}: the payload became markup"
    shown = page.evaluate(
        """(payload) => {
            const lower = payload.toLowerCase();
            const text = document.body.innerText.toLowerCase();
            const title = document.title.toLowerCase();
            const fields = [...document.querySelectorAll('input, textarea')].map(e => e.value);
            return text.includes(lower.slice(0, 24)) || title.includes(lower.slice(0, 24))
                || fields.some(value => value.toLowerCase().includes(lower.slice(0, 24)));
        }""",
        PAYLOAD,
    )
    assert shown, f"{where}: the name is not shown as text"


def test_hostile_names_are_shown_as_text_on_every_page(browse, owner, hostile_journal):
    page = browse(DESKTOP, bypass_csp=True).new_page()
    sign_in(page, owner)
    watch = Watch(page)
    food, cramp = hostile_journal["food"], hostile_journal["cramp"]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    pages = {
        "Today": reverse("journal:today"),
        "a past day": reverse("journal:day", kwargs={"day": yesterday}),
        "history": reverse("journal:history"),
        "food search": reverse("foods:search") + f"?q={SEARCH_WORD}",
        "food detail": reverse("foods:detail", kwargs={"pk": food.pk}),
        "my foods": reverse("foods:mine"),
        "edit food": reverse("foods:edit", kwargs={"pk": food.pk}),
        "delete food": reverse("foods:delete", kwargs={"pk": food.pk}),
        "add food, search": reverse("journal:add_food") + f"?q={SEARCH_WORD}",
        "add food, picked": reverse("journal:add_food") + f"?food={food.pk}",
        "edit cramp": reverse("journal:edit", kwargs={"kind": "cramp", "pk": cramp.pk}),
        "delete supplement": reverse(
            "journal:delete", kwargs={"kind": "supplement", "pk": hostile_journal["supplement"].pk}
        ),
        "edit meal": reverse(
            "journal:edit", kwargs={"kind": "meal", "pk": hostile_journal["meal"].pk}
        ),
        "edit exercise": reverse(
            "journal:edit", kwargs={"kind": "exercise", "pk": hostile_journal["exercise"].pk}
        ),
        "edit supplement": reverse(
            "journal:edit", kwargs={"kind": "supplement", "pk": hostile_journal["supplement"].pk}
        ),
        "account": reverse("account"),
        "profile": reverse("profile"),
        "clinician's summary": reverse("reports:summary") + "?period=all",
    }
    for where, url in pages.items():
        page.goto(url)
        assert_shown_as_text(page, watch, where)


def test_hostile_names_are_text_in_htmx_partials_too(browse, owner, hostile_journal):
    page = browse(DESKTOP, bypass_csp=True).new_page()
    sign_in(page, owner)
    watch = Watch(page)

    # Food search as you type: the results fragment.
    page.goto(reverse("foods:search"))
    page.get_by_label("Search foods").fill(SEARCH_WORD)
    expect(page.locator("#food-results .food-list__name").first).to_contain_text("<img")
    assert_shown_as_text(page, watch, "food search fragment")

    # The add-food picker's fragment.
    page.goto(reverse("journal:add_food"))
    page.locator("input[type=search]").first.fill(SEARCH_WORD)
    expect(page.locator(".food-list__name").first).to_contain_text("<img")
    assert_shown_as_text(page, watch, "add-food picker fragment")

    # Today: one tap on the favourite, then remove an item; each answers with a status
    # fragment naming the food, and the entry list and totals are swapped in again.
    page.goto(reverse("journal:today"))
    page.evaluate("document.querySelector('#day-entries').dataset.before = 'yes'")
    page.locator("form[action*='/favourites/'] button").first.click()
    expect(page.locator("#journal-status")).to_contain_text("added")
    # The entry list (cramp note, activity, supplement, foods) came back as a fragment.
    expect(page.locator("#day-entries[data-before]")).to_have_count(0)
    expect(page.locator("#day-entries")).to_contain_text(PAYLOAD)
    assert_shown_as_text(page, watch, "one-tap favourite status")
    page.locator("form[action*='/delete/'] button", has_text="Remove").first.click()
    expect(page.locator("#journal-status")).to_contain_text("removed")
    assert_shown_as_text(page, watch, "removed-item status")
