"""The catalog's CSV format, for curators: one row per food, its portions in one column.

Portions are written ``label=grams`` and separated by `` | ``; the default one starts with
``*``: ``*1 medium=118 | 1 cup, sliced=150``. The ``id`` column ties a row to an existing
catalog food (leave it empty to add a new one). Plain Python apart from the row form, so that
export and import always agree on the format.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django import forms

from .limits import PORTION_MAXIMUM_GRAMS
from .models import NUTRIENT_FIELDS, Food, Portion

COLUMNS = [
    "id",
    "source",
    "source_id",
    "name",
    "description",
    "food_group",
    *NUTRIENT_FIELDS,
    "featured",
    "active",
    "curator_note",
    "portions",
]
FOOD_FIELDS = COLUMNS[3:15]
PORTION_SEPARATOR = " | "
TRUE_WORDS = {"1", "true", "yes", "y"}
FALSE_WORDS = {"0", "false", "no", "n", ""}
MAX_ROWS = 20_000
# A cell a spreadsheet would run as a formula (=HYPERLINK(...), +, -, @, or after a tab or a
# carriage return) is written with a leading apostrophe, which spreadsheets show as text;
# the import takes the apostrophe off again, so an export imports back unchanged.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defused(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def undefused(text: str) -> str:
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


@dataclass(frozen=True)
class PortionSpec:
    label: str
    grams: float
    is_default: bool


def format_portions(portions: Iterable[Portion]) -> str:
    return PORTION_SEPARATOR.join(
        f"{'*' if portion.is_default else ''}{portion.label}={portion.grams:g}"
        for portion in portions
    )


def parse_portions(text: str) -> list[PortionSpec]:
    """``*1 medium=118 | 1 cup=150`` into portions; raises ValueError with a clear reason."""
    specs = []
    for part in (piece.strip() for piece in text.split("|")):
        if not part:
            continue
        label, equals, grams_text = part.rpartition("=")
        if not equals or not label.strip():
            raise ValueError(f"portion “{part}” should look like “1 cup=150”")
        try:
            grams = float(grams_text)
        except ValueError:
            raise ValueError(f"portion “{part}” has no number of grams after “=”") from None
        if not 0 < grams <= PORTION_MAXIMUM_GRAMS:
            raise ValueError(
                f"portion “{part}” must weigh more than 0 and at most {PORTION_MAXIMUM_GRAMS} g"
            )
        is_default = label.startswith("*")
        specs.append(PortionSpec(label.lstrip("*").strip(), grams, is_default))
    if sum(spec.is_default for spec in specs) > 1:
        raise ValueError("only one portion can be the default (marked with *)")
    if specs and not any(spec.is_default for spec in specs):
        specs[0] = PortionSpec(specs[0].label, specs[0].grams, True)
    return specs


def export_csv(foods: Iterable[Food]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for food in foods:
        row = [food.pk, food.source, food.source_id or ""]
        for name in FOOD_FIELDS:
            value = getattr(food, name)
            if isinstance(value, bool):
                value = int(value)
            row.append("" if value is None else value)
        row.append(format_portions(food.portions.all()))
        writer.writerow([defused(value) for value in row])
    return buffer.getvalue()


class FoodRowForm(forms.ModelForm[Food]):
    """One CSV row: the model's own validators decide what a valid food is."""

    featured = forms.CharField(required=False)
    active = forms.CharField(required=False)

    class Meta:
        model = Food
        fields = ["source", "source_id", *FOOD_FIELDS]

    def _flag(self, name: str) -> bool:
        value = (self.cleaned_data.get(name) or "").strip().lower()
        if value in TRUE_WORDS:
            return True
        if value in FALSE_WORDS:
            return False
        raise forms.ValidationError(f"write 1 or 0 (or yes or no), not “{value}”")

    def clean_featured(self) -> bool:
        return self._flag("featured")

    def clean_active(self) -> bool:
        value = (self.cleaned_data.get("active") or "").strip()
        return True if value == "" else self._flag("active")

    def clean_source(self) -> str:
        source = self.cleaned_data["source"]
        if source == Food.Source.PERSONAL:
            raise forms.ValidationError("personal foods cannot be imported into the catalog")
        return source


@dataclass(frozen=True)
class FieldChange:
    """One changed field of a food, its value now and in the file, as the preview shows them."""

    name: str
    old: str
    new: str


@dataclass
class RowPlan:
    line: int
    action: str  # "create", "update" or "unchanged"
    food: Food
    portions: list[PortionSpec] | None  # None: leave the portions as they are
    changed_fields: list[str] = field(default_factory=list)
    changes: list[FieldChange] = field(default_factory=list)
    # The food's portions that the file leaves out: removed only if the curator ticks them
    # (a file exported before a curator added a portion must not delete it silently).
    removals: list[Portion] = field(default_factory=list)


@dataclass
class ImportPlan:
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(row.action == action for row in self.rows)

    @property
    def summary(self) -> str:
        return (
            f"{self.count('create')} to add, {self.count('update')} to change, "
            f"{self.count('unchanged')} unchanged"
        )

    @property
    def has_changes(self) -> bool:
        return any(row.action != "unchanged" for row in self.rows)

    def removable(self) -> set[int]:
        """The ids of the portions the file would remove, for the curator to tick."""
        return {portion.pk for row in self.rows for portion in row.removals}


