"""Self-experiments: the plan, the daily answers ("did you do it?") and every change.

An experiment is designed as a draft, then started: the start draws the seed and the order
of each pair of blocks and freezes the plan (``plan``: what is compared, how, and what counts
as a clear result), which nothing changes afterwards. The statistics are in
``experiments/analysis.py`` (plain Python); ``experiments/running.py`` reads the journal into
it.
"""

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import BaseValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from . import analysis
from .interventions import CHOICES, INTERVENTIONS, OWN, Intervention

if TYPE_CHECKING:
    from accounts.models import User

MAX_DESCRIPTION = 120


def within(bounds: tuple[int, int]) -> list[BaseValidator]:
    """The validators of a number that must lie in ``bounds`` (both ends allowed)."""
    low, high = bounds
    return [MinValueValidator(low), MaxValueValidator(high)]


class ExperimentQuerySet(models.QuerySet["Experiment"]):
    def for_user(self, user: "User") -> "ExperimentQuerySet":
        return self.filter(owner=user)

    def active(self) -> "ExperimentQuerySet":
        return self.filter(status__in=Experiment.ACTIVE)

    def ended(self) -> "ExperimentQuerySet":
        return self.filter(status__in=Experiment.ENDED)


class Experiment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Not started"
        RUNNING = "running", "Running"
        PAUSED = "paused", "Paused"
        FINISHED = "finished", "Finished"
        STOPPED = "stopped", "Stopped early"

    class Mode(models.TextChoices):
        RANDOMISED = "randomised", "A randomised experiment, with a verdict at the end"
        OPEN = "open", "Try it openly and watch the weekly rate, no verdict"

    ACTIVE = (Status.RUNNING, Status.PAUSED)
    ENDED = (Status.FINISHED, Status.STOPPED)

    # Not indexed alone: the (owner, uid) constraint starts with it.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="experiments",
        db_index=False,
    )
    uid = models.UUIDField("portable id", default=uuid.uuid4, editable=False)
    intervention = models.CharField("what to test", max_length=20, choices=CHOICES)
    description = models.CharField("your own description", max_length=MAX_DESCRIPTION, blank=True)
    pairs = models.PositiveSmallIntegerField(
        "pairs of blocks",
        default=analysis.DEFAULT_PAIRS,
        validators=within(analysis.PAIRS_RANGE),
    )
    block_days = models.PositiveSmallIntegerField(
        "days in each block",
        default=analysis.DEFAULT_BLOCK_DAYS,
        validators=within(analysis.BLOCK_DAYS_RANGE),
    )
    run_in_days = models.PositiveSmallIntegerField(
        "run-in days not counted",
        default=analysis.DEFAULT_RUN_IN_DAYS,
        validators=within(analysis.RUN_IN_RANGE),
    )
    # "open": done every day and watched week by week, no blocks and no verdict (slow changes
    # such as magnesium, and people whose cramps are too rare for a verdict; issue 23).
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.RANDOMISED)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Drawn once, at the start: the same seed always gives the same order (analysis.draw_orders).
    seed = models.BigIntegerField(null=True, blank=True, editable=False)
    orders = models.JSONField(default=list, blank=True, editable=False)
    start_date = models.DateField(null=True, blank=True, editable=False)
    ended_on = models.DateField(null=True, blank=True, editable=False)
    plan = models.JSONField("the plan, frozen at the start", default=dict, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = ExperimentQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "uid"], name="experiment_uid_once_per_owner"),
            models.UniqueConstraint(
                fields=["owner"],
                condition=models.Q(status__in=["running", "paused"]),
                name="one_active_experiment_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Experiment: {self.title}"

    @property
    def item(self) -> Intervention:
        return INTERVENTIONS[self.intervention]

    @property
    def title(self) -> str:
        return self.description if self.intervention == OWN else self.item.label

    @property
    def doing(self) -> str:
        """Fits "fewer cramps while ...": "stretching", or the person's own words."""
        if self.intervention == OWN:
            return f"doing “{self.description}”"
        return self.item.doing

    @property
    def design(self) -> analysis.Design:
        return analysis.Design(
            self.pairs, self.block_days, self.run_in_days, tuple(self.orders or ())
        )

    @property
    def is_open(self) -> bool:
        return self.mode == self.Mode.OPEN

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def has_ended(self) -> bool:
        return self.status in self.ENDED


class DailyAnswer(models.Model):
    """The answer to "did you do it today?" for one day of an experiment (one per day)."""

    # Not indexed alone: the one-answer-per-day constraint starts with it.
    experiment = models.ForeignKey(
        Experiment, on_delete=models.CASCADE, related_name="answers", db_index=False
    )
    day = models.DateField()
    did_it = models.BooleanField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["experiment", "day"], name="one_answer_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {'yes' if self.did_it else 'no'}"


class Change(models.Model):
    """Every change to an experiment, in order: designed, started, paused, resumed, stopped."""

    class Kind(models.TextChoices):
        DESIGNED = "designed", "Designed"
        REPLANNED = "replanned", "Plan changed before the start"
        STARTED = "started", "Started"
        PAUSED = "paused", "Paused"
        RESUMED = "resumed", "Resumed"
        STOPPED = "stopped", "Stopped early"
        UNDONE = "undone", "Stop undone"
        FINISHED = "finished", "Finished"

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    # The person's local day when it happened: pauses are counted in days.
    day = models.DateField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.day}"
