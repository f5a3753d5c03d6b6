"""Account > Your data: downloads, the import with its preview, all scoped to request.user."""

import json
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from portability.models import PendingImport

from . import SCHEMA_VERSION
from .export import export_filename, export_user
from .forms import ImportConfirmForm, ImportUploadForm, digest_of
from .plan import KIND_LABELS, summary
from .reading import MAX_UPLOAD_TEXT
from .spreadsheet import spreadsheet_zip
from .tasks import check_import, run_import

MAX_ERRORS_SHOWN = 100
# An upload left unconfirmed this long is forgotten: a health diary should not linger.
PENDING_IMPORT_LIFETIME = timedelta(hours=24)
# A check or a save still "running" after this died with its worker: a new upload may go.
WORK_LIFETIME = timedelta(hours=1)
POLL_SECONDS = 1
BUSY_MESSAGE = (
    "Your previous file is still {} (its page shows how far it got): wait until it is done, "
    "or cancel it there, then upload this one."
)
STOPPED_MESSAGE = (
    "Import stopped. What was saved so far stays; importing the same file again adds the rest."
)
FAILED_MESSAGE = (
    "The import stopped on an error on our side; what was saved so far stays. Importing the "
    "same file again adds the rest."
)


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _pending_import(request):
    return PendingImport.objects.filter(
        user=request.user, uploaded__gte=timezone.now() - PENDING_IMPORT_LIFETIME
    ).first()


@require_safe
def your_data(request):
    return render(
        request,
        "portability/your_data.html",
        {
            "upload_form": ImportUploadForm(),
            "max_upload": MAX_UPLOAD_TEXT,
            "schema_version": SCHEMA_VERSION,
        },
    )


@require_safe
def export_json(request):
    text = json.dumps(export_user(request.user), ensure_ascii=False, indent=2)
    filename = export_filename(request.user, "json")
    return _download(text + "\n", "application/json; charset=utf-8", filename)


@require_safe
def export_csv(request):
    filename = export_filename(request.user, "zip")
    return _download(spreadsheet_zip(request.user), "application/zip", filename)


def _go(request: HttpRequest, name: str) -> HttpResponse:
    """A redirect, which htmx (polling the progress) follows as a whole page."""
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponse(status=204, headers={"HX-Redirect": reverse(name)})
    return redirect(name)


