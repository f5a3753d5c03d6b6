"""An experiment in time: its calendar, the day's assignment, and its result from the journal.

The statistics are in ``analysis.py`` (plain Python); this module reads the plan, the changes
and the person's cramps into it. Days are the person's local days (the active time zone).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from journal import nights as journal_nights
from journal.models import Cramp

from . import analysis
from .models import Change, DailyAnswer, Experiment

RECENT_DAYS = 28


# --------------------------------------------------------------------------- the calendar


def pauses(experiment: Experiment) -> list[tuple[date, date | None]]:
    """The paused spans: from the day of each pause to the day before its resume (or open)."""
    spans: list[tuple[date, date | None]] = []
    paused_on = None
    for change in experiment.changes.all():
        if change.kind == Change.Kind.PAUSED:
            paused_on = change.day
        elif change.kind == Change.Kind.RESUMED and paused_on is not None:
            if change.day > paused_on:
                spans.append((paused_on, change.day - timedelta(days=1)))
            paused_on = None
    if paused_on is not None:
        spans.append((paused_on, None))
    return spans


def calendar(experiment: Experiment) -> list[date]:
    """The dates of the experiment's days so far planned (fewer while a pause goes on)."""
    if experiment.start_date is None:
        return []
    return analysis.experiment_dates(
        experiment.start_date, pauses(experiment), experiment.design.total_days
    )


def days_done(experiment: Experiment, today: date, dates: list[date] | None = None) -> int:
    """Experiment days that are over: their night has begun and the day has passed."""
    dates = calendar(experiment) if dates is None else dates
    return sum(1 for day in dates if day < today)


def is_complete(experiment: Experiment, today: date) -> bool:
    return days_done(experiment, today) >= experiment.design.total_days


@dataclass(frozen=True)
class Assignment:
    """What one day of an experiment asks."""

    day: date
    number: int  # 1-based experiment day
    block: analysis.Block
    condition: str
    run_in: bool
    text: str

    @property
    def is_test(self) -> bool:
        return self.condition == analysis.TEST


def assignment_on(experiment: Experiment, day: date) -> Assignment | None:
    """The day's assignment, or None when the day is not an experiment day."""
    if experiment.status not in (Experiment.Status.RUNNING,):
        return None
    dates = calendar(experiment)
    if day not in dates:
        return None
    index = dates.index(day)
    block = experiment.design.block_of(index)  # the day is in the plan's calendar
    item = experiment.item
    is_test = block.condition == analysis.TEST
    text = item.assignment if is_test else item.usual
    return Assignment(
        day=day,
        number=index + 1,
        block=block,
        condition=block.condition,
        run_in=index < block.first_counted,
        text=text,
    )


# --------------------------------------------------------------------------- changes


def _today() -> date:
    return timezone.localdate()


def _log(experiment: Experiment, kind: str, note: str = "") -> Change:
    return Change.objects.create(experiment=experiment, kind=kind, day=_today(), note=note)


def frozen_plan(experiment: Experiment) -> dict[str, Any]:
    """What is compared, how, and what counts as a clear result: fixed at the start."""
    design = experiment.design
    assert experiment.start_date is not None  # a plan is frozen when the experiment starts
    return {
        "what": experiment.title,
        "against": "my usual routine",
        "pairs": design.pairs,
        "block_days": design.block_days,
        "run_in_days": design.run_in_days,
        "seed": experiment.seed,
        "orders": list(design.orders),
        "start_date": experiment.start_date.isoformat(),
        "primary_outcome": "cramp nights per block (a night belongs to the evening it began), "
        "run-in days not counted",
        "secondary_outcome": "severity of the cramp nights (the worst cramp of each night)",
        "test": "exact randomisation test over all "
        f"{2**design.pairs} orders the design could have drawn, on the difference in "
        "cramp nights between the test and the usual block of each pair, as randomised "
        "(whatever the adherence), one-sided",
        "clear_result": f"p at most {analysis.ALPHA} with fewer cramp nights while testing, "
        "once every pair is over; an experiment stopped early gives no clear result",
        "effect": "cramp nights per week in each condition and their ratio with a 95% "
        "interval (log ratio, variance from the pairs, t with pairs - 1 degrees of freedom)",
    }


