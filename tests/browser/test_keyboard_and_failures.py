"""Quick entry by keyboard alone, heard through the live region, and taps that fail.

The keyboard test presses keys only (Tab, Shift+Tab, Enter, Space, typing): no clicks. After
each quick action the focus is where the next key is useful, the page's live region (the one
``role=status``) says what was saved, and axe-core finds nothing at each step.

The failure tests make the server fail for the browser (Playwright's routing: the network
down, a server error, or an answer lost after the server saved): the page says
"Not saved. Try again." beside the button and in the live region, and the retry, with the
same request token, leaves exactly one row. (With the network down, the water and cramp
buttons keep the tap on the phone instead, tests/browser/test_offline.py; a favourite,
which is not kept, shows the network-down case here.)
"""

import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from foods.models import Favourite
from journal.models import Cramp, Drink, MealItem
from tests.browser.support import DESKTOP, PHONE, SCREENSHOTS, sign_in
from tests.browser.test_page_tour import axe_violations, require_axe, watch_console

LONDON = zoneinfo.ZoneInfo("Europe/London")
MOST_TABS = 60


def live_region(page: Page) -> Locator:
    return page.get_by_role("status")


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page: Page, locator: Locator, key: str = "Tab") -> None:
    """Presses Tab (or Shift+Tab) until ``locator`` has the focus, as a keyboard user would."""
    for _ in range(MOST_TABS):
        if is_focused(locator):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{MOST_TABS} presses of {key} never reached {locator}")


def assert_axe_clean(page: Page, state: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"keyboard-{state.replace(' ', '-')}.png", full_page=True)
    problems = axe_violations(page)
    assert problems == [], f"after {state}: " + "\n".join(problems)


def test_a_cramp_with_details_and_two_glasses_of_water_by_keyboard_alone(browse, owner):
    require_axe()
    # The CSP would block injecting axe; the page's own scripts run the same either way.
    page = browse(PHONE, bypass_csp=True).new_page()
    errors = watch_console(page)
    sign_in(page, owner)  # lands on Today
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    assert_axe_clean(page, "opening Today")

    # "Log a cramp now": saved at once, said, and the focus on the first detail.
    tab_to(page, page.get_by_role("button", name="Log a cramp now"))
    page.keyboard.press("Enter")

    expect(live_region(page)).to_have_text(re.compile(r"Cramp logged at \d\d:\d\d\."))
    cramp = Cramp.objects.get(user=owner)
    logged_at = timezone.localtime(cramp.occurred_at, LONDON).strftime("%H:%M")
    expect(live_region(page)).to_have_text(f"Cramp logged at {logged_at}.")
    panel = page.locator("#quick-panel")
    expect(panel.get_by_label("When")).to_be_focused()
    assert_axe_clean(page, "logging a cramp")

    # The details, from the keyboard: Tab into each group, Space picks, typing fills.
    tab_to(page, panel.get_by_label("Calf", exact=True))
    page.keyboard.press("Space")
    tab_to(page, panel.get_by_label("Left", exact=True))
    page.keyboard.press("Space")
    tab_to(page, panel.get_by_label("How bad (1 to 10)"))
    page.keyboard.type("7")
    tab_to(page, panel.get_by_role("button", name="Save"))
    page.keyboard.press("Enter")

    expect(live_region(page)).to_have_text("Cramp saved.")
    expect(panel.get_by_text("Cramp saved.")).to_be_visible()
    cramp_row = page.locator("#day-entries li.entry--cramp")
    expect(cramp_row.get_by_role("link", name=re.compile(r"^Edit"))).to_be_focused()
    cramp.refresh_from_db()
    assert (cramp.muscle, cramp.side, cramp.severity) == ("calf", "left", 7)
    assert Cramp.objects.filter(user=owner).count() == 1
    assert_axe_clean(page, "saving the cramp's details")

    # Two glasses: the button keeps the focus, so Enter twice is two glasses.
    water = page.get_by_role("button", name="+250 ml water")
    tab_to(page, water, key="Shift+Tab")
    page.keyboard.press("Enter")

    drinks = page.locator("#day-entries li.entry--drink")
    expect(drinks).to_have_count(1)
    expect(live_region(page)).to_have_text("250 ml water added.")
    expect(water).to_be_focused()
    expect(water).to_be_enabled()
    assert_axe_clean(page, "the first glass")

    page.keyboard.press("Enter")

    expect(drinks).to_have_count(2)
    expect(live_region(page)).to_have_text("250 ml water added.")
    expect(water).to_be_focused()
    saved = Drink.objects.filter(user=owner)
    assert sorted(saved.values_list("kind", "volume_ml")) == [("water", 250), ("water", 250)]
    assert Cramp.objects.filter(user=owner).count() == 1
    assert_axe_clean(page, "the second glass")
    assert errors == []


