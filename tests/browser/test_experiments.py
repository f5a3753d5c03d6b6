"""A self-experiment from design to the printable summary, in Chromium at phone size.

The days pass in the database: the experiment's start moves back a day at a time, and Today
then asks about the next day of the plan.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from experiments import analysis, running
from experiments.models import Change, DailyAnswer, Experiment
from journal import nights
from tests import factories
from tests.browser.support import DESKTOP, PHONE, SCREENSHOTS, sign_in


@pytest.fixture(autouse=True)
def _owners_zone():
    """The owner's zone here too, as the server has it: the same "today" at any hour."""
    with timezone.override("Europe/London"):
        yield


def _move_back(experiment, days):
    """The experiment started ``days`` days earlier than it did: as if time had passed."""
    shift = datetime.timedelta(days=days)
    Experiment.objects.filter(pk=experiment.pk).update(start_date=experiment.start_date - shift)
    for change in Change.objects.filter(experiment=experiment):
        Change.objects.filter(pk=change.pk).update(day=change.day - shift, at=change.at - shift)
    for answer in DailyAnswer.objects.filter(experiment=experiment):
        DailyAnswer.objects.filter(pk=answer.pk).update(day=answer.day - shift)
    experiment.refresh_from_db()
    return experiment


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"experiment-flow-{name}.png", full_page=True)


