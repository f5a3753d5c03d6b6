"""The curators' workplace: the shared catalog only. People's private foods are not shown."""

from collections.abc import Callable
from typing import Any, cast

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.forms import BaseInlineFormSet, BaseModelFormSet, ModelForm
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path

from . import admin_csv
from .counts import counted
from .models import NUTRIENT_FIELDS, Food, FoodQuerySet, Portion
from .nutrients import MINERALS, round_amount


class PortionFormSet(BaseInlineFormSet[Portion, Food, ModelForm[Portion]]):
    """A food's portions: at most one default, said as a form error (the database's unique
    constraint would otherwise answer a second one with a 500)."""

    def clean(self) -> None:
        super().clean()
        defaults = [
            form
            for form in self.forms
            if form.cleaned_data.get("is_default") and not form.cleaned_data.get("DELETE")
        ]
        if len(defaults) > 1:
            raise ValidationError("Only one portion can be the default: untick all but one.")


class PortionInline(admin.TabularInline[Portion, Food]):
    model = Portion
    formset = PortionFormSet
    extra = 1
    fields = ["label", "grams", "is_default", "position"]


class MissingValuesFilter(admin.SimpleListFilter):
    title = "missing values"
    parameter_name = "missing"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        return [
            ("any", "Any mineral missing"),
            *[(name, f"{name.title()} missing") for name in MINERALS],
            ("none", "All four minerals present"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value in MINERALS:
            return queryset.filter(**{f"{value}_mg__isnull": True})
        any_missing = Q()
        for name in MINERALS:
            any_missing |= Q(**{f"{name}_mg__isnull": True})
        if value == "any":
            return queryset.filter(any_missing)
        if value == "none":
            return queryset.exclude(any_missing)
        return queryset


def _mineral_column(name: str, per_portion: bool) -> Callable[[Food], str]:
    field = f"{name}_mg"
    unit_label = "per portion" if per_portion else "/100 g"

    @admin.display(description=f"{name[:1].upper()}{name[1:3]} {unit_label}", ordering=field)
    def column(obj: Food) -> str:
        value = getattr(obj, field)
        if value is None:
            return "–"
        if not per_portion:
            return f"{value:g}"
        portion = obj.default_portion
        return f"{round_amount(value * portion.grams / 100)}" if portion else "–"

    column.__name__ = f"{name}_{'portion' if per_portion else '100g'}"
    return column


@admin.register(Food)
class FoodAdmin(admin.ModelAdmin[Food]):
    list_display = [
        "name",
        "food_group",
        *[_mineral_column(name, per_portion=False) for name in MINERALS],
        "default_portion_label",
        *[_mineral_column(name, per_portion=True) for name in MINERALS],
        "featured",
        "is_drink",
        "active",
    ]
    list_display_links = ["name"]
    list_filter = ["featured", "is_drink", "active", MissingValuesFilter, "source", "food_group"]
    search_fields = ["name", "description", "source_id"]
    list_per_page = 50
    inlines = [PortionInline]
    actions = [
        "feature",
        "unfeature",
        "mark_drink",
        "unmark_drink",
        "deactivate",
        "activate",
        "export_csv",
        "release_curated",
    ]
    readonly_fields = ["source", "source_id", "description", "curated_fields", "created", "updated"]
    fieldsets = [
        (
            None,
            {"fields": ["name", "food_group", "featured", "is_drink", "active", "curator_note"]},
        ),
        ("Per 100 g", {"fields": NUTRIENT_FIELDS}),
        (
            "Source",
            {
                "fields": [
                    "source",
                    "source_id",
                    "description",
                    "curated_fields",
                    "created",
                    "updated",
                ]
            },
        ),
    ]
    change_list_template = "admin/foods/food/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Food]:
        # Private foods belong to their owners; curators neither see nor edit them.
        defaults = Portion.objects.filter(is_default=True)
        return (
            cast(FoodQuerySet, super().get_queryset(request))
            .catalog()
            .prefetch_related(Prefetch("portions", queryset=defaults, to_attr="default_portions"))
        )

    def get_readonly_fields(
        self, request: HttpRequest, obj: Food | None = None
    ) -> list[str] | tuple[str, ...]:
        # Foods added by curators have no source to protect.
        if obj is None or obj.source == Food.Source.CURATED:
            return ["source", "description", "curated_fields", "created", "updated"]
        return self.readonly_fields

    def save_model(
        self, request: HttpRequest, obj: Food, form: ModelForm[Food], change: bool
    ) -> None:
        # A source value a curator changes is theirs: `import_foods` keeps it from now on.
        if change and obj.source != Food.Source.CURATED:
            obj.mark_curated(form.changed_data)
        super().save_model(request, obj, form, change)

    def save_formset(
        self,
        request: HttpRequest,
        form: ModelForm[Food],
        formset: BaseModelFormSet[Any, Any],
        change: bool,
    ) -> None:
        """Portions in an order the one-default constraint allows: deleted ones first, then
        those that are not the default, then the default (moving the default from one portion
        to another would otherwise meet the old one still marked)."""
        if not isinstance(formset, PortionFormSet):
            super().save_formset(request, form, formset, change)
            return
        portions = formset.save(commit=False)
        for portion in formset.deleted_objects:
            portion.delete()
        for portion in sorted(portions, key=lambda portion: portion.is_default):
            portion.save()
        formset.save_m2m()

    @admin.action(
        description="Give the selected foods' curated values back to the source",
        permissions=["change"],
    )
    def release_curated(self, request: HttpRequest, queryset: QuerySet[Food]) -> None:
        self._bulk_set(request, queryset, curated_fields=[], what="given back to the source")

    @admin.display(description="default portion")
    def default_portion_label(self, obj: Food) -> str:
        portion = obj.default_portion
        return str(portion) if portion else "–"

    @admin.action(description="Feature the selected foods", permissions=["change"])
    def feature(self, request: HttpRequest, queryset: QuerySet[Food]) -> None:
        self._bulk_set(request, queryset, featured=True, what="featured")

    @admin.action(description="Unfeature the selected foods", permissions=["change"])
    def unfeature(self, request: HttpRequest, queryset: QuerySet[Food]) -> None:
        self._bulk_set(request, queryset, featured=False, what="no longer featured")

    @admin.action(description="Mark the selected foods as drinks", permissions=["change"])
    def mark_drink(self, request: HttpRequest, queryset: QuerySet[Food]) -> None:
        self._bulk_set(request, queryset, is_drink=True, what="marked as drinks")

    @admin.action(description="Mark the selected foods as not drinks", permissions=["change"])
    def unmark_drink(self, request: HttpRequest, queryset: QuerySet[Food]) -> None:
        self._bulk_set(request, queryset, is_drink=False, what="no longer drinks")

    @admin.action(description="Deactivate the selected foods", permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Food]) -> None:
        self._bulk_set(request, queryset, active=False, what="deactivated")

    @admin.action(description="Activate the selected foods", permissions=["change"])
    def activate(self, request: HttpRequest, queryset: QuerySet[Food]) -> None:
        self._bulk_set(request, queryset, active=True, what="activated")

    @admin.action(description="Export the selected foods as CSV", permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Food]) -> HttpResponse:
        return admin_csv.export_response(queryset)

    def _bulk_set(
        self, request: HttpRequest, queryset: QuerySet[Food], what: str, **values: Any
    ) -> None:
        foods = list(queryset)
        for food in foods:
            for field, value in values.items():
                setattr(food, field, value)
            food.save(update_fields=[*values, "updated"])
            self.log_change(request, food, [{"changed": {"fields": list(values)}}])
        self.message_user(request, f"{counted(len(foods), 'food')} {what}.", messages.SUCCESS)

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "export/",
                self.admin_site.admin_view(admin_csv.export_all_view),
                name="foods_food_export",
            ),
            path(
                "import/",
                self.admin_site.admin_view(admin_csv.import_view(self)),
                name="foods_food_import",
            ),
        ]
        return own + super().get_urls()
