"""The live pieces of the Learn pages: named placeholders filled per request.

Writers never type a number the app also knows. They write a placeholder, and this module
fills it from the same sources the rest of the app computes with:

- ``[[target NUTRIENT GROUP [AGE]]]``: a daily reference value from
  foods/reference_intakes.py, e.g. ``[[target potassium women]]`` gives "2,600 mg".
  Groups: men, women, pregnancy, breastfeeding. Without an age, the 31-50 values.
- ``[[sodium-limit]]``: the intake above which sodium is worth reducing ("2,300 mg").
- ``[[targets-table]]`` (a paragraph of its own): the table of daily reference values.
- ``[[food-table NUTRIENT]]`` (a paragraph of its own): the featured foods with the most
  potassium or magnesium in a usual portion, from the food catalog as curators keep it.
- ``[[bean-table]]`` (a paragraph of its own): the featured beans, lentils and chickpeas at
  half a cup next to one banana, with how many of them carry less potassium than it.
- ``[[red-flags TIER]]`` (a paragraph of its own): the red flags of one tier (emergency,
  same-day, soon) or the two urgent ones together (urgent), from education/red_flags.html.
- ``[[who-must-be-careful]]`` (a paragraph of its own): who must be careful with potassium
  and magnesium, from education/careful.html.

The tables cost one small query each (food tables) or none (targets), so they are filled on
every request and a curator's edit shows at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from foods import reference_intakes
from foods.nutrients import round_amount
from foods.reference_intakes import daily_targets

PLACEHOLDER = re.compile(r"\[\[([a-z][a-z-]*)((?: [a-z0-9-]+)*)\]\]")
# A placeholder alone in a paragraph stands for a block (a table), not for words in a sentence.
BLOCK = re.compile(r"<p>(\[\[[a-z][a-z-]*(?: [a-z0-9-]+)*\]\])</p>")

FOOD_TABLE_NUTRIENTS = ("potassium", "magnesium")
FOOD_TABLE_ROWS = 12
NUTRIENTS = ("potassium", "magnesium", "calcium", "sodium", "fluid")
# The targets table's column headings, in NUTRIENTS order.
TARGET_COLUMNS = (
    "Potassium (mg)",
    "Magnesium (mg)",
    "Calcium (mg)",
    "Sodium (mg)",
    "Fluid from drinks (litres)",
)
# Placeholder group -> (sex, maternity) in daily_targets' terms.
GROUPS = {
    "men": ("male", ""),
    "women": ("female", ""),
    "pregnancy": ("female", "pregnant"),
    "breastfeeding": ("female", "breastfeeding"),
}
DEFAULT_AGE = 40  # the 31-50 band, as daily_targets uses without an age


@dataclass(frozen=True)
class TargetGroup:
    """One row of the targets table: who, and the profile facts that give their targets."""

    label: str
    sex: str
    age: int
    maternity: str = ""

    def targets(self) -> dict[str, reference_intakes.Target]:
        return daily_targets(sex=self.sex, age=self.age, maternity=self.maternity)


# The rows of the targets table. Each age is one inside the band its label names.
TARGET_GROUPS = (
    TargetGroup("Men 19–30", "male", 25),
    TargetGroup("Men 31–50", "male", 40),
    TargetGroup("Men 51–70", "male", 60),
    TargetGroup("Men 71 and over", "male", 75),
    TargetGroup("Women 19–30", "female", 25),
    TargetGroup("Women 31–50", "female", 40),
    TargetGroup("Women 51 and over", "female", 60),
    TargetGroup("Pregnancy, 19–30", "female", 25, "pregnant"),
    TargetGroup("Pregnancy, 31–50", "female", 40, "pregnant"),
    TargetGroup("Breastfeeding, 19–30", "female", 25, "breastfeeding"),
    TargetGroup("Breastfeeding, 31–50", "female", 40, "breastfeeding"),
)


def format_amount(amount: float, unit: str) -> str:
    """Formats "3,400 mg", or fluid in litres with one decimal: "2.2 litres"."""
    if unit == "ml":
        return f"{amount / 1000:.1f} litres"
    return f"{round_amount(amount):,} {unit}"


# --- Inline values ------------------------------------------------------------------------


def _target(nutrient: str, group: str, age: str = "") -> str:
    if nutrient not in NUTRIENTS or group not in GROUPS or (age and not age.isdigit()):
        raise ValueError(
            f"[[target {nutrient} {group} {age}]]: write [[target NUTRIENT GROUP [AGE]]] with "
            f"a nutrient of {NUTRIENTS} and a group of {tuple(GROUPS)}"
        )
    sex, maternity = GROUPS[group]
    target = daily_targets(sex=sex, age=int(age or DEFAULT_AGE), maternity=maternity)[nutrient]
    return format_amount(target.amount, target.unit)


def _sodium_limit() -> str:
    return format_amount(reference_intakes.SODIUM_REDUCE_ABOVE, "mg")


# --- Tables -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FoodRow:
    name: str
    portion: str
    grams: float
    amount: int


def richest_foods(nutrient: str, limit: int = FOOD_TABLE_ROWS) -> list[FoodRow]:
    """Featured catalog foods with the most of ``nutrient`` in their default portion."""
    from foods.models import Portion

    field = f"food__{nutrient}_mg"
    portions = (
        Portion.objects.filter(
            is_default=True,
            food__featured=True,
            food__active=True,
            food__owner__isnull=True,
            **{f"{field}__isnull": False},
        )
        .annotate(amount=F("grams") * F(field) / 100)
        .order_by("-amount", "food__name")
        .values_list("food__name", "label", "grams", "amount")[:limit]
    )
    return [
        FoodRow(name, label, grams, round_amount(amount)) for name, label, grams, amount in portions
    ]


# The beans of the bean table: featured legumes with one of these words in their name, at
# a half-cup portion, against the featured banana's usual portion.
BEAN_GROUP = "Legumes and legume products"
BEAN_WORDS = ("bean", "chickpea", "lentil")
HALF_CUP = "1/2 cup"
BANANA = "Banana"


def beans_and_banana() -> tuple[list[FoodRow], FoodRow | None]:
    """Featured beans at half a cup (most potassium first), and one banana's usual portion.

    One query: the half-cup portions of the beans and the banana's default portion together.
    """
    from foods.models import Portion

    words = Q()
    for word in BEAN_WORDS:
        words |= Q(food__name__icontains=word)
    beans = words & Q(food__food_group=BEAN_GROUP, label__startswith=HALF_CUP)
    banana = Q(food__name=BANANA, is_default=True)
    portions = (
        Portion.objects.filter(
            beans | banana,
            food__featured=True,
            food__active=True,
            food__owner__isnull=True,
            food__potassium_mg__isnull=False,
        )
        .annotate(amount=F("grams") * F("food__potassium_mg") / 100)
        .order_by("-amount", "food__name", "position")
        .values_list("food__name", "label", "grams", "amount", "is_default")
    )
    rows, banana_row, seen = [], None, set()
    for name, label, grams, amount, is_default in portions:
        row = FoodRow(name, label, grams, round_amount(amount))
        if name == BANANA and is_default:
            banana_row = banana_row or row
        elif name not in seen and label.startswith(HALF_CUP):  # one half-cup row per food
            seen.add(name)
            rows.append(row)
    return rows, banana_row


def _bean_table() -> str:
    beans, banana = beans_and_banana()
    below = sum(1 for row in beans if banana and row.amount < banana.amount)
    context = {"beans": beans, "banana": banana, "below": below}
    return render_to_string("education/live.html#bean-table", context)


def _red_flags(tier: str) -> str:
    return render_to_string(f"education/red_flags.html#{tier}")


def _who_must_be_careful() -> str:
    return render_to_string("education/careful.html")


def _food_table(nutrient: str) -> str:
    context = {"nutrient": nutrient, "rows": richest_foods(nutrient)}
    return render_to_string("education/live.html#food-table", context)


def table_number(amount: float, unit: str) -> str:
    """A cell of the targets table: mg as "3,400", fluid in litres as "2.2"."""
    return f"{amount / 1000:.1f}" if unit == "ml" else f"{round_amount(amount):,}"


def targets_rows() -> list[tuple[TargetGroup, list[tuple[str, str, str]]]]:
    """Each group with its (nutrient, column heading, cell), in the table's column order."""
    rows = []
    for group in TARGET_GROUPS:
        targets = group.targets()
        cells = [
            (name, heading, table_number(targets[name].amount, targets[name].unit))
            for name, heading in zip(NUTRIENTS, TARGET_COLUMNS, strict=True)
        ]
        rows.append((group, cells))
    return rows