class StateError(Exception):
    """The action does not fit the experiment's state; the message says why."""


@transaction.atomic
def start(experiment: Experiment) -> Experiment:
    experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
    if experiment.status != Experiment.Status.DRAFT:
        raise StateError("This experiment has already started.")
    if Experiment.objects.for_user(experiment.owner).active().exists():
        raise StateError("Finish or stop your running experiment before starting another.")
    experiment.seed = secrets.randbits(52)  # fits a JSON number exactly, in any language
    experiment.orders = list(analysis.draw_orders(experiment.seed, experiment.pairs))
    experiment.start_date = _today()
    experiment.status = Experiment.Status.RUNNING
    experiment.plan = frozen_plan(experiment)
    experiment.save(update_fields=["seed", "orders", "start_date", "status", "plan"])
    _log(experiment, Change.Kind.STARTED)
    return experiment


def _locked(experiment: Experiment) -> Experiment:
    return Experiment.objects.select_for_update().get(pk=experiment.pk)


@transaction.atomic
def pause(experiment: Experiment) -> Experiment:
    experiment = _locked(experiment)
    if experiment.status != Experiment.Status.RUNNING:
        raise StateError("Only a running experiment can be paused.")
    experiment.status = Experiment.Status.PAUSED
    experiment.save(update_fields=["status"])
    _log(experiment, Change.Kind.PAUSED, "the rest of the plan moves later")
    return experiment


@transaction.atomic
def resume(experiment: Experiment) -> Experiment:
    experiment = _locked(experiment)
    if experiment.status != Experiment.Status.PAUSED:
        raise StateError("Only a paused experiment can be resumed.")
    experiment.status = Experiment.Status.RUNNING
    experiment.save(update_fields=["status"])
    _log(experiment, Change.Kind.RESUMED)
    return experiment


@transaction.atomic
def stop_early(experiment: Experiment) -> Experiment:
    experiment = _locked(experiment)
    if not experiment.is_active:
        raise StateError("Only a running or paused experiment can be stopped.")
    if experiment.status == Experiment.Status.PAUSED:
        _log(experiment, Change.Kind.RESUMED, "stopped while paused")
    experiment.status = Experiment.Status.STOPPED
    experiment.ended_on = _today()
    experiment.save(update_fields=["status", "ended_on"])
    _log(experiment, Change.Kind.STOPPED)
    return experiment


@transaction.atomic
def finish(experiment: Experiment) -> Experiment:
    experiment = _locked(experiment)
    if experiment.status != Experiment.Status.RUNNING or not is_complete(experiment, _today()):
        raise StateError("The experiment is not over yet: its last night has not passed.")
    experiment.status = Experiment.Status.FINISHED
    experiment.ended_on = _today()
    experiment.save(update_fields=["status", "ended_on"])
    _log(experiment, Change.Kind.FINISHED)
    return experiment


def answer(experiment: Experiment, day: date, did_it: bool) -> DailyAnswer:
    """Records (or corrects) the day's answer; the form has checked the day."""
    row, _ = DailyAnswer.objects.update_or_create(
        experiment=experiment,
        day=day,
        defaults={"did_it": did_it, "answered_at": timezone.now()},
    )
    return row


# --------------------------------------------------------------------------- what it showed


@dataclass(frozen=True)
class RecentRate:
    """Cramp nights a week over the recent known nights, and how many nights were unknown."""

    weekly: float
    known_nights: int
    unknown_nights: int


