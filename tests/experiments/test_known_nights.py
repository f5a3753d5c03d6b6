"""Issue 23, acceptance 1: only known nights count, and no verdict without the daily answers.

Through the product: the experiment page of a finished experiment, as the person sees it.
"""

import pytest
from django.urls import reverse

from experiments import analysis, running
from journal import nights
from tests import factories

pytestmark = pytest.mark.django_db

PLAN = {"pairs": 6, "block_days": 7, "run_in_days": 0}


def _finished(owner, *, log_test_blocks, answer_days):
    """A finished 6-pair experiment with a cramp on every counted usual night; the test
    blocks' nights answered "no cramps" only when ``log_test_blocks``; every day answered
    "Did you do it?" as planned only when ``answer_days``."""
    total = 2 * PLAN["pairs"] * PLAN["block_days"]
    experiment = factories.started_experiment(owner, days_ago=total + 1, **PLAN)
    dates = running.calendar(experiment)
    for index, day in enumerate(dates):
        block = experiment.design.block_of(index)
        if block.condition == analysis.USUAL:
            factories.night_cramp(owner, day)
        elif log_test_blocks:
            nights.record_no_cramps(owner, day)
        if answer_days:
            running.answer(experiment, day, block.condition == analysis.TEST)
    return running.finish(experiment)


def _page(client, experiment):
    response = client.get(reverse("experiments:detail", args=[experiment.pk]))
    assert response.status_code == 200
    return response.text


def test_a_person_who_logged_nothing_in_the_test_blocks_gets_no_clear_difference(
    owner_client, owner
):
    experiment = _finished(owner, log_test_blocks=False, answer_days=True)

    text = _page(owner_client, experiment)

    assert "a clear difference" not in text
    assert "No verdict: too many nights are unknown" in text
    assert "42 counted nights had nothing logged" in text
    assert "unknown, not cramp-free" in text


def test_a_person_with_no_daily_answers_gets_no_clear_difference(owner_client, owner):
    experiment = _finished(owner, log_test_blocks=True, answer_days=False)

    text = _page(owner_client, experiment)

    assert "a clear difference" not in text
    assert "No verdict: most days have no answer" in text


def test_the_same_nights_logged_and_answered_do_give_a_clear_difference(owner_client, owner):
    experiment = _finished(owner, log_test_blocks=True, answer_days=True)

    text = _page(owner_client, experiment)

    assert "Fewer cramps while stretching: a clear difference" in text
    assert "nothing logged" not in text