def _targets_table() -> str:
    bases = {name: target.basis for name, target in TARGET_GROUPS[0].targets().items()}
    context = {
        "rows": targets_rows(),
        "columns": zip(NUTRIENTS, TARGET_COLUMNS, strict=True),
        "bases": bases,
        "sodium_limit": _sodium_limit(),
        "kidney_caveat": reference_intakes.KIDNEY_CAVEAT,
    }
    return render_to_string("education/live.html#targets-table", context)


# name -> (renderer, whether it is a block, the number of arguments it takes: (least, most))
PLACEHOLDERS: dict[str, tuple[Callable[..., str], bool, tuple[int, int]]] = {
    "target": (_target, False, (2, 3)),
    "sodium-limit": (_sodium_limit, False, (0, 0)),
    "food-table": (_food_table, True, (1, 1)),
    "targets-table": (_targets_table, True, (0, 0)),
    "bean-table": (_bean_table, True, (0, 0)),
    "red-flags": (_red_flags, True, (1, 1)),
    "who-must-be-careful": (_who_must_be_careful, True, (0, 0)),
}
RED_FLAG_TIERS = ("emergency", "same-day", "soon", "urgent")


def placeholders_in(html: str) -> list[str]:
    return [match[0] for match in PLACEHOLDER.finditer(html)]


