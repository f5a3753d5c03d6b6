"""Experiments in the export file (schema version 2) and back in, with their seed and order.

``portability/`` calls these: ``export_experiments`` for the file, ``plan_experiments``
to check the file's records (one form per kind, as for every other record), and
``apply_experiments`` to save them. An experiment's ``id`` is its ``uid``: importing skips
experiments the account already has. The drawn order must be the one its seed draws
(``analysis.draw_orders``): a file whose order does not match its seed is refused.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, Protocol

from django import forms
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from foods.file_keys import FileKeys, Verdict
from journal.forms import EARLIEST_YEAR

from . import analysis
from .interventions import OWN
from .models import Change, DailyAnswer, Experiment

EXPERIMENT_FIELDS = ["intervention", "description", "pairs", "block_days", "run_in_days", "mode"]
MAX_PLAN_CHARACTERS = 20_000
MAX_SEED = 2**53  # the largest integer every JSON reader keeps exactly

# What the import (portability/, a layer above) hands plan_experiments, by shape: (field or
# None, reason) problems, its error list, the plan of one kind of record, its record checker.
Problems = list[tuple[str | None, str]]
# (the experiment's fields, its plan, its answers, its changes), checked, for apply_experiments.
PlannedExperiment = tuple[dict[str, Any], Any, list[dict[str, Any]], list[dict[str, Any]]]
CheckRecord = Callable[..., tuple[Any, Problems]]


class ImportErrors(Protocol):
    def add(self, place: str, problems: Problems) -> None: ...


class KindPlan(Protocol):
    add: list[PlannedExperiment]
    skipped: int


def _instant(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).isoformat()


def export_experiments(user: User, zone: tzinfo) -> list[dict[str, Any]]:
    experiments = (
        Experiment.objects.for_user(user)
        .order_by("created", "uid")
        .prefetch_related("answers", "changes")
    )
    return [
        {
            "id": str(experiment.uid),
            "created": _instant(experiment.created, zone),
            **{name: getattr(experiment, name) for name in EXPERIMENT_FIELDS},
            "status": experiment.status,
            "seed": experiment.seed,
            "orders": list(experiment.orders or []),
            "start_date": experiment.start_date.isoformat() if experiment.start_date else None,
            "ended_on": experiment.ended_on.isoformat() if experiment.ended_on else None,
            "plan": experiment.plan,
            "answers": [
                {"day": answer.day.isoformat(), "did_it": answer.did_it}
                for answer in experiment.answers.all()
            ],
            "changes": [
                {
                    "kind": change.kind,
                    "at": _instant(change.at, zone),
                    "day": change.day.isoformat(),
                    "note": change.note,
                }
                for change in experiment.changes.all()
            ],
        }
        for experiment in experiments
    ]


# Dates bounded as the journal bounds days (from 2000 to today, a day's slack for a file
# written in a zone already on tomorrow): a year-1 start or a year-9999 end would break the
# experiment's page and the person's reports.
def _journal_day(day: date | None) -> date | None:
    if day is not None and (
        day.year < EARLIEST_YEAR or day > timezone.localdate() + timedelta(days=1)
    ):
        raise forms.ValidationError(f"must be from {EARLIEST_YEAR} to today")
    return day


def _journal_moment(moment: datetime | None) -> datetime | None:
    if moment is not None and (
        moment.year < EARLIEST_YEAR or moment > timezone.now() + timedelta(minutes=5)
    ):
        raise forms.ValidationError(f"must be from {EARLIEST_YEAR} to now")
    return moment


class ExperimentRecordForm(forms.ModelForm[Experiment]):
    id = forms.UUIDField()
    created = forms.DateTimeField(required=False)
    status = forms.ChoiceField(choices=Experiment.Status.choices)
    seed = forms.IntegerField(required=False, min_value=0, max_value=MAX_SEED)
    orders = forms.MultipleChoiceField(choices=[("AB", "AB"), ("BA", "BA")], required=False)
    start_date = forms.DateField(required=False)
    ended_on = forms.DateField(required=False)
    # Files written before issue 23 have no mode: they were all randomised.
    mode = forms.ChoiceField(choices=Experiment.Mode.choices, required=False)

    class Meta:
        model = Experiment
        fields = EXPERIMENT_FIELDS

    def clean_mode(self) -> str:
        return self.cleaned_data.get("mode") or Experiment.Mode.RANDOMISED

    def clean_created(self) -> datetime | None:
        return _journal_moment(self.cleaned_data["created"])

    def clean_start_date(self) -> date | None:
        return _journal_day(self.cleaned_data["start_date"])

    def clean_ended_on(self) -> date | None:
        return _journal_day(self.cleaned_data["ended_on"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        status, seed, orders = data.get("status"), data.get("seed"), data.get("orders") or []
        start, ended = data.get("start_date"), data.get("ended_on")
        if data.get("intervention") == OWN and not data.get("description"):
            self.add_error("description", "is needed for your own experiment")
        pairs, days, run_in = (data.get(k) for k in ("pairs", "block_days", "run_in_days"))
        if pairs is not None and days is not None and run_in is not None:
            try:
                analysis.check_design(pairs, days, run_in)
            except ValueError as error:
                self.add_error("run_in_days", str(error))
        if status == Experiment.Status.DRAFT:
            if seed is not None or orders or start or ended:
                self.add_error("status", "a draft has no seed, order, start_date or ended_on yet")
        elif status:
            if seed is None or start is None:
                self.add_error("seed", "a started experiment has a seed and a start_date")
            elif pairs and tuple(orders) != analysis.draw_orders(seed, pairs):
                self.add_error("orders", "is not the order this seed draws")
            if status in Experiment.ENDED and ended is None:
                self.add_error("ended_on", "an ended experiment has the date it ended")
            if status in Experiment.ACTIVE and ended is not None:
                self.add_error("ended_on", "a running or paused experiment has not ended")
            if start and ended and ended < start:
                self.add_error("ended_on", "is before start_date")
            if start and start > timezone.localdate() + timedelta(days=1):
                self.add_error("start_date", "is in the future")
        return data


class AnswerRecordForm(forms.Form):
    day = forms.DateField()
    did_it = forms.BooleanField(required=False)

    def clean_day(self) -> date | None:
        return _journal_day(self.cleaned_data["day"])


class ChangeRecordForm(forms.Form):
    kind = forms.ChoiceField(choices=Change.Kind.choices)
    at = forms.DateTimeField()
    day = forms.DateField()
    note = forms.CharField(max_length=200, required=False)

    def clean_at(self) -> datetime | None:
        return _journal_moment(self.cleaned_data["at"])

    def clean_day(self) -> date | None:
        return _journal_day(self.cleaned_data["day"])


NESTED = ("answers", "changes", "plan")


def _check_plan(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "must be an object ({…})"
    if len(json.dumps(value)) > MAX_PLAN_CHARACTERS:
        return f"is longer than {MAX_PLAN_CHARACTERS} characters"
    return None


def plan_experiments(
    user: User,
    records: Iterable[Any],
    kind: KindPlan,
    errors: ImportErrors,
    check_record: CheckRecord,
) -> None:
    """Checks the file's experiments; fills ``kind.add`` with what to save, counts skips.
    ``check_record`` and ``errors`` are the import's own (portability/)."""
    existing = set(Experiment.objects.for_user(user).values_list("uid", flat=True))
    active = set(Experiment.objects.for_user(user).active().values_list("uid", flat=True))
    keys: FileKeys[uuid.UUID] = FileKeys("experiments", existing)
    for index, record in enumerate(records, start=1):
        place = f"experiments #{index}"
        form, problems = check_record(ExperimentRecordForm, record, nested=NESTED)
        errors.add(place, problems)
        if form is None:
            continue
        if problem := _check_plan(record.get("plan", {})):
            errors.add(place, [("plan", problem)])
            continue
        answers = _nested(place, record, "answers", AnswerRecordForm, errors, check_record)
        changes = _nested(place, record, "changes", ChangeRecordForm, errors, check_record)
        if answers is None or changes is None:
            continue
        days = [answer["day"] for answer in answers]
        if len(set(days)) != len(days):
            errors.add(place, [("answers", "gives one day twice")])
            continue
        uid = form.cleaned_data["id"]
        verdict = keys.judge(uid, index)
        if verdict is Verdict.REPEATED:
            errors.add(place, [("id", keys.repeat_reason(uid))])
            continue
        if verdict is Verdict.ALREADY_THERE:
            kind.skipped += 1
            continue
        if form.cleaned_data["status"] in Experiment.ACTIVE:
            if active:
                errors.add(
                    place,
                    [("status", "is running or paused, and so is another experiment: one at a "
                                "time")],
                )  # fmt: skip
                continue
            active.add(uid)
        kind.add.append((form.cleaned_data, record.get("plan", {}), answers, changes))


