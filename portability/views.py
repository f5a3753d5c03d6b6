"""Account > Your data: downloads, the import with its preview, all scoped to request.user."""

import json
from datetime import timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from portability.models import PendingImport

from .export import export_filename, export_user
from .forms import ImportConfirmForm, ImportUploadForm, digest_of
from .importing import KIND_LABELS, MAX_UPLOAD_TEXT, import_document, plan_import
from .spreadsheet import spreadsheet_zip

MAX_ERRORS_SHOWN = 100
# An upload left unconfirmed this long is forgotten: a health diary should not linger.
PENDING_IMPORT_LIFETIME = timedelta(hours=24)


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
        {"upload_form": ImportUploadForm(), "max_upload": MAX_UPLOAD_TEXT},
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


@require_http_methods(["GET", "POST"])
def import_data(request):
    """Upload: a file that is not an export is refused here; its records are checked next."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # Housekeeping: everybody's uploads that were never confirmed go after a day.
        PendingImport.objects.filter(uploaded__lt=timezone.now() - PENDING_IMPORT_LIFETIME).delete()
        PendingImport.objects.update_or_create(
            user=request.user,
            defaults={
                "file_name": form.cleaned_data["file"].name[:200],
                "content": form.text,
                "digest": digest_of(form.text),
            },
        )
        return redirect("import_preview")
    status = 422 if form.errors else 200
    return render(request, "portability/import.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def import_preview(request):
    """What the uploaded file would add and skip; confirming saves it, all or nothing."""
    pending = _pending_import(request)
    if pending is None:
        messages.info(request, "Choose an export file to import.")
        return redirect("import_data")
    if request.method == "POST" and "cancel" in request.POST:
        pending.delete()
        messages.info(request, "Import cancelled; nothing was saved.")
        return redirect("account_data")
    document = json.loads(pending.content)
    if request.method == "POST":
        confirm = ImportConfirmForm(request.POST)
        if not confirm.is_valid() or confirm.cleaned_data["digest"] != pending.digest:
            messages.error(
                request, "Another file was uploaded since this preview; check this one first."
            )
            return redirect("import_preview")
        plan = import_document(request.user, document)
        if not plan.errors:
            pending.delete()
            messages.success(request, f"Import saved: {plan.summary()}.")
            return redirect("account_data")
    else:
        plan = plan_import(request.user, document)
    rows = [(KIND_LABELS[key], kind.added, kind.skipped) for key, kind in plan.kinds.items()]
    context = {
        "pending": pending,
        "plan": plan,
        "rows": rows,
        "errors_shown": plan.errors[:MAX_ERRORS_SHOWN],
        "errors_hidden": max(0, len(plan.errors) - MAX_ERRORS_SHOWN),
        "confirm_form": ImportConfirmForm(initial={"digest": pending.digest}),
        "upload_form": ImportUploadForm(),
    }
    status = 422 if plan.errors and request.method == "POST" else 200
    return render(request, "portability/import_preview.html", context, status=status)
