"""Catch-up logging in Chromium at phone size: on yesterday's page, a drink, a cramp, exercise
and a supplement added afterwards each land on yesterday (read back from the database), and
the page goes back to yesterday after each."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from journal.models import Cramp, Drink, Exercise, Supplement
from tests.browser.support import DESKTOP, PHONE, path_pattern, screenshot_path, sign_in

LONDON = zoneinfo.ZoneInfo("Europe/London")  # the owner fixture's zone


def yesterday() -> datetime.date:
    return timezone.localdate(timezone.now(), LONDON) - datetime.timedelta(days=1)


def long_date(day: datetime.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def open_yesterday(browse, owner, **options) -> Page:
    page = browse(PHONE, **options).new_page()
    sign_in(page, owner)  # on Today
    page.get_by_role("link", name=re.compile("‹")).click()  # the day before
    expect(page).to_have_url(path_pattern(reverse("journal:day", args=[yesterday()])))
    return page


def add(page: Page, link: str, heading: str) -> None:
    """Opens one of the past day's "Add ..." forms and checks it says which day it is for."""
    page.locator(".past-day-actions").get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    expect(page.get_by_text(f"Adding to {long_date(yesterday())}")).to_be_visible()


def save_and_return(page: Page, message: str) -> None:
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(path_pattern(reverse("journal:day", args=[yesterday()])))
    expect(page.get_by_text(message)).to_be_visible()


def test_a_drink_a_cramp_exercise_and_a_supplement_are_added_to_yesterday(browse, owner):
    day = yesterday()
    page = open_yesterday(browse, owner)

    add(page, "Add a drink", "Add a drink")
    page.get_by_label("How much (ml)").fill("400")
    save_and_return(page, "Drink added.")

    add(page, "Add a cramp", "Log a cramp")
    page.get_by_label("Calf", exact=True).check()
    save_and_return(page, "Cramp added.")

    add(page, "Add exercise", "Add exercise")
    page.get_by_label("Activity").fill("Cycling")
    page.get_by_label("How long (minutes)").fill("40")
    page.get_by_label("Moderate").check()
    page.get_by_label("Some", exact=True).check()
    save_and_return(page, "Exercise added.")

    add(page, "Add a supplement", "Add a supplement")
    page.get_by_label("Supplement or medication").fill("Magnesium citrate")
    page.get_by_label("Magnesium", exact=True).check()
    page.get_by_label("Mineral (mg)").fill("200")
    save_and_return(page, "Supplement added.")

    entries = page.locator("section#day-entries")
    for kind in ("drink", "cramp", "exercise", "supplement"):
        expect(entries.locator(f"li.entry--{kind}")).to_have_count(1)
    # Newest first: exercise at 18:00, drink and supplement at 12:00, the cramp at 03:00.
    expect(entries.locator("li.entry").last.locator(".timeline__time")).to_have_text("03:00")

    # Read back from the database: each on yesterday, the cramp in the night that ended then.
    drink = Drink.objects.get(user=owner)
    cramp = Cramp.objects.get(user=owner)
    exercise = Exercise.objects.get(user=owner)
    supplement = Supplement.objects.get(user=owner)
    assert (drink.volume_ml, drink.local_date) == (400, day)
    assert (cramp.muscle, cramp.local_date, cramp.night_of) == (
        "calf",
        day,
        day - datetime.timedelta(days=1),
    )
    assert (exercise.activity, exercise.local_date) == ("Cycling", day)
    assert (supplement.mineral_mg, supplement.local_date) == (200, day)
    local_times = {
        entry.__class__.__name__: timezone.localtime(entry.occurred_at, LONDON).time()
        for entry in (drink, cramp, exercise, supplement)
    }
    assert local_times == {
        "Drink": datetime.time(12),
        "Cramp": datetime.time(3),
        "Exercise": datetime.time(18),
        "Supplement": datetime.time(12),
    }

    # And nothing on today.
    page.goto(reverse("journal:today"))
    expect(page.locator("section#day-entries")).to_contain_text("Nothing logged yet today.")


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_catch_up_form_screenshot(browse, owner, color_scheme):
    """For looking at (test-artifacts/screenshots/): the form set to yesterday and yesterday's
    page, at phone and desktop width."""
    for viewport in (PHONE, DESKTOP):
        page = browse(viewport, color_scheme=color_scheme).new_page()
        sign_in(page, owner)
        page.goto(f"{reverse('journal:create', args=['cramp'])}?day={yesterday()}")
        expect(page.get_by_text(f"Adding to {long_date(yesterday())}")).to_be_visible()
        shot = screenshot_path("journal:create-catch-up", "owner", viewport, color_scheme)
        page.screenshot(path=shot, full_page=True)
        page.goto(reverse("journal:day", args=[yesterday()]))
        shot = screenshot_path("journal:day-catch-up", "owner", viewport, color_scheme)
        page.screenshot(path=shot, full_page=True)
