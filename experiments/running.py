"""An experiment in time: its calendar, the day's assignment, and its result from the journal.

The statistics are in ``analysis.py`` (plain Python); this module reads the plan, the changes
and the person's cramps into it. Days are the person's local days (the active time zone).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
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
# An open try of a slow change (magnesium) marks its first week as a run-in.
OPEN_RUN_IN_DAYS = 7
# A stop can be undone for this long.
UNDO_STOP_FOR = timedelta(days=1)
# Drafts older than this are offered for removal.
OLD_DRAFT_AFTER = timedelta(days=30)


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
    is_test = experiment.is_open or block.condition == analysis.TEST
    text = item.assignment if is_test else item.usual
    return Assignment(
        day=day,
        number=index + 1,
        block=block,
        condition=analysis.TEST if is_test else block.condition,
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
    if experiment.is_open:
        return {
            "what": experiment.title,
            "mode": "open try, every day, no blocks",
            "weeks": design.total_days // 7,
            "start_date": experiment.start_date.isoformat(),
            "run_in_days": OPEN_RUN_IN_DAYS if experiment.item.slow else 0,
            "shown": "known cramp nights a week, week by week, beside the four weeks before "
            "the start",
            "verdict": "none: an open try cannot tell the change from chance, cramps easing "
            "by themselves or expecting to improve",
        }
    return {
        "mode": "randomised",
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
        "(whatever the adherence), one-sided; known nights only, a block with more than a "
        "quarter of its counted nights unknown does not count",
        "clear_result": f"p at most {analysis.ALPHA} with fewer cramp nights while testing, "
        "once every pair is over, with the daily answer for most days; an experiment stopped "
        "early gives no clear result",
        "effect": "cramp nights per week in each condition and their ratio with a 95% "
        "interval (log ratio, variance from the pairs, t with pairs - 1 degrees of freedom)",
    }


class StateError(Exception):
    """The action does not fit the experiment's state; the message says why."""


@transaction.atomic
def start(experiment: Experiment, detectable: analysis.Detectable | None = None) -> Experiment:
    """Starts a draft. ``detectable``: what the plan can find for this person (the page's
    sentence); a randomised plan that is not worth a verdict at their rate is not started."""
    experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
    if experiment.status != Experiment.Status.DRAFT:
        raise StateError("This experiment has already started.")
    if detectable is not None and not experiment.is_open and not detectable.offer_verdict:
        raise StateError(
            "This plan would rarely find anything at your rate of cramp nights: try the "
            "change openly instead, or change the plan."
        )
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


def stopped_at(experiment: Experiment) -> Change | None:
    """The change that stopped the experiment, while it is stopped."""
    if experiment.status != Experiment.Status.STOPPED:
        return None
    return experiment.changes.filter(kind=Change.Kind.STOPPED).order_by("-at", "-pk").first()


def can_undo_stop(experiment: Experiment) -> bool:
    stop = stopped_at(experiment)
    return stop is not None and timezone.now() - stop.at <= UNDO_STOP_FOR


@transaction.atomic
def undo_stop(experiment: Experiment) -> Experiment:
    """Takes back "Stop early" within a day: the experiment runs on as planned."""
    experiment = _locked(experiment)
    if not can_undo_stop(experiment):
        raise StateError("A stop can only be undone on the day after it, at the latest.")
    others = Experiment.objects.for_user(experiment.owner).active().exclude(pk=experiment.pk)
    if others.exists():
        raise StateError("You have started another experiment since: stop it first.")
    experiment.status = Experiment.Status.RUNNING
    experiment.ended_on = None
    experiment.save(update_fields=["status", "ended_on"])
    _log(experiment, Change.Kind.UNDONE, "runs on as planned")
    return experiment


def old_drafts(user: User) -> Any:
    """The person's drafts designed more than a month ago."""
    cutoff = timezone.now() - OLD_DRAFT_AFTER
    return Experiment.objects.for_user(user).filter(
        status=Experiment.Status.DRAFT, created__lt=cutoff
    )


