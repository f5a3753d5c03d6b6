"""The day's question, in one place: Today asks it, and so will reminders (a later issue).

A reminder sends ``prompt.question`` and answers with a POST of ``day`` and ``did_it``
("yes" or "no") to ``prompt.answer_url``, exactly as the buttons on Today do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from accounts.models import User

from . import running
from .models import DailyAnswer, Experiment


@dataclass(frozen=True)
class Prompt:
    experiment: Experiment
    assignment: running.Assignment
    question: str
    answer_url: str
    answer: bool | None  # the answer already given for the day, if any
    block_heading: str


def todays_prompt(user: User, day: date) -> Prompt | None:
    """The running experiment's question for ``day``, or None when there is nothing to ask."""
    experiment = Experiment.objects.for_user(user).filter(status=Experiment.Status.RUNNING).first()
    if experiment is None:
        return None
    assignment = running.assignment_on(experiment, day)
    if assignment is None:
        return None
    given = DailyAnswer.objects.filter(experiment=experiment, day=day).first()
    if experiment.is_open:
        heading = "Every day"
    elif experiment.block_days == 1:
        heading = "Tonight"
    else:
        heading = f"This {'week' if experiment.block_days == 7 else 'block'}"
    return Prompt(
        experiment=experiment,
        assignment=assignment,
        question=experiment.item.question,
        answer_url=reverse("experiments:answer", kwargs={"pk": experiment.pk}),
        answer=given.did_it if given else None,
        block_heading=heading,
    )