def _nested(
    place: str,
    record: dict[str, Any],
    key: str,
    form_class: type[forms.Form],
    errors: ImportErrors,
    check_record: CheckRecord,
) -> list[dict[str, Any]] | None:
    rows = record.get(key, [])
    if not isinstance(rows, list):
        errors.add(place, [(key, "must be a list of records")])
        return None
    checked, ok = [], True
    for index, row in enumerate(rows, start=1):
        form, problems = check_record(form_class, row)
        errors.add(f"{place} {key} #{index}", problems)
        if form is None:
            ok = False
            continue
        checked.append(form.cleaned_data)
    return checked if ok else None


@transaction.atomic
def apply_experiments(user: User, planned: Iterable[PlannedExperiment]) -> None:
    for data, plan, answers, changes in planned:
        experiment = Experiment.objects.create(
            owner=user,
            uid=data["id"],
            **{name: data[name] for name in EXPERIMENT_FIELDS},
            status=data["status"],
            seed=data["seed"],
            orders=list(data["orders"] or []),
            start_date=data["start_date"],
            ended_on=data["ended_on"],
            plan=plan,
        )
        if data["created"]:
            Experiment.objects.filter(pk=experiment.pk).update(created=data["created"])
        DailyAnswer.objects.bulk_create(
            DailyAnswer(experiment=experiment, day=row["day"], did_it=row["did_it"])
            for row in answers
        )
        Change.objects.bulk_create(
            Change(
                experiment=experiment, kind=row["kind"], at=row["at"], day=row["day"],
                note=row["note"],
            )
            for row in changes
        )  # fmt: skip


__all__ = [
    "EXPERIMENT_FIELDS",
    "AnswerRecordForm",
    "ChangeRecordForm",
    "ExperimentRecordForm",
    "apply_experiments",
    "export_experiments",
    "plan_experiments",
]
