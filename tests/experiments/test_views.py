"""The experiment pages and actions, through the test client."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from experiments import analysis, running
from experiments.models import Change, DailyAnswer, Experiment
from journal import nights
from tests import factories
from tests.urlconf import snapshot_rows

pytestmark = pytest.mark.django_db

DESIGN = {"intervention": "stretching", "mode": "randomised", "design": "blocks", "weeks": "12"}


def _today():
    return timezone.localdate()


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def assert_refused(client, url, message, data=None):
    """A post that is refused with ``message`` and changes nothing."""
    before = snapshot_rows()
    response = client.post(url, data or {}, follow=True)
    assert message in _messages(response)
    assert snapshot_rows() == before


# --- Design -----------------------------------------------------------------------------


def test_it_designs_a_draft_and_shows_what_it_can_find(owner_client, owner):
    factories.cramp_history(owner, per_week=5)
    # A night with nothing logged is not cramp-free: it leaves the rate alone.
    assert nights.undo_no_cramps(owner, _today() - datetime.timedelta(days=6))

    response = owner_client.post(reverse("experiments:new"), DESIGN, follow=True)

    experiment = Experiment.objects.get(owner=owner)
    assert experiment.status == Experiment.Status.DRAFT
    assert (experiment.pairs, experiment.block_days, experiment.run_in_days) == (14, 3, 1)
    assert experiment.seed is None and experiment.orders == []
    assert response.status_code == 200
    rate = 7 * 20 / 27
    expected = analysis.detectable_effect(rate, 14, 3, 1)
    assert expected.sentence in response.text.replace("&#x27;", "'")
    assert (
        "With your recent 5.2 cramp nights a week, 12 weeks of pairs of 3-night blocks"
        in response.text
    )
    assert "1 with nothing logged (not counted)" in response.text
    assert "Start today" in response.text
    assert [c.kind for c in experiment.changes.all()] == [Change.Kind.DESIGNED]


def test_an_old_kind_of_plan_is_not_started_and_asks_for_short_blocks(owner_client, owner):
    factories.cramp_history(owner, per_week=5)
    experiment = factories.ExperimentFactory(owner=owner)  # 4 pairs of 7 days

    response = owner_client.get(reverse("experiments:detail", args=[experiment.pk]))

    assert "Change the plan to pairs of 3-night blocks" in response.text
    assert "Start today" not in response.text
    assert_refused(
        owner_client,
        reverse("experiments:start", args=[experiment.pk]),
        "This plan would rarely find anything at your rate of cramp nights: try the change "
        "openly instead, or change the plan.",
    )


def test_a_person_with_rare_cramps_is_offered_the_open_try_not_a_verdict(owner_client, owner):
    factories.cramp_history(owner, per_week=1)
    draft = factories.ExperimentFactory(owner=owner, **factories.SHORT_BLOCKS)

    response = owner_client.get(reverse("experiments:detail", args=[draft.pk]))

    text = response.text.replace("&#x27;", "'")
    assert "even 26 weeks (6 months) would find a halving only about" in text
    assert "try the change openly" in text
    assert "Start today" not in text
    assert "Try it openly instead" in text
    opened = owner_client.post(reverse("experiments:try_openly", args=[draft.pk]), follow=True)
    draft.refresh_from_db()
    assert draft.mode == Experiment.Mode.OPEN
    assert "Start the open try today" in opened.text
    owner_client.post(reverse("experiments:start", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Experiment.Status.RUNNING


def test_the_design_page_says_the_safety_lines(owner_client, owner):
    response = owner_client.get(reverse("experiments:new"))

    assert response.status_code == 200
    assert "only after talking with a clinician" in response.text
    assert "never quinine" in response.text
    assert "A prescribed medicine is never stopped, started or changed as an experiment" in (
        response.text
    )
    assert "kidney disease or heart failure, or take a diuretic" in response.text
    # The direction by kind: most diuretics lower potassium, potassium-sparing ones raise it.
    assert "most others (loop diuretics, thiazides) lower potassium and magnesium" in (
        response.text
    )
    for label in (
        "Stretching calves and hamstrings before bed",
        "A potassium-rich evening snack",
        "An extra 500 ml of fluid in the afternoon",
        "A magnesium supplement agreed with a clinician",
    ):
        assert label in response.text


def test_it_warns_people_with_kidney_disease_about_potassium_and_magnesium(client):
    person = factories.UserFactory(profile={"has_kidney_disease": True})
    client.force_login(person)

    response = client.get(reverse("experiments:new"))
    assert "You told us kidney disease." in response.text

    refused = client.post(reverse("experiments:new"), {**DESIGN, "intervention": "potassium_snack"})
    assert refused.status_code == 422
    assert not Experiment.objects.exists()
    agreed = client.post(
        reverse("experiments:new"),
        {**DESIGN, "intervention": "potassium_snack", "clinician_agreed": "on"},
    )
    assert agreed.status_code == 302
    assert Experiment.objects.get().intervention == "potassium_snack"


def test_a_supplement_needs_the_clinicians_agreement(owner_client, owner):
    response = owner_client.post(
        reverse("experiments:new"), {**DESIGN, "intervention": "magnesium"}
    )

    assert response.status_code == 422
    assert "talk with your clinician first" in response.text
    assert not Experiment.objects.exists()


def test_a_potassium_snack_needs_no_clinician_without_the_profile_flags(owner_client):
    response = owner_client.post(
        reverse("experiments:new"), {**DESIGN, "intervention": "potassium_snack"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"intervention": "own", "description": "  "}, "Describe what you want to test."),
        ({"weeks": "13"}, "Select a valid choice"),
        ({"weeks": "four"}, "Select a valid choice"),
        ({"design": "weekly"}, "Select a valid choice"),
        ({"mode": "blind"}, "Select a valid choice"),
        ({"design": "nights"}, "Single nights only work for a change that cannot act into"),
        ({"intervention": "quinine"}, "Select a valid choice"),
        (
            {"intervention": "own", "description": "stop my statin"},
            "A prescribed medicine is never stopped or changed as an experiment.",
        ),
        ({"intervention": "fluid"}, "Please answer this before testing extra fluid."),
        (
            {"intervention": "fluid", "fluid_limit": "yes"},
            "Then this experiment is not for you: keep to the fluid limit",
        ),
    ],
)
def test_it_rejects_a_bad_design_with_a_clear_message(owner_client, change, message):
    before = snapshot_rows()

    response = owner_client.post(reverse("experiments:new"), {**DESIGN, **change})

    assert response.status_code == 422
    assert message in response.text
    assert snapshot_rows() == before


def test_it_keeps_the_persons_own_description(owner_client, owner):
    owner_client.post(
        reverse("experiments:new"),
        {
            **DESIGN,
            "intervention": "own",
            "description": "  A warm   bath before bed ",
            "clinician_agreed": "on",
        },
    )
    experiment = Experiment.objects.get(owner=owner)
    assert experiment.title == "A warm bath before bed"
    assert experiment.doing == "doing “A warm bath before bed”"


def test_it_changes_a_plan_before_the_start_only(owner_client, owner):
    draft = factories.ExperimentFactory(owner=owner)
    response = owner_client.post(
        reverse("experiments:edit", args=[draft.pk]), {**DESIGN, "weeks": "16"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.pairs, draft.block_days, draft.run_in_days) == (18, 3, 1)

    started = factories.started_experiment(factories.UserFactory())
    started.owner = owner
    started.save(update_fields=["owner"])
    assert_refused(
        owner_client,
        reverse("experiments:edit", args=[started.pk]),
        "The plan was frozen when the experiment started.",
        {**DESIGN, "weeks": "20"},
    )


# --- Start ------------------------------------------------------------------------------


def test_starting_draws_the_order_from_a_stored_seed_and_freezes_the_plan(owner_client, owner):
    factories.cramp_history(owner, per_week=5)
    draft = factories.ExperimentFactory(owner=owner, **factories.SHORT_BLOCKS)

    response = owner_client.post(reverse("experiments:start", args=[draft.pk]))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Experiment.Status.RUNNING
    assert draft.start_date == _today()
    assert isinstance(draft.seed, int)
    assert tuple(draft.orders) == analysis.draw_orders(draft.seed, 14)
    plan = draft.plan
    assert (plan["pairs"], plan["block_days"], plan["run_in_days"]) == (14, 3, 1)
    assert plan["seed"] == draft.seed and plan["orders"] == draft.orders
    assert "randomisation test over all 16384 orders" in plan["test"]
    assert "one-sided; known nights only" in plan["test"]
    assert plan["what"] == "Stretching calves and hamstrings before bed"
    assert plan["against"] == "my usual routine"


def test_it_starts_an_experiment_once(owner_client, owner):
    factories.cramp_history(owner, per_week=5)
    draft = factories.ExperimentFactory(owner=owner, **factories.SHORT_BLOCKS)
    owner_client.post(reverse("experiments:start", args=[draft.pk]))
    before = snapshot_rows()

    response = owner_client.post(reverse("experiments:start", args=[draft.pk]), follow=True)

    assert "This experiment has already started." in _messages(response)
    assert snapshot_rows() == before


def test_it_runs_one_experiment_at_a_time(owner_client, owner):
    factories.cramp_history(owner, per_week=5)
    factories.started_experiment(owner)
    second = factories.ExperimentFactory(owner=owner, **factories.SHORT_BLOCKS)

    assert_refused(
        owner_client,
        reverse("experiments:start", args=[second.pk]),
        "Finish or stop your running experiment before starting another.",
    )


# --- Today and the daily answer ------------------------------------------------------------


def test_today_shows_the_days_assignment_and_asks_in_one_tap(owner_client, owner):
    experiment = factories.started_experiment(owner, days_ago=2)
    block = experiment.design.block_on(2)

    response = owner_client.get(reverse("journal:today"))

    heading = (
        "This week: stretch your calves and hamstrings before bed"
        if block.condition == analysis.TEST
        else "This week: your usual routine, no stretching before bed"
    )
    assert heading in response.text
    assert "Did you stretch before bed today?" in response.text
    assert "Experiment day 3 of 56" in response.text
    assert reverse("experiments:answer", args=[experiment.pk]) in response.text


def test_today_says_nothing_without_a_running_experiment(owner_client, owner):
    factories.ExperimentFactory(owner=owner)
    response = owner_client.get(reverse("journal:today"))
    assert response.status_code == 200
    assert "experiment-today" not in response.text


def test_one_tap_records_the_answer_and_a_second_tap_changes_it(owner_client, owner):
    experiment = factories.started_experiment(owner, days_ago=1)
    url = reverse("experiments:answer", args=[experiment.pk])
    today = _today().isoformat()

    first = owner_client.post(
        url, {"day": today, "did_it": "yes", "back": "today"}, headers={"HX-Request": "true"}
    )
    assert first.status_code == 200
    assert "Saved: yes." in first.text
    assert DailyAnswer.objects.get(experiment=experiment).did_it is True

    second = owner_client.post(url, {"day": today, "did_it": "no", "back": "today"})
    assert second.status_code == 302 and second.url == reverse("journal:today")
    answer = DailyAnswer.objects.get(experiment=experiment)
    assert answer.did_it is False


def test_a_missed_day_can_be_answered_later(owner_client, owner):
    experiment = factories.started_experiment(owner, days_ago=3)
    day = experiment.start_date + datetime.timedelta(days=1)
    response = owner_client.post(
        reverse("experiments:answer", args=[experiment.pk]),
        {"day": day.isoformat(), "did_it": "yes"},
    )
    answer = DailyAnswer.objects.get(experiment=experiment)
    assert (answer.day, answer.did_it) == (day, True)
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"day": "tomorrow", "did_it": "yes"}, "Enter a valid date."),
        ({"day": "FUTURE", "did_it": "yes"}, "That day has not come yet."),
        ({"day": "BEFORE", "did_it": "yes"}, "That day is not a day of this experiment."),
        ({"day": "TODAY", "did_it": "maybe"}, "Select a valid choice."),
        ({"day": "TODAY"}, "This field is required."),
        ({"day": "TODAY", "did_it": "yes", "back": "elsewhere"}, "Select a valid choice."),
    ],
)
def test_it_rejects_a_bad_answer_and_changes_nothing(owner_client, owner, data, message):
    experiment = factories.started_experiment(owner, days_ago=1)
    days = {
        "TODAY": _today(),
        "FUTURE": _today() + datetime.timedelta(days=1),
        "BEFORE": experiment.start_date - datetime.timedelta(days=1),
    }
    data = {key: days[value].isoformat() if value in days else value for key, value in data.items()}
    url = reverse("experiments:answer", args=[experiment.pk])
    before = snapshot_rows()

    htmx = owner_client.post(url, data, headers={"HX-Request": "true"})
    plain = owner_client.post(url, data)

    assert htmx.status_code == 422
    assert message in htmx.text
    assert plain.status_code == 422
    assert message in plain.text
    assert snapshot_rows() == before


def test_a_paused_experiment_takes_no_answers(owner_client, owner):
    experiment = running.pause(factories.started_experiment(owner, days_ago=1))
    before = snapshot_rows()
    response = owner_client.post(
        reverse("experiments:answer", args=[experiment.pk]),
        {"day": _today().isoformat(), "did_it": "yes"},
    )
    assert response.status_code == 422
    assert "This experiment is not running, so there is nothing to answer." in response.text
    assert snapshot_rows() == before


# --- Pause, stop early, finish ------------------------------------------------------------


def test_a_pause_moves_the_rest_of_the_plan_later(owner_client, owner):
    experiment = factories.started_experiment(owner, days_ago=5)
    owner_client.post(reverse("experiments:pause", args=[experiment.pk]))
    experiment.refresh_from_db()
    assert experiment.status == Experiment.Status.PAUSED
    assert len(running.calendar(experiment)) == 5  # days up to yesterday; none while paused
    assert "experiment-today" not in owner_client.get(reverse("journal:today")).text

    pause = experiment.changes.get(kind=Change.Kind.PAUSED)
    pause.day -= datetime.timedelta(days=2)  # paused two days ago; resumed today
    pause.save(update_fields=["day"])
    owner_client.post(reverse("experiments:resume", args=[experiment.pk]))
    experiment.refresh_from_db()
    dates = running.calendar(experiment)
    assert experiment.status == Experiment.Status.RUNNING
    # The two paused days are skipped: day 4 of the plan is today, not two days ago.
    start = experiment.start_date
    assert dates[:4] == [start, start + datetime.timedelta(days=1),
                         start + datetime.timedelta(days=2), _today()]  # fmt: skip
    assert len(dates) == 56
    kinds = [c.kind for c in experiment.changes.all()]
    assert kinds == [Change.Kind.STARTED, Change.Kind.PAUSED, Change.Kind.RESUMED]


def test_stopping_early_asks_first_and_says_so_in_the_result(owner_client, owner):
    experiment = factories.started_experiment(owner, days_ago=20, pairs=6)
    url = reverse("experiments:stop", args=[experiment.pk])
    before = snapshot_rows()

    asked = owner_client.post(url)

    assert asked.status_code == 200
    assert "Stop this experiment early?" in asked.text
    assert "undo the stop until the same time tomorrow" in asked.text
    assert snapshot_rows() == before

    response = owner_client.post(url, {"confirm": "yes"}, follow=True)

    experiment.refresh_from_db()
    assert experiment.status == Experiment.Status.STOPPED
    assert "Too early to say" in response.text
    assert "stopped early, after 1 of 6 pairs" in response.text
    assert "Undo the stop" in response.text
    assert experiment.changes.last().kind == Change.Kind.STOPPED


def test_a_stop_can_be_undone_for_a_day_only(owner_client, owner):
    experiment = factories.started_experiment(owner, days_ago=20, pairs=6)
    owner_client.post(reverse("experiments:stop", args=[experiment.pk]), {"confirm": "yes"})

    response = owner_client.post(
        reverse("experiments:undo_stop", args=[experiment.pk]), follow=True
    )

    experiment.refresh_from_db()
    assert experiment.status == Experiment.Status.RUNNING
    assert experiment.ended_on is None
    assert "Stop undone: the experiment runs on as planned." in _messages(response)
    assert experiment.changes.last().kind == Change.Kind.UNDONE

    owner_client.post(reverse("experiments:stop", args=[experiment.pk]), {"confirm": "yes"})
    Change.objects.filter(experiment=experiment, kind=Change.Kind.STOPPED).update(
        at=timezone.now() - datetime.timedelta(hours=25)
    )
    assert_refused(
        owner_client,
        reverse("experiments:undo_stop", args=[experiment.pk]),
        "A stop can only be undone on the day after it, at the latest.",
    )


def test_drafts_older_than_a_month_are_offered_for_removal(owner_client, owner):
    old = factories.ExperimentFactory(owner=owner)
    Experiment.objects.filter(pk=old.pk).update(
        created=timezone.now() - datetime.timedelta(days=31)
    )
    recent = factories.ExperimentFactory(owner=owner)
    started = factories.started_experiment(owner)
    Experiment.objects.filter(pk=started.pk).update(
        created=timezone.now() - datetime.timedelta(days=90)
    )

    page = owner_client.get(reverse("experiments:index"))
    assert "1 plan designed more than a month ago was never started" in page.text

    owner_client.post(reverse("experiments:remove_old_drafts"))

    assert set(Experiment.objects.for_user(owner)) == {recent, started}


def test_it_finishes_only_once_the_last_night_is_over(owner_client, owner):
    experiment = factories.started_experiment(owner, days_ago=55)
    assert_refused(
        owner_client,
        reverse("experiments:finish", args=[experiment.pk]),
        "The experiment is not over yet: its last night has not passed.",
    )

    experiment.start_date -= datetime.timedelta(days=1)
    experiment.save(update_fields=["start_date"])
    detail = owner_client.get(reverse("experiments:detail", args=[experiment.pk]))
    assert "Finish and see the result" in detail.text
    owner_client.post(reverse("experiments:finish", args=[experiment.pk]))
    experiment.refresh_from_db()
    assert experiment.status == Experiment.Status.FINISHED


def test_the_result_page_shows_the_verdict_effect_and_adherence(owner_client, owner):
    experiment = factories.finished_experiment(owner, pairs=6)
    blocks = experiment.design.blocks
    usual_nights = [
        day for block in blocks if block.condition == analysis.USUAL for day in block.counted_days
    ][::2]  # every other usual night; none while stretching
    dates = running.calendar(experiment)
    for index in usual_nights:
        factories.night_cramp(owner, dates[index], severity=6)

    response = owner_client.get(reverse("experiments:detail", args=[experiment.pk]))

    assert "Fewer cramps while stretching: a clear difference" in response.text
    assert "p = 0.016, over 64 possible orders" in response.text
    assert "42 of 42" in response.text  # every test day answered yes
    assert "0 of 42" in response.text  # no usual day
    assert "The plan, fixed at the start" in response.text
    assert str(experiment.seed) in response.text


def test_a_draft_can_be_discarded_but_a_started_experiment_cannot(owner_client, owner):
    draft = factories.ExperimentFactory(owner=owner)
    owner_client.post(reverse("experiments:discard", args=[draft.pk]))
    assert not Experiment.objects.filter(pk=draft.pk).exists()

    started = factories.started_experiment(owner)
    assert_refused(
        owner_client,
        reverse("experiments:discard", args=[started.pk]),
        "Only a plan that has not started can be discarded.",
    )


def test_it_checks_ownership(stranger_client, owner):
    experiment = factories.started_experiment(owner, days_ago=3)
    before = snapshot_rows()
    for name, method in [
        ("detail", "get"),
        ("edit", "post"),
        ("answer", "post"),
        ("pause", "post"),
        ("stop", "post"),
        ("discard", "post"),
    ]:
        url = reverse(f"experiments:{name}", args=[experiment.pk])
        data = {"day": _today().isoformat(), "did_it": "yes", **DESIGN}
        response = getattr(stranger_client, method)(url, data)
        assert response.status_code == 404, name
    assert snapshot_rows() == before
    assert experiment.owner.experiments.count() == 1


def test_the_list_shows_only_the_persons_own_experiments(owner_client, owner, stranger):
    factories.ExperimentFactory(owner=owner, intervention="fluid")
    factories.ExperimentFactory(owner=stranger, intervention="own", description="Secret plan")
    response = owner_client.get(reverse("experiments:index"))
    assert "An extra 500 ml of fluid in the afternoon" in response.text
    assert "Secret plan" not in response.text


# --- Report and summary -------------------------------------------------------------------


def test_a_finished_experiment_appears_on_the_report_and_the_summary(owner_client, owner):
    experiment = factories.finished_experiment(owner, cramp_nights=(1, 2, 30), pairs=4)

    for name in ("reports:index", "reports:summary"):
        response = owner_client.get(reverse(name), {"period": "all"})
        assert response.status_code == 200
        assert "Experiments" in response.text
        assert "Stretching calves and hamstrings before bed" in response.text
        assert "No clear difference" in response.text
        assert "Order drawn" in response.text
        assert str(experiment.seed) in response.text
        assert "4 pairs of 7 days" in response.text


def test_a_running_experiment_is_not_on_the_report(owner_client, owner):
    factories.started_experiment(owner, days_ago=3)
    response = owner_client.get(reverse("reports:summary"), {"period": "all"})
    assert "experiments-title" not in response.text


def test_the_days_question_is_ready_for_reminders_to_ask(owner_client, owner):
    from experiments.prompts import todays_prompt

    experiment = factories.started_experiment(owner, days_ago=1, intervention="fluid")
    prompt = todays_prompt(owner, _today())

    assert prompt.question == "Did you drink the extra 500 ml today?"
    assert prompt.answer is None
    # A reminder answers exactly as Today's buttons do: a POST of the day and yes or no.
    owner_client.post(prompt.answer_url, {"day": _today().isoformat(), "did_it": "yes"})
    assert todays_prompt(owner, _today()).answer is True
    assert todays_prompt(owner, _today() + datetime.timedelta(days=1)).answer is None
    running.pause(experiment)
    assert todays_prompt(owner, _today()) is None


def test_a_stopped_experiment_prints_in_one_line_with_a_link(owner_client, owner):
    """The summary keeps to two pages: no protocol for an experiment stopped early (issue 26)."""
    experiment = running.stop_early(factories.started_experiment(owner, days_ago=9))

    summary = owner_client.get(reverse("reports:summary"), {"period": "all"}).text
    report = owner_client.get(reverse("reports:index"), {"period": "all"}).text

    line = summary[summary.index('<p class="experiment-line">') :]
    line = line[: line.index("</p>")]
    assert "stopped early after" in line
    assert f'href="{reverse("experiments:detail", args=[experiment.pk])}"' in line
    assert "Order drawn" not in summary
    assert "Order drawn" in report  # the report page keeps the whole plan
