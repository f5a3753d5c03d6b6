"""Today's morning question in Chromium: one tap, focus on the confirmation, undo, axe clean
(issue 17)."""

import re

import pytest
from playwright.sync_api import expect

from journal.models import NightAnswer
from tests.browser.support import DESKTOP, PHONE, SCREENSHOTS, require, sign_in
from tests.browser.test_page_tour import AXE_SCRIPT, INSTALL_VALIDATORS, axe_violations
from tests.factories import UserFactory
from tests.journal.test_night_question import zone_at_hour


@pytest.fixture
def morning_person(db):
    return UserFactory(email="morning@example.com", profile={"time_zone": zone_at_hour(10)})


@pytest.mark.parametrize(
    ("viewport", "color_scheme"), [(PHONE, "light"), (PHONE, "dark"), (DESKTOP, "light")]
)
def test_no_cramps_in_one_tap_then_undo(browse, morning_person, viewport, color_scheme):
    require(AXE_SCRIPT.is_file(), f"axe-core ({AXE_SCRIPT})", INSTALL_VALIDATORS)
    context = browse(viewport, color_scheme=color_scheme, bypass_csp=True)
    page = context.new_page()
    sign_in(page, morning_person)
    page.goto("/today/")
    card = page.locator("#night-question")
    expect(card.get_by_role("heading", name="Any cramps last night?")).to_be_visible()
    expect(card).to_have_attribute("aria-live", "polite")
    expect(card.get_by_role("link", name="Yes, log it")).to_have_attribute(
        "href", re.compile(r"^/journal/cramp/new/\?night=\d{4}-\d{2}-\d{2}$")
    )
    tag = f"{viewport.name}-{color_scheme}"
    page.screenshot(path=SCREENSHOTS / f"night-question-{tag}.png")
    assert axe_violations(page) == []

    card.get_by_role("button", name="No cramps").click()

    done = card.get_by_text("Saved: no cramps last night.")
    expect(done).to_be_visible()
    expect(page.locator(".night-question__done")).to_be_focused()
    assert NightAnswer.objects.filter(user=morning_person).count() == 1
    page.screenshot(path=SCREENSHOTS / f"night-question-saved-{tag}.png")
    assert axe_violations(page) == []

    card.get_by_role("button", name="Undo").click()

    expect(card.get_by_role("button", name="No cramps")).to_be_visible()
    assert not NightAnswer.objects.filter(user=morning_person).exists()