def remove_old_drafts(user: User) -> int:
    _, by_model = old_drafts(user).delete()
    return by_model.get(Experiment._meta.label, 0)


@transaction.atomic
def try_openly(experiment: Experiment) -> Experiment:
    """Turns a draft into an open try of the same length: no blocks, no verdict."""
    experiment = _locked(experiment)
    if experiment.status != Experiment.Status.DRAFT:
        raise StateError("Only a plan that has not started can be changed.")
    weeks = max(analysis.DEFAULT_WEEKS, experiment.design.total_days // 7)
    experiment.mode = Experiment.Mode.OPEN
    experiment.pairs, experiment.block_days, experiment.run_in_days = weeks // 2, 7, 0
    experiment.save(update_fields=["mode", "pairs", "block_days", "run_in_days"])
    _log(experiment, Change.Kind.REPLANNED, "an open try, no verdict")
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
class Week:
    """One week of known cramp nights, for the weekly-rate view (open tries, and the report)."""

    label: str
    first: date
    last: date
    known_nights: int
    cramp_nights: int
    run_in: bool = False

    @property
    def unknown_nights(self) -> int:
        return (self.last - self.first).days + 1 - self.known_nights

    @property
    def per_week(self) -> float | None:
        """Cramp nights a week among the known nights; None with fewer than 4 known."""
        if self.known_nights < 4:
            return None
        return 7 * self.cramp_nights / self.known_nights


def weekly_rates(experiment: Experiment, dates: list[date], done: int) -> list[Week]:
    """The four weeks before the start, then each week of the try that is over (a week
    that is partly over shows its nights so far), known nights only."""
    if experiment.start_date is None:
        return []
    start = experiment.start_date
    spans: list[tuple[str, date, date, bool]] = []
    for back in range(4, 0, -1):
        first = start - timedelta(days=7 * back)
        spans.append(
            (
                f"{back} week{'s' if back > 1 else ''} before",
                first,
                first + timedelta(days=6),
                False,
            )
        )
    over = dates[:done]
    run_in = OPEN_RUN_IN_DAYS if experiment.item.slow else 0
    for number, index in enumerate(range(0, len(over), 7), start=1):
        week = over[index : index + 7]
        spans.append((f"Week {number}", week[0], week[-1], index < run_in))
    first, last = spans[0][1], spans[-1][2]
    known = journal_nights.known_nights(experiment.owner, first, last)
    cramps = set(
        Cramp.objects.for_user(experiment.owner)
        .filter(night_of__gte=first, night_of__lte=last)
        .values_list("night_of", flat=True)
    )
    weeks = []
    for label, first_day, last_day, is_run_in in spans:
        days = {first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)}
        weeks.append(
            Week(label, first_day, last_day, len(days & known), len(days & cramps), is_run_in)
        )
    return weeks


def _open_result(experiment: Experiment) -> analysis.Result:
    slow = experiment.item.slow
    explanation = (
        "An open try shows your weekly rate of known cramp nights while you do it, beside the "
        "weeks before. It gives no verdict: cramps often ease by themselves over the weeks, "
        "and expecting to improve can itself change how the nights go, so a lower rate "
        "cannot be told from chance."
    )
    if slow:
        explanation += (
            " This change takes weeks to act and to wear off, which is why it has no "
            "randomised verdict; its first week is marked as a run-in."
        )
    return analysis.Result(
        verdict=analysis.NO_VERDICT,
        headline="An open try: no verdict, your weekly rate",
        explanation=explanation,
        complete_pairs=0,
        planned_pairs=0,
        counts=[],
        p_value=None,
        effect=analysis.rate_ratio([], 1),
    )


@dataclass(frozen=True)
class Outcome:
    result: analysis.Result
    adherence: Adherence
    days_done: int
    dates: list[date]
    weeks: list[Week] = field(default_factory=list)


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
    answers = adherence(experiment, dates, done)
    if experiment.is_open:
        weeks = weekly_rates(experiment, dates, done)
        return Outcome(_open_result(experiment), answers, done, dates, weeks)
    cramp_days, severity, known_days = _day_indexes(experiment, dates[:done])
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