def recent_rate(user: User, today: date) -> RecentRate:
    """The rate of cramp nights among the known nights of the last four weeks (fewer if the
    account is younger): an unknown night is never counted as cramp-free, the same rule as
    the result (``journal.nights``)."""
    joined = timezone.localdate(user.date_joined)
    days = max(7, min(RECENT_DAYS, (today - joined).days))
    first, last = today - timedelta(days=days), today - timedelta(days=1)
    known = journal_nights.known_nights(user, first, last)
    with_cramp = set(
        Cramp.objects.for_user(user)
        .filter(night_of__gte=first, night_of__lte=last)
        .values_list("night_of", flat=True)
    )
    weekly = 7 * len(with_cramp) / len(known) if known else 0.0
    return RecentRate(weekly, len(known), days - len(known))


def recent_weekly_rate(user: User, today: date) -> float:
    """Cramp nights a week among the recent known nights (:func:`recent_rate`)."""
    return recent_rate(user, today).weekly


@dataclass(frozen=True)
class Adherence:
    test_days: int
    test_yes: int
    usual_days: int
    usual_yes: int
    unanswered: int


def _day_indexes(
    experiment: Experiment, dates: list[date]
) -> tuple[list[int], dict[int, int], set[int]]:
    """The experiment-day indexes of the cramp nights, their worst severity, and the indexes
    of every known night (``journal.nights``: a cramp, "no cramps", or the day marked
    complete). Only known nights count: silence is not a cramp-free night."""
    position = {day: index for index, day in enumerate(dates)}
    severity: dict[int, int] = {}
    cramp_days: list[int] = []
    if not dates:
        return cramp_days, severity, set()
    nights = (
        Cramp.objects.for_user(experiment.owner)
        .filter(night_of__in=dates)
        .values("night_of")
        .annotate(worst=Max("severity"))
    )
    for row in nights:
        index = position[row["night_of"]]
        cramp_days.append(index)
        if row["worst"] is not None:
            severity[index] = row["worst"]
    known = journal_nights.known_nights(experiment.owner, min(dates), max(dates))
    known_days = {position[night] for night in known if night in position}
    return cramp_days, severity, known_days


def adherence(experiment: Experiment, dates: list[date], done: int) -> Adherence:
    answers = {row.day: row.did_it for row in experiment.answers.all()}
    design = experiment.design
    counts = {analysis.TEST: [0, 0], analysis.USUAL: [0, 0]}
    unanswered = 0
    for index, day in enumerate(dates[:done]):
        block = design.block_of(index)
        counts[block.condition][0] += 1
        if day not in answers:
            unanswered += 1
        elif answers[day]:
            counts[block.condition][1] += 1
    return Adherence(
        test_days=counts[analysis.TEST][0],
        test_yes=counts[analysis.TEST][1],
        usual_days=counts[analysis.USUAL][0],
        usual_yes=counts[analysis.USUAL][1],
        unanswered=unanswered,
    )


@dataclass(frozen=True)
class Outcome:
    result: analysis.Result
    adherence: Adherence
    days_done: int
    dates: list[date]


def outcome(experiment: Experiment, today: date | None = None) -> Outcome | None:
    """The analysis of a started experiment, as of ``today``; None for a draft."""
    if experiment.start_date is None:
        return None
    today = today or _today()
    dates = calendar(experiment)
    # A day counts once its night has passed; an ended experiment counts the days before
    # its end (the night of the day it was stopped has not happened yet).
    until = experiment.ended_on if experiment.has_ended and experiment.ended_on else today
    done = days_done(experiment, min(today, until), dates)
    cramp_days, severity, known_days = _day_indexes(experiment, dates[:done])
    answers = adherence(experiment, dates, done)
    result = analysis.analyse(
        experiment.design,
        cramp_days,
        done,
        label=experiment.doing,
        stopped_early=experiment.status == Experiment.Status.STOPPED,
        severity_by_day=severity,
        known_days=known_days,
        answered_days=min(done, experiment.design.total_days) - answers.unanswered,
    )
    return Outcome(result, answers, done, dates)
