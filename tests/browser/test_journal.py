"""A person's day in the journal, in Chromium at phone size: cramps, food, water, edits, undo.

Each step is what someone does on Today with a thumb: one tap to log a cramp or a glass of
water, a search to add food, inline edit and delete with undo. With JavaScript, htmx swaps the
changes in and the totals and the entry list follow without a page load (a marker set on
``window`` before the taps is still there after them); without JavaScript the same buttons
are plain forms that post and redirect.
"""

import re
import zoneinfo
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from journal.models import Cramp, DayStatus, Drink, Meal, MealItem
from tests.browser.support import PHONE, path_pattern, screenshot_path, sign_in
from tests.factories import (
    CrampFactory,
    DrinkFactory,
    MealFactory,
    MealItemFactory,
)

NO_RELOAD_MARKER = "__journalNotReloaded"
LONDON = zoneinfo.ZoneInfo("Europe/London")


def open_today(browse, owner, **options) -> Page:
    page = browse(PHONE, **options).new_page()
    sign_in(page, owner)  # and lands on Today
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    return page


def mark_page(page: Page) -> None:
    """Sets a marker that a page load would wipe."""
    page.evaluate(f"window.{NO_RELOAD_MARKER} = true")


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate(f"window.{NO_RELOAD_MARKER} === true"), "the page was reloaded"


def totals(page: Page):
    return page.locator("section#day-totals")


def entries(page: Page):
    return page.locator("section#day-entries")


def bar(page: Page, label: str):
    """One progress bar of the totals panel, by its label ("Potassium", "Fluid")."""
    return (
        totals(page)
        .locator(".bar")
        .filter(has=page.locator(".bar__label", has_text=re.compile(f"^{label}$")))
    )


def entry_rows(page: Page, kind: str):
    return entries(page).locator(f"li.entry--{kind}")


def log_cramp_now(page: Page) -> None:
    page.get_by_role("button", name="Log a cramp now").click()


# --- 1. A cramp in two taps -----------------------------------------------------------------