def test_delete_moves_the_focus_to_undo_and_undo_to_the_entry_that_is_back(browse, owner):
    page = browse(PHONE).new_page()
    sign_in(page, owner)
    page.get_by_role("button", name="+250 ml water").click()
    entry = page.locator("#day-entries li.entry--drink")
    expect(entry).to_have_count(1)

    delete = entry.get_by_role("button", name=re.compile(r"^Delete"))
    delete.focus()
    page.keyboard.press("Enter")

    undo = page.locator("#day-entries").get_by_role("button", name=re.compile(r"^Undo"))
    expect(undo).to_be_focused()
    expect(live_region(page)).to_have_text("Drink deleted.")
    assert not Drink.objects.filter(user=owner).exists()

    page.keyboard.press("Enter")

    expect(entry.get_by_role("link", name=re.compile(r"^Edit"))).to_be_focused()
    expect(live_region(page)).to_have_text("250 ml water is back.")
    assert Drink.objects.filter(user=owner).count() == 1


def favourite_banana_chip(browse, owner, banana) -> tuple[Page, Locator]:
    """Today on a phone, with the banana as the owner's favourite: the page and its chip."""
    Favourite.objects.create(user=owner, food=banana)
    page = browse(PHONE).new_page()
    sign_in(page, owner)
    return page, page.get_by_role("button", name=re.compile(r"^★ Banana"))


def test_a_favourite_tapped_by_keyboard_keeps_the_focus_and_says_what_was_added(
    browse, owner, banana
):
    page, chip = favourite_banana_chip(browse, owner, banana)

    tab_to(page, chip)
    page.keyboard.press("Enter")

    expect(live_region(page)).to_have_text("Banana added.")
    expect(chip).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("#day-entries li.entry--meal li")).to_have_count(2)
    assert MealItem.objects.filter(user=owner, food=banana).count() == 2


# How the server fails, as the browser sees it; "answer lost" saves first, then fails.
NETWORK_DOWN = {"network down": lambda route: route.abort("internetdisconnected")}
FAILURES = {
    "server error": lambda route: route.fulfill(status=500, body="Server error"),
    "refused without a fragment": lambda route: route.fulfill(status=404, body="Not found"),
    "answer lost": lambda route: (route.fetch(), route.fulfill(status=502, body="Bad gateway")),
}


@pytest.mark.parametrize("failure", FAILURES)
def test_a_failed_tap_says_not_saved_and_the_retry_saves_once(browse, owner, failure):
    page = browse(PHONE).new_page()
    sign_in(page, owner)
    water = page.get_by_role("button", name="+250 ml water")
    form = page.locator("form").filter(has=water)
    token = form.locator("input[name=request_token]").input_value()
    page.route(f"**{reverse('journal:quick_drink')}", FAILURES[failure])

    water.focus()
    page.keyboard.press("Enter")

    expect(form.locator(".not-saved")).to_have_text("Not saved. Try again.")
    expect(live_region(page)).to_have_text("Not saved. Try again.")
    expect(water).to_be_focused()  # so that Enter tries again
    assert form.locator("input[name=request_token]").input_value() == token
    saved_before_retry = Drink.objects.filter(user=owner).count()
    assert saved_before_retry == (1 if failure == "answer lost" else 0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"not-saved-{failure.replace(' ', '-')}-phone-light.png")

    page.unroute(f"**{reverse('journal:quick_drink')}")
    page.keyboard.press("Enter")  # the same form, the same token

    expect(form.locator(".not-saved")).to_have_count(0)
    said = "Already saved." if failure == "answer lost" else "250 ml water added."
    expect(live_region(page)).to_have_text(said)
    expect(page.locator("#day-entries li.entry--drink")).to_have_count(1)
    assert Drink.objects.filter(user=owner).count() == 1
    assert Drink.objects.get(user=owner).request_token.hex == token.replace("-", "")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=lambda viewport: viewport.name)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_not_saved_note_is_readable(browse, owner, viewport, scheme):
    require_axe()
    page = browse(viewport, color_scheme=scheme, bypass_csp=True).new_page()
    sign_in(page, owner)
    page.route(f"**{reverse('journal:quick_drink')}", FAILURES["server error"])

    page.get_by_role("button", name="+250 ml water").click()

    expect(live_region(page)).to_have_text("Not saved. Try again.")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"not-saved-{viewport.name}-{scheme}.png", full_page=True)
    assert_axe_clean(page, "a failed tap")


def test_a_favourite_tapped_with_the_network_down_says_not_saved_and_the_retry_saves_once(
    browse, owner, banana
):
    """A tap that is not kept on the phone (only the water and cramp buttons are) and never
    reached the server: "Not saved. Try again.", and the retry with its token saves once."""
    page, chip = favourite_banana_chip(browse, owner, banana)
    form = page.locator("form").filter(has=chip)
    token = form.locator("input[name=request_token]").input_value()
    favourite = Favourite.objects.get(user=owner)
    url = f"**{reverse('journal:add_favourite', args=[favourite.pk])}"
    page.route(url, NETWORK_DOWN["network down"])

    chip.focus()
    page.keyboard.press("Enter")

    expect(form.locator(".not-saved")).to_have_text("Not saved. Try again.")
    expect(live_region(page)).to_have_text("Not saved. Try again.")
    expect(chip).to_be_focused()
    assert form.locator("input[name=request_token]").input_value() == token
    assert not MealItem.objects.filter(user=owner).exists()

    page.unroute(url)
    page.keyboard.press("Enter")

    expect(form.locator(".not-saved")).to_have_count(0)
    expect(live_region(page)).to_have_text("Banana added.")
    assert MealItem.objects.filter(user=owner).count() == 1
    assert MealItem.objects.get(user=owner).request_token.hex == token.replace("-", "")