def test_an_experiment_from_design_to_the_summary_on_a_phone(browse, owner):
    """Issue 23, acceptance 5: at 4 cramp nights a week, a stretching experiment of pairs of
    3-night blocks, its sentence, the start, simulated days, "Stop early" confirmed and
    undone, then the result and the summary."""
    factories.cramp_history(owner, per_week=4)
    page = browse(PHONE).new_page()
    sign_in(page, owner)

    # Design: what to test; the default plan is 12 weeks of pairs of 3-night blocks.
    page.goto("/experiments/")
    page.get_by_role("link", name="Design an experiment").click()
    expect(page.get_by_text("never quinine for cramps")).to_be_visible()
    expect(page.locator(".experiment-safety")).to_contain_text(
        "A prescribed medicine is never stopped, started or changed as an experiment"
    )
    page.get_by_label("Stretching calves and hamstrings before bed").check()
    expect(
        page.get_by_label("Pairs of 3-night blocks, the first night of each not counted")
    ).to_be_checked()
    expect(page.get_by_label("How long")).to_have_value("12")
    _shot(page, "design")
    page.get_by_role("button", name="Next: see what it can find").click()

    # Before the start: what this plan can find, from the person's own known nights.
    sentence = page.get_by_test_id("detectable")
    expect(sentence).to_contain_text(
        "With your recent 4 cramp nights a week, 12 weeks of pairs of 3-night blocks, the "
        "first night of each not counted (14 pairs) would find a halving of your cramp nights "
        "about"
    )
    expected = analysis.detectable_effect(4.0, 14, 3, 1)
    expect(sentence).to_have_text(expected.sentence)
    expect(page.get_by_test_id("detectable-advice")).to_contain_text("A longer plan finds more")
    _shot(page, "plan")
    page.get_by_role("button", name="Start today").click()
    expect(page.get_by_text("Started. Today shows what to do each day.")).to_be_visible()
    experiment = Experiment.objects.get(owner=owner)
    assert experiment.status == "running" and len(experiment.orders) == 14

    # Three simulated days: Today shows the day's assignment and asks in one tap.
    for day_number in (1, 2, 3):
        if day_number > 1:
            experiment = _move_back(experiment, 1)
        block = experiment.design.block_on(day_number - 1)
        page.goto("/today/")
        card = page.locator("#experiment-today")
        expected_heading = (
            "This block: stretch your calves and hamstrings before bed"
            if block.condition == analysis.TEST
            else "This block: your usual routine, no stretching before bed"
        )
        expect(card.get_by_role("heading")).to_have_text(expected_heading)
        expect(card).to_contain_text(f"Experiment day {day_number} of 84")
        if day_number == 1:
            expect(card).to_contain_text("(a run-in day, not counted)")
        answer = "Yes" if block.condition == analysis.TEST else "No"
        card.get_by_role("group", name="Did you stretch before bed today?").get_by_role(
            "button", name=answer
        ).click()
        expect(page.locator("#experiment-today")).to_contain_text(f"Saved: {answer.lower()}.")
        if day_number == 1:
            _shot(page, "today")
    assert DailyAnswer.objects.filter(experiment=experiment).count() == 3

    # "Stop early" asks first, and the stop can be undone.
    page.goto(f"/experiments/{experiment.pk}/")
    page.get_by_role("button", name="Stop early").click()
    expect(page.get_by_role("heading", name="Stop this experiment early?")).to_be_visible()
    _shot(page, "stop-confirm")
    page.get_by_role("button", name="Yes, stop early").click()
    expect(page.get_by_text("Stopped early. The result says so")).to_be_visible()
    experiment.refresh_from_db()
    assert experiment.status == "stopped"
    _shot(page, "stopped")
    page.get_by_role("button", name="Undo the stop").click()
    expect(page.get_by_text("Stop undone: the experiment runs on as planned.")).to_be_visible()
    experiment.refresh_from_db()
    assert experiment.status == "running" and experiment.ended_on is None

    # The rest of the plan passes (and a month more, clear of the recent nights above),
    # every night known and every day answered as planned; cramps only on usual nights.
    experiment = _move_back(experiment, experiment.design.total_days - 2 + 30)
    dates = running.calendar(experiment)
    for index, day in enumerate(dates):
        block = experiment.design.block_of(index)
        if block.condition == analysis.USUAL:
            factories.night_cramp(owner, day, severity=6)
        else:
            nights.record_no_cramps(owner, day)
        running.answer(experiment, day, block.condition == analysis.TEST)

    page.goto(f"/experiments/{experiment.pk}/")
    page.get_by_role("button", name="Finish and see the result").click()
    expect(page.get_by_text("Finished. Here is what it showed.")).to_be_visible()
    expect(page.get_by_role("heading", level=2).first).to_have_text(
        "Fewer cramps while stretching: a clear difference"
    )
    expect(page.get_by_text("over 16384 possible orders")).to_be_visible()
    expect(page.get_by_text("Not blinded:")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    _shot(page, "result")

    # It appears on the printable summary, with its plan.
    summary = browse(DESKTOP).new_page()
    sign_in(summary, owner)
    summary.goto("/reports/summary/?period=all")
    section = summary.locator("section", has=summary.get_by_role("heading", name="Experiments"))
    expect(section).to_contain_text("Stretching calves and hamstrings before bed")
    expect(section).to_contain_text("Fewer cramps while stretching: a clear difference")
    expect(section).to_contain_text("14 pairs of 3 days")
    expect(section).to_contain_text(str(experiment.seed))
    _shot(summary, "summary")


def test_at_one_cramp_night_a_week_the_open_try_is_offered_not_a_verdict(browse, owner):
    factories.cramp_history(owner, per_week=1)
    page = browse(PHONE).new_page()
    sign_in(page, owner)

    page.goto("/experiments/new/")
    page.get_by_label("Stretching calves and hamstrings before bed").check()
    page.get_by_role("button", name="Next: see what it can find").click()

    expect(page.get_by_test_id("detectable-advice")).to_contain_text(
        "At your rate even 26 weeks (6 months) would find a halving only about"
    )
    expect(page.get_by_test_id("detectable-advice")).to_contain_text("try the change openly")
    expect(page.get_by_role("button", name="Start today")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    _shot(page, "rare-cramps")
    page.get_by_role("button", name="Try it openly instead").click()
    expect(page.get_by_text("Changed to an open try: no blocks and no verdict.")).to_be_visible()
    expect(page.get_by_role("button", name="Start the open try today")).to_be_visible()
    _shot(page, "open-try")


def test_the_experiment_pages_in_dark_mode_on_a_phone(browse, owner):
    experiment = factories.started_experiment(owner, days_ago=3, pairs=5)
    page = browse(PHONE, color_scheme="dark").new_page()
    sign_in(page, owner)
    page.goto("/today/")
    expect(page.locator("#experiment-today")).to_be_visible()
    _shot(page, "today-dark")
    page.goto(f"/experiments/{experiment.pk}/")
    expect(page.get_by_role("heading", name="Progress")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    _shot(page, "running-dark")
