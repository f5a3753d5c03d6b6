"""Experiment pages: the list, the design form, one experiment (plan, progress or result),
and its actions (start, answer, pause, resume, stop early, finish, discard a draft).

Every action is a real form that posts and redirects; with htmx the daily answer swaps just
its card. Every lookup is scoped to the signed-in person (404 for anyone else's).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.http import AuthenticatedHttpRequest
from education.links import learn_url

from . import analysis, prompts, running
from .forms import AnswerForm, ExperimentForm
from .interventions import INTERVENTIONS
from .models import Change, Experiment

# --- Ownership-scoped fetch helpers ------------------------------------------------------


def _get_experiment(request: AuthenticatedHttpRequest, pk: int) -> Experiment:
    """The signed-in person's experiment, or 404 for anyone else's."""
    try:
        return Experiment.objects.for_user(request.user).get(pk=pk)
    except Experiment.DoesNotExist:
        raise Http404("No such experiment.") from None


def _detail_url(experiment: Experiment) -> str:
    return reverse("experiments:detail", kwargs={"pk": experiment.pk})


# --- Pages --------------------------------------------------------------------------------


@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    experiments = Experiment.objects.for_user(request.user)
    context = {
        "experiments": experiments,
        "old_drafts": running.old_drafts(request.user).count(),
        "learn_url": learn_url("experiments"),
    }
    return render(request, "experiments/index.html", context)


def _design_context(
    request: AuthenticatedHttpRequest, form: ExperimentForm, experiment: Experiment | None = None
) -> dict[str, Any]:
    profile = request.user.profile
    return {
        "form": form,
        "experiment": experiment,
        "interventions": INTERVENTIONS.values(),
        "mineral_caution": profile.has_kidney_disease
        or profile.takes_diuretic
        or profile.has_heart_failure,
        "profile": profile,
        "learn_url": learn_url("experiments"),
    }


@require_http_methods(["GET", "POST"])
def design(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ExperimentForm(request.POST or None, profile=request.user.profile)
    if request.method == "POST" and form.is_valid():
        experiment = form.save(commit=False)
        experiment.owner = request.user
        experiment.save()
        Change.objects.create(
            experiment=experiment, kind=Change.Kind.DESIGNED, day=timezone.localdate()
        )
        return redirect(_detail_url(experiment))
    status = 422 if form.errors else 200
    return render(request, "experiments/design.html", _design_context(request, form), status=status)


@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    experiment = _get_experiment(request, pk)
    if experiment.status != Experiment.Status.DRAFT:
        messages.error(request, "The plan was frozen when the experiment started.")
        return redirect(_detail_url(experiment))
    form = ExperimentForm(request.POST or None, instance=experiment, profile=request.user.profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        if form.changed_data:
            Change.objects.create(
                experiment=experiment, kind=Change.Kind.REPLANNED, day=timezone.localdate()
            )
        return redirect(_detail_url(experiment))
    status = 422 if form.errors else 200
    return render(
        request,
        "experiments/design.html",
        _design_context(request, form, experiment),
        status=status,
    )


def _detectable(request: AuthenticatedHttpRequest, experiment: Experiment) -> analysis.Detectable:
    rate = running.recent_weekly_rate(request.user, timezone.localdate())
    return analysis.detectable_effect(
        rate, experiment.pairs, experiment.block_days, experiment.run_in_days
    )


def _blocks(experiment: Experiment, dates: list[date]) -> list[dict[str, Any]]:
    """The plan's blocks with their dates, for the schedule table."""
    rows = []
    for block in experiment.design.blocks:
        first = dates[block.first_day] if block.first_day < len(dates) else None
        last = dates[block.last_day] if block.last_day < len(dates) else None
        rows.append({"block": block, "first": first, "last": last})
    return rows