def _split(placeholder: str) -> tuple[str, list[str]]:
    name, *args = placeholder.strip("[]").split()
    return name, args


def _check(placeholder: str, *, block: bool) -> None:
    name, args = _split(placeholder)
    if name not in PLACEHOLDERS:
        raise ValueError(f"unknown placeholder {placeholder}; known: {sorted(PLACEHOLDERS)}")
    _, is_block, (least, most) = PLACEHOLDERS[name]
    if not least <= len(args) <= most:
        raise ValueError(f"{placeholder} takes {least} to {most} arguments")
    if is_block != block:
        where = "a paragraph of its own" if is_block else "inside a sentence"
        raise ValueError(f"{placeholder} belongs {where}")
    if name == "target":
        _target(*args)
    elif name == "food-table" and args[0] not in FOOD_TABLE_NUTRIENTS:
        raise ValueError(f"{placeholder}: the nutrient is one of {FOOD_TABLE_NUTRIENTS}")
    elif name == "red-flags" and args[0] not in RED_FLAG_TIERS:
        raise ValueError(f"{placeholder}: the tier is one of {RED_FLAG_TIERS}")


def check(html: str) -> None:
    """Raises ValueError for an unknown or misplaced placeholder, or wrong arguments.

    Called when a page is parsed, so a writer's slip fails the tests rather than a request.
    """
    for placeholder in placeholders_in(html):
        _check(placeholder, block=f"<p>{placeholder}</p>" in html)


def _is_block(placeholder: str) -> bool:
    return PLACEHOLDERS[_split(placeholder)[0]][1]


def _render(placeholder: str) -> str:
    name, args = _split(placeholder)
    render, is_block, _ = PLACEHOLDERS[name]
    html = render(*args)
    return html if is_block else escape(html)


def fill(html: str) -> SafeString:
    """The page's sanitised HTML with every placeholder replaced by its live content."""
    html = BLOCK.sub(lambda match: _render(match[1]) if _is_block(match[1]) else match[0], html)
    html = PLACEHOLDER.sub(lambda match: _render(match[0]), html)
    return mark_safe(html)
