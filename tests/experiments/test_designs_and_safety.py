"""Issue 23 through the pages: designs matched to how a change acts, the open try, the
safety gates of the clinical review, and a result that says it is not blinded."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from experiments import analysis, running
from experiments.models import Experiment
from journal import nights
from tests import factories
from tests.urlconf import snapshot_rows

pytestmark = pytest.mark.django_db

DESIGN = {"intervention": "stretching", "mode": "randomised", "design": "blocks", "weeks": "12"}


def _text(response):
    return response.content.decode().replace("&#x27;", "'")


def test_single_nights_are_planned_only_for_a_change_that_cannot_act_into_the_next_night(
    owner_client, owner
):
    url = reverse("experiments:new")
    refused = owner_client.post(url, {**DESIGN, "design": "nights"})
    assert refused.status_code == 422

    owner_client.post(url, {**DESIGN, "design": "nights", "no_carry_over": "on"})

    experiment = Experiment.objects.get(owner=owner)
    assert (experiment.pairs, experiment.block_days, experiment.run_in_days) == (42, 1, 0)


def test_magnesium_is_an_open_try_with_its_weekly_rate_and_a_run_in(owner_client, owner):
    owner_client.post(
        reverse("experiments:new"),
        {**DESIGN, "intervention": "magnesium", "clinician_agreed": "on"},
    )
    draft = Experiment.objects.get(owner=owner)
    assert draft.mode == Experiment.Mode.OPEN
    assert (draft.pairs, draft.block_days) == (6, 7)

    page = _text(owner_client.get(reverse("experiments:detail", args=[draft.pk])))
    assert "What an open try can show" in page
    assert "Start the open try today" in page
    assert "Trials found magnesium unlikely to help most older adults" in page

    owner_client.post(reverse("experiments:start", args=[draft.pk]))
    draft.refresh_from_db()
    draft.start_date -= datetime.timedelta(days=10)
    draft.save(update_fields=["start_date"])
    dates = running.calendar(draft)
    for index, day in enumerate(dates[:10]):
        if index % 3 == 0:
            factories.night_cramp(owner, day)
        else:
            nights.record_no_cramps(owner, day)
    assignment = running.assignment_on(draft, dates[4])
    assert assignment.is_test  # every day of an open try

    page = _text(owner_client.get(reverse("experiments:detail", args=[draft.pk])))
    assert "Week 1 (run-in)" in page
    assert "Known cramp nights, week by week" in page
    assert "4 weeks before" in page
    assert "a clear difference" not in page


def test_the_fluid_experiment_asks_about_fluid_limits_and_stops_there(client):
    person = factories.UserFactory()
    client.force_login(person)
    form = _text(client.get(reverse("experiments:new")))
    assert "Has a clinician told you to limit how much you drink?" in form
    assert "Not for anyone told to limit fluids" in form

    fine = client.post(
        reverse("experiments:new"), {**DESIGN, "intervention": "fluid", "fluid_limit": "no"}
    )
    assert fine.status_code == 302

    heart = factories.UserFactory(profile={"has_heart_failure": True})
    client.force_login(heart)
    before = snapshot_rows()
    refused = client.post(
        reverse("experiments:new"), {**DESIGN, "intervention": "fluid", "fluid_limit": "no"}
    )
    assert refused.status_code == 422
    assert "keep to the fluid limit your clinician gave you" in _text(refused)
    assert snapshot_rows() == before


def test_heart_failure_is_a_profile_question_and_gates_potassium(client):
    person = factories.UserFactory(profile={"has_heart_failure": True})
    client.force_login(person)

    page = _text(client.get(reverse("experiments:new")))
    assert "You told us heart failure." in page

    refused = client.post(reverse("experiments:new"), {**DESIGN, "intervention": "potassium_snack"})
    assert refused.status_code == 422
    assert "I have heart failure" in _text(client.get(reverse("profile")))


def test_the_potassium_snack_guidance_says_what_it_tests(owner_client):
    page = _text(owner_client.get(reverse("experiments:new")))
    assert "The experiment tests the snack itself" in page
    assert "It cannot show whether low potassium is behind your cramps" in page
    assert "this is what the experiment can tell you" not in page


def test_something_else_needs_the_clinician_tick_and_names_the_medicine_rule(owner_client):
    page = _text(owner_client.get(reverse("experiments:new")))
    assert "A prescribed medicine is never stopped, started or changed as an experiment" in page

    refused = owner_client.post(
        reverse("experiments:new"),
        {**DESIGN, "intervention": "own", "description": "tonic water at night"},
    )
    assert refused.status_code == 422
    assert not Experiment.objects.exists()


def test_the_result_says_it_is_not_blinded_and_gives_no_zero_width_interval(owner_client, owner):
    # The same split in every pair, 1 cramp night testing and 2 on the usual routine: no
    # spread between pairs to make an interval from.
    experiment = factories.finished_experiment(owner, pairs=6, block_days=7)
    design = experiment.design
    for block in design.blocks:
        wanted = 1 if block.condition == analysis.TEST else 2
        for day_index in list(block.counted_days)[:wanted]:
            day = running.calendar(experiment)[day_index]
            nights.undo_no_cramps(owner, day)
            factories.night_cramp(owner, day)

    page = _text(owner_client.get(reverse("experiments:detail", args=[experiment.pk])))

    assert "Not blinded:" in page
    assert "expecting a change to help can by itself" in page.lower()
    assert "too few pairs for an interval" in page
    assert "0.50 to 0.50" not in page


def test_the_recent_rate_counts_known_nights_only(owner):
    today = timezone.localdate()
    owner.date_joined -= datetime.timedelta(days=60)
    owner.save(update_fields=["date_joined"])
    factories.night_cramp(owner, today - datetime.timedelta(days=3))
    nights.record_no_cramps(owner, today - datetime.timedelta(days=2))

    rate = running.recent_rate(owner, today)

    assert (rate.known_nights, rate.unknown_nights) == (2, 26)
    assert rate.weekly == pytest.approx(3.5)