@require_http_methods(["GET", "POST"])
def import_data(request: HttpRequest) -> HttpResponse:
    """Upload: a file that is not an export is refused here; its records are checked next, in
    the background (portability/tasks.py), while the preview shows how far it got."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # Housekeeping: everybody's uploads that were never confirmed go after a day.
        PendingImport.objects.filter(uploaded__lt=timezone.now() - PENDING_IMPORT_LIFETIME).delete()
        busy = _pending_import(request)
        if busy is not None and busy.working and busy.uploaded > timezone.now() - WORK_LIFETIME:
            doing = "being checked" if busy.state == PendingImport.State.CHECKING else "being saved"
            form.add_error("file", BUSY_MESSAGE.format(doing))
        else:
            pending, _ = PendingImport.objects.update_or_create(
                user=request.user,
                defaults={
                    "file_name": form.cleaned_data["file"].name[:200],
                    "content": form.text,
                    "digest": digest_of(form.text),
                    "state": PendingImport.State.CHECKING,
                    "outcome": None,
                    "done_rows": 0,
                    "total_rows": 0,
                },
            )
            check_import.using(queue_name=settings.TASKS_QUEUE).enqueue(pending.pk, pending.digest)
            return redirect("import_preview")
    status = 422 if form.errors else 200
    return render(request, "portability/import.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest) -> HttpResponse:
    """How far the check (or the saving) got; then what the file would add and skip, from
    the stored outcome; confirming saves it in the background."""
    pending = _pending_import(request)
    if pending is None:
        if not request.htmx:  # type: ignore[attr-defined]
            messages.info(request, "Choose an export file to import.")
        return _go(request, "import_data")
    if request.method == "POST" and "cancel" in request.POST:
        pending.delete()
        if pending.state == PendingImport.State.IMPORTING:
            messages.info(request, STOPPED_MESSAGE)
        else:
            messages.info(request, "Import cancelled; nothing was saved.")
        return redirect("account_data")
    if request.htmx and not pending.working:  # type: ignore[attr-defined]
        return _go(request, "import_preview")  # the work is done: show its page whole
    if pending.state == PendingImport.State.DONE:
        return _saved(request, pending)
    if pending.working:
        return _progress(request, pending)
    outcome = pending.outcome or {}
    if pending.state == PendingImport.State.FAILED:
        outcome = {**outcome, "errors": [outcome.get("file", FAILED_MESSAGE)]}
    if request.method == "POST":
        confirm = ImportConfirmForm(request.POST)
        if not confirm.is_valid() or confirm.cleaned_data["digest"] != pending.digest:
            messages.error(
                request, "Another file was uploaded since this preview; check this one first."
            )
            return redirect("import_preview")
        if not outcome.get("errors"):
            return _start_saving(request, pending)
    return _preview(request, pending, outcome)


def _start_saving(request: HttpRequest, pending: PendingImport) -> HttpResponse:
    started = PendingImport.objects.filter(pk=pending.pk, state=PendingImport.State.READY).update(
        state=PendingImport.State.IMPORTING, done_rows=0, uploaded=timezone.now()
    )
    if started:
        run_import.using(queue_name=settings.TASKS_QUEUE).enqueue(pending.pk, pending.digest)
    pending.refresh_from_db()
    if pending.state == PendingImport.State.DONE:  # a task backend that runs at once
        return _saved(request, pending)
    if pending.state == PendingImport.State.READY:  # the account changed: new problems
        return _preview(request, pending, pending.outcome or {})
    return redirect("import_preview")


def _saved(request: HttpRequest, pending: PendingImport) -> HttpResponse:
    outcome = pending.outcome or {}
    counts = outcome.get("counts", {}).values()
    added = sum(kind["add"] for kind in counts)
    skipped = sum(kind["skip"] for kind in counts)
    pending.delete()
    changes = len(outcome.get("profile_changes", []))
    messages.success(request, f"Import saved: {summary(added, skipped, changes)}.")
    return redirect("account_data")


def _progress(request: HttpRequest, pending: PendingImport) -> HttpResponse:
    template = "portability/import_progress.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#progress"
    return render(request, template, {"pending": pending, "poll_seconds": POLL_SECONDS})


def _preview(request: HttpRequest, pending: PendingImport, outcome: dict[str, Any]) -> HttpResponse:
    errors = outcome.get("errors", [])
    counts = outcome.get("counts", {})
    rows = [
        (label, counts.get(key, {}).get("add", 0), counts.get(key, {}).get("skip", 0))
        for key, label in KIND_LABELS.items()
    ]
    to_add = sum(added for _, added, _ in rows)
    profile_changes = outcome.get("profile_changes", [])
    context = {
        "pending": pending,
        "plan": {
            "errors": errors,
            "to_add": to_add,
            "skipped": sum(skipped for _, _, skipped in rows),
            "profile_changes": profile_changes,
            "has_changes": bool(to_add or profile_changes),
            "filled_from_catalog": outcome.get("filled_from_catalog", 0),
            "missing_catalog_foods": outcome.get("missing_catalog_foods", 0),
        },
        "rows": rows,
        "errors_shown": errors[:MAX_ERRORS_SHOWN],
        "errors_hidden": max(0, len(errors) - MAX_ERRORS_SHOWN),
        "confirm_form": ImportConfirmForm(initial={"digest": pending.digest}),
        "upload_form": ImportUploadForm(),
    }
    status = 422 if errors and request.method == "POST" else 200
    return render(request, "portability/import_preview.html", context, status=status)
