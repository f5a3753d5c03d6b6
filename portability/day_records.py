"""The file's records about whole days: day statuses, own factors with their days, and nights
answered "no cramps". Each is matched by its day (or its name) rather than by an id."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from accounts.models import User
from foods.file_keys import FileKeys, Verdict
from journal.forms import EARLIEST_YEAR
from journal.models import MAX_DAY_FACTORS, DayFactor, DayFactorMark, DayStatus, NightAnswer

from .plan import ImportErrors, ImportPlan
from .records import DayFactorRecordForm, DayRecordForm, NightAnswerRecordForm, check_record


def _tomorrow(user: User) -> date:
    """The latest day a file may name: today in a zone already on tomorrow."""
    return timezone.localdate(timezone=user.profile.zone) + timedelta(days=1)


def plan_days(user: User, records: list[Any], plan: ImportPlan, errors: ImportErrors) -> None:
    keys = FileKeys("days", set(DayStatus.objects.filter(user=user).values_list("date", flat=True)))
    kind = plan.kinds["days"]
    latest = _tomorrow(user)
    for index, record in enumerate(records, start=1):
        place = f"days #{index}"
        form, problems = check_record(DayRecordForm, record, latest=latest)
        errors.add(place, problems)
        if form is None:
            continue
        day = form.cleaned_data["date"]
        verdict = keys.judge(day, index)
        if verdict is Verdict.REPEATED:
            errors.add(place, [("date", keys.repeat_reason(day))])
        elif verdict is Verdict.ALREADY_THERE:
            kind.skipped += 1
        else:
            complete = form.cleaned_data["food_log_complete"]
            kind.add.append(DayStatus(user=user, date=day, food_log_complete=complete))


def plan_night_answers(
    user: User, records: list[Any], plan: ImportPlan, errors: ImportErrors
) -> None:
    """ "No cramps" answers, matched by night: a night the account has answered is skipped.
    A night must have ended (before today in the profile's zone) and be from 2000 on."""
    answered = NightAnswer.objects.filter(user=user).values_list("night", flat=True)
    keys = FileKeys("night_answers", set(answered))
    today = timezone.localdate(timezone=user.profile.zone)
    kind = plan.kinds["night_answers"]
    for index, record in enumerate(records, start=1):
        place = f"night_answers #{index}"
        form, problems = check_record(NightAnswerRecordForm, record)
        errors.add(place, problems)
        if form is None:
            continue
        night = form.cleaned_data["night"]
        if night.year < EARLIEST_YEAR or night >= today:
            errors.add(place, [("night", f"must be a night from {EARLIEST_YEAR} to last night")])
            continue
        verdict = keys.judge(night, index)
        if verdict is Verdict.REPEATED:
            errors.add(place, [("night", keys.repeat_reason(night))])
        elif verdict is Verdict.ALREADY_THERE:
            kind.skipped += 1
        else:
            kind.add.append(NightAnswer(user=user, night=night, source=form.cleaned_data["source"]))


def plan_day_factors(
    user: User, records: list[Any], plan: ImportPlan, errors: ImportErrors
) -> None:
    """Own factors are matched by name (ignoring case): a factor the account has already gets
    the file's days added; a new one is created. A day already marked is skipped."""
    names = DayFactor.objects.filter(user=user).values_list("name", flat=True)
    keys = FileKeys("day_factors", {name.lower() for name in names})
    marked = {
        (name.lower(), day)
        for name, day in DayFactorMark.objects.filter(user=user).values_list("factor__name", "date")
    }
    factors, marks = plan.kinds["day_factors"], plan.kinds["day_factor_marks"]
    latest = _tomorrow(user)
    for index, record in enumerate(records, start=1):
        place = f"day_factors #{index}"
        form, problems = check_record(DayFactorRecordForm, record, nested=("days",))
        errors.add(place, problems)
        if form is None:
            continue
        name = form.cleaned_data["name"]
        key = name.lower()
        verdict = keys.judge(key, index)
        if verdict is Verdict.REPEATED:
            errors.add(place, [("name", keys.repeat_reason(key))])
            continue
        if verdict is Verdict.ALREADY_THERE:
            factors.skipped += 1
        else:
            factors.add.append(name)
        days = _factor_days(place, record.get("days", []), latest, errors)
        for day in days:
            if (key, day) in marked:
                marks.skipped += 1
            else:
                marks.add.append((key, day))
    if len(keys.existing) + len(factors.add) > MAX_DAY_FACTORS:
        errors.add(
            "day_factors",
            [(None, f"an account has at most {MAX_DAY_FACTORS} factors of its own")],
        )


def _factor_days(place: str, dates: object, latest: date, errors: ImportErrors) -> list[date]:
    """The distinct good days of one factor, in the file's order; each bad one reported."""
    if not isinstance(dates, list):
        errors.add(place, [("days", "must be a list of dates")])
        return []
    unique: dict[date, None] = {}
    for position, value in enumerate(dates, start=1):
        try:
            day = date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            day = None
        if day is None:
            errors.add(place, [(f"days #{position}", "must be a date, YYYY-MM-DD")])
        elif day.year < EARLIEST_YEAR or day > latest:
            errors.add(place, [(f"days #{position}", f"must be from {EARLIEST_YEAR} to today")])
        else:
            unique.setdefault(day)
    return list(unique)