def shown(value: object) -> str:
    """A field's value as the preview shows it: yes or no, empty as a dash, numbers as %g."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def plan_import(text: str) -> ImportPlan:
    """Validate every row and work out what each would do. Nothing is saved here."""
    plan = ImportPlan()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        plan.errors.append(f"The header row lacks these columns: {', '.join(missing)}.")
        return plan
    catalog = _LazyCatalog()
    seen_ids: set[str] = set()
    seen_sources: set[tuple[str, str]] = set()
    for line, raw in enumerate(reader, start=2):
        if line - 1 > MAX_ROWS:
            plan.errors.append(f"The file has more than {MAX_ROWS:,} rows; split it.")
            break
        try:
            row_plan = _plan_row(line, raw, catalog, seen_ids, seen_sources)
        except forms.ValidationError as error:
            plan.errors.extend(f"Row {line}: {message}" for message in error.messages)
            continue
        plan.rows.append(row_plan)
    if not plan.rows and not plan.errors:
        plan.errors.append("The file has a header but no rows.")
    return plan


class _LazyCatalog:
    """The catalog by id with portions, read in two queries on first use, not once per row."""

    def __init__(self) -> None:
        self._foods: dict[int, Food] | None = None

    def get(self, pk: int) -> Food | None:
        if self._foods is None:
            foods = Food.objects.catalog().prefetch_related("portions")
            self._foods = {food.pk: food for food in foods}
        return self._foods.get(pk)


def _plan_row(
    line: int,
    raw: dict[str, str | None],
    catalog: _LazyCatalog,
    seen_ids: set[str],
    seen_sources: set[tuple[str, str]],
) -> RowPlan:
    food_id = (raw.get("id") or "").strip()
    existing = None
    if food_id:
        if not food_id.isdigit():
            raise forms.ValidationError(f"id “{food_id}” is not a number")
        if food_id in seen_ids:
            raise forms.ValidationError(f"food {food_id} appears twice in the file")
        seen_ids.add(food_id)
        existing = catalog.get(int(food_id))
        if existing is None:
            raise forms.ValidationError(f"there is no catalog food with id {food_id}")

    if existing is not None:
        # The form writes into the instance, so remember what the database holds first.
        before = {name: getattr(existing, name) for name in FoodRowForm.Meta.fields}
        stored_portions = list(existing.portions.all())
        old_portions = [
            PortionSpec(portion.label, portion.grams, portion.is_default)
            for portion in stored_portions
        ]
    data = {name: undefused(raw.get(name) or "").strip() for name in COLUMNS}
    form = FoodRowForm(data, instance=existing or Food())
    if not form.is_valid():
        raise forms.ValidationError(
            [
                f"{name if name != '__all__' else 'row'}: {message}"
                for name, messages in form.errors.items()
                for message in messages
            ]
        )
    food = form.save(commit=False)
    key = (food.source, food.source_id)
    if food.source_id:
        if key in seen_sources:
            raise forms.ValidationError(f"{food.source} {food.source_id} appears twice")
        seen_sources.add(key)
    try:
        portions = parse_portions(data["portions"])
    except ValueError as error:
        raise forms.ValidationError(f"portions: {error}") from None

    if existing is None:
        return RowPlan(line, "create", food, portions)
    changed = [name for name, value in before.items() if getattr(food, name) != value]
    changes = [
        FieldChange(name, shown(before[name]), shown(getattr(food, name))) for name in changed
    ]
    portions_changed = old_portions != portions
    removals = []
    if portions_changed:
        changed.append("portions")
        changes.append(
            FieldChange(
                "portions",
                shown(format_portions(stored_portions)),
                shown(format_portions(_as_portions(portions))),
            )
        )
        labels = {spec.label for spec in portions}
        removals = [portion for portion in stored_portions if portion.label not in labels]
    action = "update" if changed else "unchanged"
    return RowPlan(
        line, action, food, portions if portions_changed else None, changed, changes, removals
    )


def _as_portions(specs: list[PortionSpec]) -> list[Portion]:
    return [
        Portion(label=spec.label, grams=spec.grams, is_default=spec.is_default) for spec in specs
    ]


def apply_plan(plan: ImportPlan, remove: Iterable[int] = ()) -> list[RowPlan]:
    """Save the planned rows. Call only for a plan without errors, inside a transaction.

    A portion the file leaves out is removed only if its id is in ``remove`` (ticked by the
    curator in the preview); otherwise it is kept, after the file's portions, and no longer
    the default when the file names one."""
    if plan.errors:
        raise ValueError("A plan with errors cannot be applied.")
    ticked = set(remove) & plan.removable()
    applied = []
    for row in plan.rows:
        if row.action == "unchanged":
            continue
        if row.action == "update" and row.food.source != Food.Source.CURATED:
            row.food.mark_curated(row.changed_fields)  # the source's import keeps them from now on
        row.food.save()
        if row.portions is not None:
            _write_portions(row.food, row.portions, ticked)
        applied.append(row)
    return applied


def _write_portions(food: Food, specs: list[PortionSpec], ticked: set[int]) -> None:
    """The file's portions, matched to the stored ones by label; the others kept unless
    ticked. The default is cleared first, so that moving it never meets two at once."""
    stored = list(food.portions.order_by("position", "pk"))
    food.portions.filter(pk__in=ticked).delete()
    if any(spec.is_default for spec in specs):
        food.portions.filter(is_default=True).update(is_default=False)
    by_label: dict[str, Portion] = {}
    for portion in stored:
        if portion.pk not in ticked:
            by_label.setdefault(portion.label, portion)
    for position, spec in enumerate(specs):
        portion = by_label.pop(spec.label) if spec.label in by_label else Portion(food=food)
        portion.label = spec.label
        portion.grams, portion.is_default, portion.position = spec.grams, spec.is_default, position
        portion.save()
    for position, kept in enumerate(by_label.values(), start=len(specs)):
        kept.position = position
        kept.is_default = kept.is_default and not any(spec.is_default for spec in specs)
        kept.save(update_fields=["position", "is_default"])