@require_GET
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    experiment = _get_experiment(request, pk)
    today = timezone.localdate()
    context = {
        "experiment": experiment,
        "today": today,
        "changes": experiment.changes.all(),
        "learn_url": learn_url("experiments"),
    }
    if experiment.status == Experiment.Status.DRAFT:
        context["recent"] = running.recent_rate(request.user, today)
        context["detectable"] = _detectable(request, experiment)
        context["other_active"] = (
            Experiment.objects.for_user(request.user).active().exclude(pk=experiment.pk).first()
        )
        context["needs_clinician"] = ExperimentForm(profile=request.user.profile).needs_clinician(
            experiment.intervention
        )
    else:
        outcome = running.outcome(experiment, today)
        context.update(
            outcome=outcome,
            blocks=_blocks(experiment, outcome.dates) if experiment.orders and outcome else [],
            prompt=prompts.todays_prompt(request.user, today) if experiment.is_active else None,
            complete=running.is_complete(experiment, today),
            can_undo_stop=running.can_undo_stop(experiment),
        )
    return render(request, "experiments/detail.html", context)


# --- Actions ------------------------------------------------------------------------------


def _act(
    request: AuthenticatedHttpRequest,
    pk: int,
    action: Callable[[Experiment], object],
    done_message: str,
) -> HttpResponse:
    experiment = _get_experiment(request, pk)
    try:
        action(experiment)
    except running.StateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done_message)
    return redirect(_detail_url(experiment))


@require_POST
def start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    experiment = _get_experiment(request, pk)
    detectable = _detectable(request, experiment)
    return _act(
        request,
        pk,
        lambda draft: running.start(draft, detectable),
        "Started. Today shows what to do each day.",
    )


@require_POST
def try_openly(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, running.try_openly, "Changed to an open try: no blocks and no verdict."
    )


@require_POST
def pause(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, running.pause, "Paused. The rest of the plan waits for you.")


@require_POST
def resume(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, running.resume, "Resumed.")


@require_POST
def stop(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ "Stop early" asks first: without ``confirm=yes`` it shows what stopping means."""
    experiment = _get_experiment(request, pk)
    if request.POST.get("confirm") != "yes":
        if not experiment.is_active:
            messages.error(request, "Only a running or paused experiment can be stopped.")
            return redirect(_detail_url(experiment))
        return render(request, "experiments/stop_confirm.html", {"experiment": experiment})
    return _act(
        request,
        pk,
        running.stop_early,
        "Stopped early. The result says so; you can undo this until tomorrow.",
    )


@require_POST
def undo_stop(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, running.undo_stop, "Stop undone: the experiment runs on as planned.")


@require_POST
def remove_old_drafts(request: AuthenticatedHttpRequest) -> HttpResponse:
    removed = running.remove_old_drafts(request.user)
    if removed:
        messages.success(request, f"Removed {removed} old plan{'s' if removed != 1 else ''}.")
    else:
        messages.info(request, "There were no plans older than a month to remove.")
    return redirect("experiments:index")


@require_POST
def finish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, running.finish, "Finished. Here is what it showed.")


@require_POST
def discard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    experiment = _get_experiment(request, pk)
    if experiment.status != Experiment.Status.DRAFT:
        messages.error(request, "Only a plan that has not started can be discarded.")
        return redirect(_detail_url(experiment))
    experiment.delete()
    messages.success(request, "Plan discarded.")
    return redirect("experiments:index")


@require_POST
def answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ "Did you do it today?": records the answer for the day (today, or an earlier day of
    the experiment that was missed)."""
    experiment = _get_experiment(request, pk)
    today = timezone.localdate()
    error: str | None
    if experiment.status != Experiment.Status.RUNNING:
        form = None
        error = "This experiment is not running, so there is nothing to answer."
    else:
        form = AnswerForm(request.POST, dates=running.calendar(experiment), today=today)
        error = None if form.is_valid() else _first_error(form)
    if error is None and form is not None:
        running.answer(experiment, form.cleaned_data["day"], form.cleaned_data["did_it"])
    back: str = (
        form.cleaned_data.get("back") if form is not None and form.is_valid() else ""
    ) or ""
    if request.htmx:
        context = {"prompt": prompts.todays_prompt(request.user, today), "error": error}
        response = render(request, "experiments/today_card.html", context)
        if error:
            response.status_code = 422
        return response
    if error:
        refused: dict[str, object] = {"experiment": experiment, "error": error}
        return render(request, "experiments/answer_refused.html", refused, status=422)
    messages.success(request, "Answer saved.")
    return redirect("journal:today" if back == "today" else _detail_url(experiment))


def _first_error(form: Form) -> str:
    for errors in form.errors.values():
        return " ".join(str(error) for error in errors)  # the messages, as text
    return "Please try again."