def test_a_cramp_is_logged_in_two_taps_without_a_page_load(browse, owner):
    page = open_today(browse, owner)
    mark_page(page)
    expect(entries(page)).to_contain_text("Nothing logged yet today.")

    log_cramp_now(page)  # tap 1

    panel = page.locator("#quick-panel")
    done = panel.locator(".cramp-details__done")
    expect(done).to_contain_text(re.compile(r"Cramp logged at \d\d:\d\d\."))
    # Saved at the first tap: the details are optional.
    cramp = Cramp.objects.get(user=owner)
    logged_at = timezone.localtime(cramp.occurred_at, LONDON).strftime("%H:%M")
    expect(done).to_contain_text(f"Cramp logged at {logged_at}.")
    # Said in the page's live region, which screen readers read out.
    expect(page.get_by_role("status")).to_have_text(f"Cramp logged at {logged_at}.")
    assert cramp.muscle == ""
    # The entry list heard about it too.
    expect(entry_rows(page, "cramp")).to_have_count(1)

    panel.get_by_label("Calf", exact=True).check()
    panel.get_by_role("button", name="Save").click()  # tap 2

    expect(panel.get_by_text("Cramp saved.")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("Cramp saved.")
    expect(entry_rows(page, "cramp")).to_have_count(1)
    expect(entry_rows(page, "cramp").first).to_contain_text(re.compile(r"Cramp,\s+calf"))
    expect(entry_rows(page, "cramp").first.locator(".timeline__time")).to_have_text(logged_at)
    cramp = Cramp.objects.get(user=owner)
    assert cramp.muscle == Cramp.Muscle.CALF
    assert_not_reloaded(page)


# --- 2. Food: search, amount, meal; then one tap on a usual food ------------------------------


def test_breakfast_of_a_banana_through_search_then_one_tap_on_the_usual_food(browse, owner, banana):
    page = open_today(browse, owner)
    expect(page.get_by_role("heading", name="Your usual foods")).to_have_count(0)

    page.get_by_role("link", name="Add food").click()
    expect(page).to_have_url(path_pattern(reverse("journal:add_food")))
    page.get_by_label("Search foods").fill("banan")
    # The results come in as the person types, without pressing Search.
    result = page.locator("#food-picker").get_by_role("link", name=re.compile(r"^Banana"))
    expect(result).to_be_visible()
    # What a person decides by: the default portion, and its potassium and magnesium.
    expect(result).to_contain_text("1 medium (118 g) · K 422 mg · Mg 32 mg")
    result.click()

    expect(page.locator(".add-food__name")).to_contain_text("Banana")
    page.get_by_label("Amount").fill("1")
    page.get_by_label("Unit").select_option(label="1 medium (118 g)")
    page.get_by_label("Breakfast").check()
    page.get_by_role("button", name="Add to the meal").click()

    expect(page).to_have_url(path_pattern(reverse("journal:today")))
    expect(page.get_by_role("status").filter(has_text="Banana added.")).to_be_visible()
    expect(bar(page, "Potassium")).to_contain_text("422 of")
    breakfast = entry_rows(page, "meal").filter(has_text="Breakfast")
    expect(breakfast).to_contain_text("1 medium banana")
    item = MealItem.objects.get(meal__user=owner)
    assert (item.food_name, item.amount_label, item.grams) == ("Banana", "1 medium", 118)
    assert item.meal.kind == Meal.Kind.BREAKFAST

    # Now a usual food: one tap adds it again, and the totals follow without a page load.
    mark_page(page)
    chip = page.get_by_role("button", name="+ Banana 1 medium")
    expect(chip).to_be_visible()
    chip.click()

    expect(page.locator("#journal-status")).to_contain_text("Banana added.")
    expect(bar(page, "Potassium")).to_contain_text("845 of")
    expect(entries(page).get_by_text("1 medium banana")).to_have_count(2)
    assert MealItem.objects.filter(meal__user=owner).count() == 2
    assert_not_reloaded(page)


# --- 3. Water -------------------------------------------------------------------------------


def test_a_glass_of_water_in_one_tap_and_a_double_tap_counts_once(browse, owner):
    page = open_today(browse, owner)
    mark_page(page)
    expect(bar(page, "Fluid")).to_contain_text("0 of")

    page.get_by_role("button", name="+250 ml water").click()

    expect(page.locator("#journal-status")).to_contain_text("250 ml water added.")
    expect(bar(page, "Fluid")).to_contain_text("250 of")
    expect(entry_rows(page, "drink")).to_have_count(1)
    assert Drink.objects.filter(user=owner).count() == 1

    # A shaky double tap on the other button: while the first request runs (held back here),
    # the button is disabled and the second tap sends nothing.
    held = []
    quick_drink = f"**{reverse('journal:quick_drink')}"

    def hold(route):
        held.append(route)

    page.route(quick_drink, hold)
    five_hundred = page.get_by_role("button", name="+500 ml water")
    five_hundred.click()
    expect(five_hundred).to_be_disabled()
    five_hundred.click(force=True)
    page.wait_for_timeout(200)
    assert len(held) == 1
    held[0].continue_()
    page.unroute(quick_drink, hold)
    expect(bar(page, "Fluid")).to_contain_text("750 of")
    expect(five_hundred).to_be_enabled()
    expect(entry_rows(page, "drink")).to_have_count(2)

    # Two copies of one request at once, as a flaky network retrying would send them: the
    # request token lets the server add one drink.
    page.evaluate(
        """async () => {
            const form = [...document.querySelectorAll("form")].find(
                (f) => f.querySelector("input[name=volume_ml][value='250']"));
            form.elements.request_token.value = crypto.randomUUID();
            const send = () => fetch(form.action, {
                method: "POST", body: new FormData(form), redirect: "manual",
            });
            await Promise.all([send(), send()]);
        }"""
    )
    assert list(
        Drink.objects.filter(user=owner).order_by("pk").values_list("volume_ml", flat=True)
    ) == [250, 500, 250]
    assert_not_reloaded(page)


def test_a_second_glass_later_on_the_same_page_counts_too(browse, owner):
    """Today stays open on a phone all day: a tap an hour later is a new glass, not a retry."""
    page = open_today(browse, owner)
    mark_page(page)

    water = page.get_by_role("button", name="+250 ml water")
    water.click()
    expect(bar(page, "Fluid")).to_contain_text("250 of")
    expect(water).to_be_enabled()

    water.click()

    expect(bar(page, "Fluid")).to_contain_text("500 of")
    assert Drink.objects.filter(user=owner).count() == 2
    assert_not_reloaded(page)


def test_a_second_cramp_later_on_the_same_page_is_a_new_cramp(browse, owner):
    page = open_today(browse, owner)
    log_cramp_now(page)
    expect(page.locator("#quick-panel")).to_contain_text("Cramp logged at")
    page.locator("#quick-panel").get_by_label("Calf", exact=True).check()
    page.locator("#quick-panel").get_by_role("button", name="Save").click()
    saved = page.locator("#quick-panel").get_by_text("Cramp saved.")
    expect(saved).to_be_visible()

    log_cramp_now(page)

    # A fresh details panel, for a cramp of its own.
    expect(saved).to_have_count(0)
    expect(page.locator("#quick-panel").get_by_label("Calf", exact=True)).not_to_be_checked()
    expect(entry_rows(page, "cramp")).to_have_count(2)
    assert Cramp.objects.filter(user=owner).count() == 2


def test_a_tap_during_a_slow_answer_still_shows(browse, owner):
    """Each answer carries the day's totals and entries. On a slow connection a second tap
    sent while the first was still out got its answer first; the first, older answer then
    put the page back one change. (Before answers carried the day, the same race lost a
    refresh: the cause of a once-flaky test.) Taps on the day page now go one at a time.

    Here the first tap's answer is held back until the second glass has been tapped.
    """
    page = open_today(browse, owner)
    mark_page(page)
    held = []

    def hold_the_first_answer(route):
        if not held:
            held.append((route, route.fetch()))  # saved and answered, not yet delivered
        else:
            route.continue_()

    page.route(f"**{reverse('journal:quick_drink')}", hold_the_first_answer)
    page.get_by_role("button", name="+250 ml water").click()
    for _ in range(250):  # the first glass reaches the server (at most 5 s)
        if held:
            break
        page.wait_for_timeout(20)
    assert Drink.objects.filter(user=owner).count() == 1

    page.get_by_role("button", name="+500 ml water").click()  # while the first is out
    page.wait_for_timeout(300)
    route, first_answer = held[0]
    route.fulfill(response=first_answer)

    expect(bar(page, "Fluid")).to_contain_text("750 of")
    expect(entry_rows(page, "drink")).to_have_count(2)
    assert Drink.objects.filter(user=owner).count() == 2
    assert_not_reloaded(page)


def requests_during(page: Page, tap, shown) -> list[str]:
    """The requests to the site (not its static files) that one tap makes: until what it
    shows is there, and half a second more for any that would follow."""
    sent = []

    def note(request):
        if "/static/" not in request.url:
            sent.append(f"{request.method} {urlsplit(request.url).path}")

    page.on("request", note)
    tap()
    shown()
    page.wait_for_timeout(500)
    page.remove_listener("request", note)
    return sent


def test_a_quick_tap_costs_one_request_and_a_cramp_two(browse, owner, banana):
    """One answer per tap: it carries the day's totals and entries (once three requests: the
    write, then a refresh of each panel). A cramp's optional details form is the second."""
    MealItemFactory(meal=MealFactory(user=owner), food=banana, amount_label="1 medium")
    page = open_today(browse, owner)
    mark_page(page)

    water = requests_during(
        page,
        page.get_by_role("button", name="+250 ml water").click,
        lambda: expect(bar(page, "Fluid")).to_contain_text("250 of"),
    )
    chip = requests_during(
        page,
        page.get_by_role("button", name=re.compile(r"^\+ Banana")).click,
        lambda: expect(entries(page).get_by_text("1 medium banana")).to_have_count(2),
    )
    cramp = requests_during(
        page,
        lambda: log_cramp_now(page),
        lambda: expect(page.locator("#quick-panel").get_by_label("Calf")).to_be_visible(),
    )
    expect(entry_rows(page, "cramp")).to_have_count(1)

    assert water == [f"POST {reverse('journal:quick_drink')}"]
    assert len(chip) == 1 and chip[0].startswith("POST ")
    logged = Cramp.objects.get(user=owner)
    assert cramp == [
        f"POST {reverse('journal:log_cramp')}",
        f"GET {reverse('journal:edit', args=['cramp', logged.pk])}",
    ]
    assert_not_reloaded(page)


# --- 4. Edit, delete, undo ------------------------------------------------------------------


def test_a_cramp_is_edited_inline_deleted_and_brought_back(browse, owner):
    cramp = CrampFactory(user=owner, severity=5)
    page = open_today(browse, owner)
    mark_page(page)
    row = entry_rows(page, "cramp")
    expect(row).to_contain_text("5 of 10")

    row.get_by_role("link", name=re.compile(r"^Edit")).click()
    severity = row.get_by_label("How bad (1 to 10)")
    expect(severity).to_have_value("5")
    severity.fill("8")
    row.get_by_role("button", name="Save").click()

    expect(entry_rows(page, "cramp")).to_contain_text("8 of 10")
    expect(entries(page).get_by_label("How bad (1 to 10)")).to_have_count(0)
    cramp.refresh_from_db()
    assert cramp.severity == 8

    entry_rows(page, "cramp").get_by_role("button", name=re.compile(r"^Delete")).click()

    expect(entry_rows(page, "cramp")).to_have_count(0)
    expect(entries(page)).to_contain_text("Nothing logged yet today.")
    undo = entries(page).get_by_role("button", name="Undo")
    expect(undo).to_be_visible()
    assert not Cramp.objects.filter(user=owner).exists()

    undo.click()

    expect(entry_rows(page, "cramp")).to_have_count(1)
    expect(entry_rows(page, "cramp")).to_contain_text("8 of 10")
    expect(entries(page).get_by_role("button", name="Undo")).to_have_count(0)
    restored = Cramp.objects.get(user=owner)
    assert restored.pk == cramp.pk
    assert restored.occurred_at == cramp.occurred_at
    assert restored.severity == 8
    assert_not_reloaded(page)


def test_after_a_delete_the_quick_buttons_still_work(browse, owner):
    """Delete answers into the status line; the status line must still be there afterwards."""
    CrampFactory(user=owner)
    page = open_today(browse, owner)
    mark_page(page)

    entry_rows(page, "cramp").get_by_role("button", name=re.compile(r"^Delete")).click()
    expect(page.get_by_role("status").filter(has_text="Cramp deleted.")).to_be_visible()
    expect(entry_rows(page, "cramp")).to_have_count(0)

    page.get_by_role("button", name="+250 ml water").click()

    expect(bar(page, "Fluid")).to_contain_text("250 of")
    expect(page.get_by_role("status").filter(has_text="250 ml water added.")).to_be_visible()
    assert_not_reloaded(page)


# --- 5. Day complete ------------------------------------------------------------------------


def test_the_food_log_is_marked_complete(browse, owner):
    page = open_today(browse, owner)
    mark_page(page)

    totals(page).get_by_role("button", name="Mark the food log complete").click()

    expect(totals(page)).to_contain_text("Food log complete")
    expect(totals(page).get_by_role("button", name="Reopen this day")).to_be_visible()
    status = DayStatus.objects.get(user=owner)
    assert status.food_log_complete
    assert status.date == timezone.localdate(timezone=LONDON)
    assert_not_reloaded(page)


# --- 6. Without JavaScript ------------------------------------------------------------------


def test_without_javascript_a_cramp_and_a_glass_of_water_are_logged(browse, owner):
    page = open_today(browse, owner, java_script_enabled=False)

    log_cramp_now(page)

    cramp = Cramp.objects.get(user=owner)
    edit_url = reverse("journal:edit", kwargs={"kind": "cramp", "pk": cramp.pk})
    expect(page).to_have_url(path_pattern(edit_url))
    expect(page.get_by_role("heading", name="Edit cramp", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Cramp logged. Add details now or later.")
    page.get_by_label("Calf", exact=True).check()
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(path_pattern(reverse("journal:today")))
    expect(page.get_by_role("status").filter(has_text="Cramp saved.")).to_be_visible()
    expect(entry_rows(page, "cramp")).to_contain_text(re.compile(r"Cramp,\s+calf"))
    cramp.refresh_from_db()
    assert cramp.muscle == Cramp.Muscle.CALF

    page.get_by_role("button", name="+250 ml water").click()

    expect(page).to_have_url(path_pattern(reverse("journal:today")))
    expect(page.get_by_role("status").filter(has_text="250 ml water added.")).to_be_visible()
    expect(bar(page, "Fluid")).to_contain_text("250 of")
    assert Drink.objects.get(user=owner).volume_ml == 250


# --- Screenshots ----------------------------------------------------------------------------


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_today_in_use_screenshot(browse, owner, banana, color_scheme):
    CrampFactory(
        user=owner,
        severity=6,
        duration_seconds=90,
        situation=Cramp.Situation.NIGHT,
        relief=["stretching"],
        relief_effect=Cramp.Effect.LITTLE,
        note="Woke me up.",
    )
    meal = MealFactory(user=owner)
    MealItemFactory(meal=meal, food=banana)
    DrinkFactory(user=owner, volume_ml=500)
    page = open_today(browse, owner, color_scheme=color_scheme)
    log_cramp_now(page)
    expect(page.locator("#quick-panel")).to_contain_text("Cramp logged at")
    expect(entry_rows(page, "cramp")).to_have_count(2)  # the list has caught up
    expect(bar(page, "Potassium")).to_contain_text("422 of")

    page.screenshot(
        path=screenshot_path("journal-today", "in-use", PHONE, color_scheme), full_page=True
    )
