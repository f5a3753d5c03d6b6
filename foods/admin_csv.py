"""CSV export and import in the admin: validate everything, preview, then save all or nothing."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from config.http import AuthenticatedHttpRequest

from .counts import counted
from .csv_format import RowPlan, apply_plan, export_csv, plan_import
from .models import Food

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def export_response(queryset: QuerySet[Food]) -> HttpResponse:
    foods = queryset.order_by("pk").prefetch_related("portions")
    response = HttpResponse(export_csv(foods), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="food-catalog-{stamp}.csv"'
    return response


def export_all_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("foods.view_food"):
        raise PermissionDenied
    return export_response(Food.objects.catalog())


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="The format of “Export CSV”: one row per food, UTF-8. At most 5 MB.",
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB; split it.")
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."
            ) from None


class ConfirmForm(forms.Form):
    """The previewed file travels back with the confirmation and is validated again."""

    content = forms.CharField(widget=forms.HiddenInput, strip=False, max_length=MAX_UPLOAD_BYTES)


def import_view(
    model_admin: admin.ModelAdmin[Food],
) -> Callable[[AuthenticatedHttpRequest], HttpResponse]:
    def view(request: AuthenticatedHttpRequest) -> HttpResponse:
        if not (
            request.user.has_perm("foods.add_food") and request.user.has_perm("foods.change_food")
        ):
            raise PermissionDenied
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": "Import foods from CSV",
        }
        if request.method == "POST" and "confirm" in request.POST:
            return _confirm(request, context)
        upload = UploadForm(request.POST or None, request.FILES or None)
        context["upload_form"] = upload
        if request.method == "POST" and upload.is_valid():
            plan = plan_import(upload.cleaned_data["file"])
            context["plan"] = plan
            if not plan.errors:
                context["confirm_form"] = ConfirmForm(
                    initial={"content": upload.cleaned_data["file"]}
                )
        return TemplateResponse(request, "admin/foods/food/import.html", context)

    return view


def _confirm(request: AuthenticatedHttpRequest, context: dict[str, Any]) -> HttpResponse:
    confirm = ConfirmForm(request.POST)
    if not confirm.is_valid():
        messages.error(request, "The import could not be confirmed; upload the file again.")
        return redirect("admin:foods_food_import")
    with transaction.atomic():
        plan = plan_import(confirm.cleaned_data["content"])
        if plan.errors:
            # The catalog changed since the preview; show the new reasons, save nothing.
            context.update(upload_form=UploadForm(), plan=plan)
            return TemplateResponse(request, "admin/foods/food/import.html", context)
        applied = apply_plan(plan, _ticked(request))
        _log(request, applied)
    created = sum(row.action == "create" for row in applied)
    added, changed = counted(created, "food"), counted(len(applied) - created, "food")
    messages.success(request, f"Import saved: {added} added, {changed} changed.")
    return redirect("admin:foods_food_changelist")


def _ticked(request: AuthenticatedHttpRequest) -> set[int]:
    """The portions the curator ticked for removal; anything else sent is ignored (only
    portions the plan would remove can be removed: ``apply_plan`` checks)."""
    return {int(value) for value in request.POST.getlist("remove_portion") if value.isdigit()}


def _log(request: AuthenticatedHttpRequest, applied: list[RowPlan]) -> None:
    """Each imported change goes into the admin history, like an edit by hand."""
    content_type = ContentType.objects.get_for_model(Food)
    LogEntry.objects.bulk_create(
        LogEntry(
            user_id=request.user.pk,
            content_type=content_type,
            object_id=str(row.food.pk),
            object_repr=str(row.food)[:200],
            action_flag=ADDITION if row.action == "create" else CHANGE,
            change_message=(
                "Added by CSV import"
                if row.action == "create"
                else f"Changed by CSV import: {', '.join(row.changed_fields)}"
            ),
        )
        for row in applied
    )
