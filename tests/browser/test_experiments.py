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
    today = timezone.localdate()
    owner.date_joined -= datetime.timedelta(days=90)
    owner.save(update_fields=["date_joined"])
    for night in range(1, 29, 2):  # 14 cramp nights in four weeks: 3.5 a week
        factories.night_cramp(owner, today - datetime.timedelta(days=night))
    page = browse(PHONE).new_page()
    sign_in(page, owner)

    # Design: what to test, and a plan of 6 pairs of 14-day blocks.
    page.goto("/experiments/")
    page.get_by_role("link", name="Design an experiment").click()
    expect(page.get_by_text("never quinine for cramps")).to_be_visible()
    page.get_by_label("Stretching calves and hamstrings before bed").check()
    page.get_by_label("Pairs of blocks").select_option("6")
    page.get_by_label("Days in each block").select_option("14")
    _shot(page, "design")
    page.get_by_role("button", name="Next: see what it can find").click()

    # Before the start: what this plan can find, from the person's own recent nights.
    sentence = page.get_by_test_id("detectable")
    expect(sentence).to_contain_text(
        "With your recent 3.5 cramp nights a week, 6 pairs of 14-day blocks would find a "
        "halving of your cramp nights about"
    )
    expected = analysis.detectable_effect(3.5, 6, 14)
    expect(sentence).to_have_text(expected.sentence)
    _shot(page, "plan")
    page.get_by_role("button", name="Start today").click()
    expect(page.get_by_text("Started. Today shows what to do each day.")).to_be_visible()
    experiment = Experiment.objects.get(owner=owner)
    assert experiment.status == "running" and len(experiment.orders) == 6

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
        expect(card).to_contain_text(f"Experiment day {day_number} of 168")
        answer = "Yes" if block.condition == analysis.TEST else "No"
        card.get_by_role("group", name="Did you stretch before bed today?").get_by_role(
            "button", name=answer
        ).click()
        expect(page.locator("#experiment-today")).to_contain_text(f"Saved: {answer.lower()}.")
        if day_number == 1:
            _shot(page, "today")
    answers = DailyAnswer.objects.filter(experiment=experiment).order_by("day")
    assert answers.count() == 3

    # The rest of the plan passes (and a month more, clear of the recent cramps above);
    # cramp nights come only on usual-routine nights.
    experiment = _move_back(experiment, experiment.design.total_days - 2 + 30)
    dates = running.calendar(experiment)
    for block in experiment.design.blocks:
        if block.condition == analysis.USUAL:
            for index in list(block.counted_days)[::3]:
                factories.night_cramp(owner, dates[index], severity=6)

    page.goto(f"/experiments/{experiment.pk}/")
    page.get_by_role("button", name="Finish and see the result").click()
    expect(page.get_by_text("Finished. Here is what it showed.")).to_be_visible()
    expect(page.get_by_role("heading", level=2).first).to_have_text(
        "Fewer cramps while stretching: a clear difference"
    )
    expect(page.get_by_text("p = 0.016, over 64 possible orders")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    _shot(page, "result")

    # It appears on the printable summary, with its plan.
    summary = browse(DESKTOP).new_page()
    sign_in(summary, owner)
    summary.goto("/reports/summary/?period=all")
    section = summary.locator("section", has=summary.get_by_role("heading", name="Experiments"))
    expect(section).to_contain_text("Stretching calves and hamstrings before bed")
    expect(section).to_contain_text("Fewer cramps while stretching: a clear difference")
    expect(section).to_contain_text("6 pairs of 14 days")
    expect(section).to_contain_text(str(experiment.seed))
    _shot(summary, "summary")


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
