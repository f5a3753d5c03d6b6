"""Writing to the journal: entries, foods into meals, undo, days, nights and own factors.

Every write a view makes goes through one of these. They take plain values (a person, rows
fetched through the person's own querysets, numbers, dates), own the journal's rules (meal
times, which days and nights may be changed, one factor name once, which amounts are asked
about before they are saved) and raise
``journal.errors`` exceptions, never HTTP answers.

Every write that a tap can repeat (a double tap, a retry on a flaky connection) carries a
request token, and one rule decides: the unique constraint on that token. The first
request's INSERT wins; a repeat finds the row the first one made and adds nothing.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.contrib.auth import get_user_model
from django.core import serializers
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from accounts.models import User
from foods.models import Favourite, Food
from foods.nutrients import NO_VALUES, Nutrients

from . import nights, usual
from .days import EARLIEST_YEAR, moment_from_wall_clock
from .errors import NeedsConfirmation, NotFound, Refused
from .meal_times import default_meal_kind, meal_start
from .models import (
    MAX_DAY_FACTORS,
    MAX_RECIPE_ITEMS,
    MAX_USUAL_SUPPLEMENTS,
    DayFactor,
    DayFactorMark,
    DayStatus,
    Drink,
    Entry,
    Meal,
    MealItem,
    Recipe,
    RecipeItem,
    Supplement,
    UsualSupplement,
)
from .plausible import drink_question, food_question
from .quick import drink_food
from .totals import targets_for

Row = TypeVar("Row", bound=models.Model)


@dataclass(frozen=True)
class Written(Generic[Row]):
    row: Row
    created: bool  # False when the request token had already made it: nothing was added


def once(
    token: uuid.UUID | None, insert: Callable[[], Row], earlier: Callable[[], Row]
) -> Written[Row]:
    """Runs ``insert`` unless this token already made its row, which ``earlier`` then reads.

    The unique constraint on the token decides, so the common case is one INSERT and no
    look-up first. A failed INSERT rolls back to a savepoint inside a caller's (or a test's)
    transaction; in autocommit the INSERT is a transaction of its own and needs none.
    """
    try:
        if transaction.get_connection().in_atomic_block:
            with transaction.atomic():
                return Written(insert(), True)
        return Written(insert(), True)
    except IntegrityError:
        if token is None:
            raise
        return Written(earlier(), False)


# --- Amounts asked about before they are saved ("Save anyway?") ---------------------------


def _unless_confirmed(question: str | None, amount: float, confirmed: float | None) -> None:
    """Raises ``NeedsConfirmation`` for an implausible amount (``question`` is not None)
    unless the person confirmed this very amount: a changed amount is asked about again."""
    if question is None:
        return
    if confirmed is not None and abs(confirmed - amount) < 0.5:
        return
    raise NeedsConfirmation(question, amount)


def _check_drink(user: User, drink: Drink, confirmed: float | None) -> None:
    question = drink_question(drink.volume_ml, NO_VALUES, {}, user.profile.units)
    _unless_confirmed(question, drink.volume_ml, confirmed)


def _check_food(
    user: User, described: str, grams: float, nutrients: Nutrients, confirmed: float | None
) -> None:
    profile = user.profile
    targets = targets_for(profile, timezone.localdate())
    question = food_question(described, grams, nutrients, targets, profile.units)
    _unless_confirmed(question, grams, confirmed)


def _described(amount_label: str, food_name: str) -> str:
    """ "2 × 1 medium banana", as the question names it."""
    return f"{amount_label} {food_name.lower()}"


# --- Entries --------------------------------------------------------------------------------


def add_entry(
    user: User, entry: Entry, token: uuid.UUID | None, confirmed: float | None = None
) -> Written[Entry]:
    """A new cramp, drink, exercise or supplement, once per token. A drink counts the
    minerals of the catalog food its kind stands for (``journal.quick``); an implausible
    volume is saved only when ``confirmed`` (``NeedsConfirmation``)."""
    if isinstance(entry, Drink):
        _check_drink(user, entry, confirmed)
    if token:
        entry.request_token = token
    entry.user = user
    if isinstance(entry, Drink):
        entry.count_minerals(drink_food(entry.kind))
    model = type(entry)

    def insert() -> Entry:
        entry.save()
        return entry

    return once(token, insert, lambda: model.objects.for_user(user).get(request_token=token))


def change_entry(entry: Entry, changed: Iterable[str], confirmed: float | None = None) -> Entry:
    """An entry's edited fields saved; a drink whose kind or volume ``changed`` counts its
    minerals again, and a changed implausible volume needs ``confirmed``. Its days follow a
    changed time (``Entry.save``)."""
    changed = set(changed)
    if isinstance(entry, Drink) and "volume_ml" in changed:
        _check_drink(entry.user, entry, confirmed)
    if isinstance(entry, Drink) and {"kind", "volume_ml"} & changed:
        entry.count_minerals(drink_food(entry.kind))
    entry.save()
    return entry


def meal_for(
    user: User,
    kind: str,
    now: datetime.datetime,
    day: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> Meal:
    """The day's meal of this kind (today's by default), started if there is none yet: at
    ``at`` when given, else now for today and at the meal's usual time for a past day
    (``journal.meal_times``).

    Call it inside a transaction: it holds the person's row locked until the commit, so two
    foods added at once to a meal not yet made start one meal, not two (see
    ``_lock_person``).
    """
    _lock_person(user)
    day = day or timezone.localdate(now)
    meal = Meal.objects.for_user(user).on_day(day).filter(kind=kind).first()
    if meal:
        return meal
    return Meal.objects.create(user=user, kind=kind, occurred_at=at or meal_start(kind, day, now))


def _lock_person(user: User) -> None:
    """Serialises this person's meal writes until the transaction ends.

    Why a lock and not a unique constraint on (person, day, kind): a day may have more than
    one meal of a kind (two snacks; a repeated meal; the demo and imports have them), so only
    "find the day's meal or start it" must not run twice at once. On PostgreSQL the person's
    row is locked FOR NO KEY UPDATE, which waits for another such lock but not for the key
    share locks that inserting their other entries takes. SQLite has no row locks and needs
    none: its IMMEDIATE transactions (config/settings.py) already run one writer at a time.
    """
    people = get_user_model().objects.select_for_update(no_key=True)
    list(people.filter(pk=user.pk).values_list("pk"))


def _add_item(
    user: User,
    token: uuid.UUID | None,
    meal_kind: str,
    day: datetime.date | None,
    item: Callable[[Meal], MealItem],
) -> Written[MealItem]:
    """A meal item made by ``item`` in the day's meal of ``meal_kind``, once per token."""

    def insert() -> MealItem:
        with transaction.atomic():
            new = item(meal_for(user, meal_kind, timezone.now(), day))
            new.request_token = token
            new.save()
            return new

    def earlier() -> MealItem:
        return MealItem.objects.select_related("meal").get(user=user, request_token=token)

    return once(token, insert, earlier)


def _item_of(meal: Meal, food: Food, grams: float, amount_label: str) -> MealItem:
    new = MealItem(
        meal=meal, food=food, food_name=food.name, amount_label=amount_label, grams=grams
    )
    new.take_snapshot(food, grams)
    return new


def log_food(
    user: User,
    food: Food,
    grams: float,
    amount_label: str,
    meal_kind: str,
    day: datetime.date | None = None,
    token: uuid.UUID | None = None,
    confirmed: float | None = None,
) -> Written[MealItem]:
    """``grams`` of a food, described as ``amount_label``, into that day's meal of
    ``meal_kind`` (today's when ``day`` is None). An implausible amount is saved only when
    ``confirmed`` (``NeedsConfirmation``)."""
    check_day(day or timezone.localdate())
    described = _described(amount_label, food.name)
    _check_food(user, described, grams, food.nutrients_for(grams), confirmed)
    return _add_item(
        user, token, meal_kind, day, lambda meal: _item_of(meal, food, grams, amount_label)
    )


@dataclass(frozen=True)
class BasketItem:
    """One food of a meal logged in one go: how much, and how it was said."""

    food: Food
    grams: float
    amount_label: str


MAX_BASKET_ITEMS = 30


def log_meal(
    user: User,
    items: list[BasketItem],
    meal_kind: str,
    day: datetime.date | None = None,
    at: datetime.time | None = None,
    token: uuid.UUID | None = None,
) -> Written[Meal]:
    """Several foods into that day's meal of ``meal_kind`` in one transaction: all of them or
    none. The meal starts at ``at`` (local time) unless the day already has one of that kind,
    which they join. Once per token: a repeat finds the meal the first request filled."""
    if not items:
        raise Refused("Add at least one food to the meal.")
    if len(items) > MAX_BASKET_ITEMS:
        raise Refused(f"A meal can have at most {MAX_BASKET_ITEMS} foods at a time.")
    now = timezone.now()
    day = day or timezone.localdate(now)
    check_day(day)
    start = None
    if at is not None:
        wall_clock = datetime.datetime.combine(day, at)
        start = moment_from_wall_clock(wall_clock, timezone.get_current_timezone()).moment
        if start > now + datetime.timedelta(minutes=5):
            raise Refused("That time has not come yet.")

    def insert() -> Meal:
        with transaction.atomic():
            meal = meal_for(user, meal_kind, now, day, at=start)
            for index, item in enumerate(items):
                new = _item_of(meal, item.food, item.grams, item.amount_label)
                new.request_token = token if index == 0 else None
                new.save()
            return meal

    def earlier() -> Meal:
        return MealItem.objects.select_related("meal").get(user=user, request_token=token).meal

    return once(token, insert, earlier)


def log_favourite(user: User, favourite: Favourite, token: uuid.UUID | None) -> Written[MealItem]:
    """One default portion (or 100 g) of a favourite, in the meal of this time of day."""
    food = favourite.food
    portion = food.default_portion
    grams, label = (portion.grams, portion.label) if portion else (100.0, "100 g")
    kind = default_meal_kind(timezone.now())
    return _add_item(user, token, kind, None, lambda meal: _item_of(meal, food, grams, label))


def log_again(user: User, source: MealItem, token: uuid.UUID | None) -> Written[MealItem]:
    """A logged food again, the same amount, in the meal of this time of day. Its nutrients
    come from the food as it is now, or as they were logged when the food is gone."""

    def again(meal: Meal) -> MealItem:
        copy = MealItem(
            meal=meal,
            food_id=source.food_id,
            food_name=source.food_name,
            amount_label=source.amount_label,
            grams=source.grams,
        )
        if source.food is not None:
            copy.take_snapshot(source.food, copy.grams)
        else:
            for field in MealItem.snapshot_fields():
                setattr(copy, field, getattr(source, field))
        return copy

    return _add_item(user, token, default_meal_kind(timezone.now()), None, again)


def change_amount(
    item: MealItem, grams: float, amount_label: str, confirmed: float | None = None
) -> MealItem:
    """A logged item's new amount, its nutrients rescaled from its own (``MealItem.rescale``);
    an implausible one needs ``confirmed``. Setting an amount twice gives the same item: no
    token."""
    nutrients = item.nutrients().scaled(grams / item.grams)
    described = _described(amount_label, item.food_name)
    _check_food(item.user, described, grams, nutrients, confirmed)
    item.rescale(grams, amount_label)
    item.save(update_fields=["grams", "amount_label", *MealItem.snapshot_fields()])
    return item


def repeat_meal(user: User, meal: Meal, token: uuid.UUID | None) -> Written[Meal]:
    """A past meal again, now: same foods, same amounts, nutrients as logged."""

    def insert() -> Meal:
        with transaction.atomic():
            copy = Meal(user=user, kind=meal.kind, occurred_at=timezone.now())
            if token:  # without one the meal gets a token of its own
                copy.request_token = token
            copy.save()
            MealItem.objects.bulk_create(
                MealItem(
                    meal=copy,
                    food_id=item.food_id,
                    food_name=item.food_name,
                    amount_label=item.amount_label,
                    grams=item.grams,
                    **{field: getattr(item, field) for field in MealItem.snapshot_fields()},
                )
                for item in meal.items.all()
            )
            return copy

    return once(token, insert, lambda: Meal.objects.for_user(user).get(request_token=token))


# --- Delete and undo ------------------------------------------------------------------------


def delete_entry(kind_slug: str, entry: Entry) -> dict[str, Any]:
    """Deletes an entry (a meal with its foods); what it returns puts it back (``restore``)."""
    saved = undo_record(kind_slug, entry)
    entry.delete()
    return saved


def remove_item(item: MealItem) -> dict[str, Any]:
    """Takes one food out of its meal, and the meal too when it was its last food; what it
    returns puts them back (``restore``)."""
    meal = item.meal
    saved = undo_record("meal", meal, only_item=item)
    item.delete()
    if not meal.items.exists():
        meal.delete()
    return saved


def undo_record(kind_slug: str, entry: Entry, only_item: MealItem | None = None) -> dict[str, Any]:
    """What Undo needs to put a deleted entry (or one item of a meal) back exactly as it was."""
    objects: list[models.Model] = [entry]
    if isinstance(entry, Meal):
        rows = [only_item] if only_item else list(entry.items.all())
        objects = [*rows] if only_item else [entry, *rows]
        if only_item and not entry.items.exclude(pk=only_item.pk).exists():
            objects = [entry, only_item]  # the meal goes too; undo restores both
    return {
        "label": str(only_item or entry),
        # Django's JSON serializer rounds times to milliseconds; undo must restore exactly.
        "data": json.dumps(serializers.serialize("python", objects), cls=_ExactEncoder),
        "day": entry.local_date.isoformat(),
        "entry": [kind_slug, entry.pk],  # what the page focuses once it is back
    }


class _ExactEncoder(json.JSONEncoder):
    def default(self, value: object) -> object:
        if isinstance(value, datetime.date | datetime.datetime):
            return value.isoformat()
        if isinstance(value, uuid.UUID):
            return str(value)
        return super().default(value)


def restore(user: User, saved: dict[str, Any]) -> datetime.date:
    """Puts back what ``undo_record`` kept, all or nothing; ``NotFound`` if any of it is not
    the user's."""
    with transaction.atomic():
        for restored in serializers.deserialize("python", json.loads(saved["data"])):
            owner_id = getattr(restored.object, "user_id", None)
            if isinstance(restored.object, MealItem):  # whose it is, its meal says
                owner_id = (
                    Meal.objects.filter(pk=restored.object.meal_id)
                    .values_list("user_id", flat=True)
                    .first()
                )
            if owner_id != user.pk:
                raise NotFound("Nothing of yours to undo.")
            if isinstance(restored.object, MealItem):
                restored.object.user_id = owner_id  # kept by undo records from before it had one
            restored.save()
    return datetime.date.fromisoformat(saved["day"])


# --- Days and nights ------------------------------------------------------------------------


def check_day(day: datetime.date) -> None:
    """A day the journal has a page for: from EARLIEST_YEAR to today (the person's)."""
    if day > timezone.localdate():
        raise NotFound("That day has not come yet.")
    if day.year < EARLIEST_YEAR:
        raise NotFound(f"The journal starts in {EARLIEST_YEAR}.")


def check_night(night: datetime.date) -> None:
    """A night that has ended (named by its evening), from EARLIEST_YEAR on."""
    if night >= timezone.localdate():
        raise NotFound("That night has not ended yet.")
    if night.year < EARLIEST_YEAR:
        raise NotFound(f"The journal starts in {EARLIEST_YEAR}.")


def set_day_complete(user: User, day: datetime.date, complete: bool) -> None:
    """Marks the person's ``day`` complete (its food log is whole) or open again."""
    check_day(day)
    DayStatus.objects.update_or_create(
        user=user, date=day, defaults={"food_log_complete": complete}
    )


def answer_no_cramps(user: User, night: datetime.date) -> bool:
    """ "No cramps" for an ended ``night``; False on a repeat (already saved). Refused for a
    night with a logged cramp: it was not cramp-free."""
    check_night(night)
    if nights.has_cramp(user, night):
        raise Refused("A cramp is logged for that night, so it was not cramp-free.")
    return nights.record_no_cramps(user, night)


def take_back_no_cramps(user: User, night: datetime.date) -> bool:
    """Takes back a "no cramps" answer; False when there was none."""
    check_night(night)
    return nights.undo_no_cramps(user, night)


# --- The person's own day factors -------------------------------------------------------------


def add_factor(user: User, name: str) -> DayFactor | None:
    """A new yes/no day factor named ``name`` (already tidied by its form); None when the
    same name was added by a request at the same moment. Refused for a name the person has
    already (in any case) and beyond MAX_DAY_FACTORS."""
    existing = DayFactor.objects.filter(user=user)
    if existing.filter(name__iexact=name).exists():
        raise Refused("You already have a factor with that name.")
    if existing.count() >= MAX_DAY_FACTORS:
        raise Refused(f"You can have up to {MAX_DAY_FACTORS} factors; delete one to add another.")
    try:
        with transaction.atomic():
            return DayFactor.objects.create(user=user, name=name)
    except IntegrityError:  # the same name sent twice at once
        return None


def delete_factor(factor: DayFactor) -> None:
    """Deletes one of the person's factors, with the days it was marked."""
    factor.delete()


def mark_factor(user: User, factor: DayFactor, day: datetime.date, on: bool) -> None:
    """Marks (``on``) or unmarks one of the person's factors on ``day``: saying which, rather
    than toggling, makes a double tap harmless."""
    check_day(day)
    if not on:
        DayFactorMark.objects.filter(user=user, factor=factor, date=day).delete()
        return
    try:
        with transaction.atomic():
            DayFactorMark.objects.get_or_create(user=user, factor=factor, date=day)
    except IntegrityError:  # marked by a request at the same moment
        pass


# --- Recipes ----------------------------------------------------------------------------------


def save_meal_as_recipe(user: User, meal: Meal, name: str, servings: int) -> Recipe:
    """A logged meal kept as a recipe: its foods and amounts, as the whole of ``servings``."""
    items = list(meal.items.all())
    if not items:
        raise Refused("That meal has no foods to keep.")
    if len(items) > MAX_RECIPE_ITEMS:
        raise Refused(f"A recipe has at most {MAX_RECIPE_ITEMS} foods.")
    with transaction.atomic():
        recipe = Recipe.objects.create(user=user, name=name, servings=servings)
        RecipeItem.objects.bulk_create(
            RecipeItem(
                recipe=recipe,
                food_id=item.food_id,
                food_name=item.food_name,
                amount_label=item.amount_label,
                grams=item.grams,
                **{field: getattr(item, field) for field in RecipeItem.snapshot_fields()},
            )
            for item in items
        )
    return recipe


def create_recipe(user: User, name: str, servings: int) -> Recipe:
    """A new recipe with no foods yet: they are added one by one (``add_recipe_food``)."""
    return Recipe.objects.create(user=user, name=name, servings=servings)


def change_recipe(recipe: Recipe, name: str, servings: int) -> Recipe:
    recipe.name, recipe.servings = name, servings
    recipe.save(update_fields=["name", "servings", "updated"])
    return recipe


def add_recipe_food(recipe: Recipe, food: Food, grams: float, amount_label: str) -> RecipeItem:
    """``grams`` of a food into the whole recipe, its nutrients snapshotted as a meal item's."""
    if recipe.items.count() >= MAX_RECIPE_ITEMS:
        raise Refused(f"A recipe has at most {MAX_RECIPE_ITEMS} foods.")
    item = RecipeItem(
        recipe=recipe, food=food, food_name=food.name, amount_label=amount_label, grams=grams
    )
    item.take_snapshot(food, grams)
    item.save()
    recipe.save(update_fields=["updated"])
    return item


def remove_recipe_food(item: RecipeItem) -> None:
    item.delete()


def delete_recipe(recipe: Recipe) -> None:
    """Deletes the recipe; meals logged from it keep their foods."""
    recipe.delete()


def serving_label(item: RecipeItem, servings: int) -> str:
    """What a serving's share of a recipe food is called in the meal: "1/4 of 2 cups"."""
    if servings == 1:
        return item.amount_label
    return f"1/{servings} of {item.amount_label}"[:160]


def log_recipe(
    user: User,
    recipe: Recipe,
    token: uuid.UUID | None,
    day: datetime.date | None = None,
) -> Written[MealItem]:
    """One serving of a recipe in the meal of this time of day, today's or ``day``'s (a past
    day's meal starts at its usual time): each food at its share of the amount, snapshotted
    like any meal item (from the food as it is now, or, when the food is gone, from the
    recipe's own values scaled). The request token is the first item's: a repeated tap finds
    it and adds nothing."""
    check_day(day or timezone.localdate())
    items = list(recipe.items.select_related("food"))
    if not items:
        raise Refused("That recipe has no foods yet.")
    kind = default_meal_kind(timezone.now())
    share = 1 / recipe.servings

    def insert() -> MealItem:
        with transaction.atomic():
            meal = meal_for(user, kind, timezone.now(), day)
            rows = []
            for position, source in enumerate(items):
                grams = source.grams * share
                row = MealItem(
                    meal=meal,
                    user=user,
                    food_id=source.food_id,
                    food_name=source.food_name,
                    amount_label=serving_label(source, recipe.servings),
                    grams=grams,
                    request_token=token if position == 0 else None,
                )
                if source.food is not None:
                    row.take_snapshot(source.food, grams)
                else:
                    row.keep_snapshot(source.nutrients().scaled(share))
                    row.fluid_ml = None if source.fluid_ml is None else source.fluid_ml * share
                rows.append(row)
            MealItem.objects.bulk_create(rows)
            return rows[0]

    def earlier() -> MealItem:
        return MealItem.objects.select_related("meal").get(user=user, request_token=token)

    return once(token, insert, earlier)


# --- The usual supplements and medicines --------------------------------------------------------


def save_usual(user: User, item: UsualSupplement) -> list[str]:
    """A new or edited item of the person's usual list (already validated by its form).
    Returns the profile answers this changed to agree with it ("takes a statin"): the list
    and the profile's medicine questions say the same (``journal.usual``)."""
    if item._state.adding:
        if UsualSupplement.objects.for_user(user).count() >= MAX_USUAL_SUPPLEMENTS:
            raise Refused(f"Your usual list has at most {MAX_USUAL_SUPPLEMENTS} items.")
        item.user = user
        item.position = UsualSupplement.objects.for_user(user).count()
    with transaction.atomic():
        item.save()
        return usual.agree_with_profile(user.profile, [item])


def delete_usual(item: UsualSupplement) -> None:
    item.delete()


def _usual_tokens(token: uuid.UUID, item: UsualSupplement) -> list[uuid.UUID]:
    """One request token per entry an item makes, derived from the tap's token."""
    parts = [code for code, _ in item.minerals()] or [""]
    return [uuid.uuid5(token, f"{item.uid}:{part}") for part in parts]


def log_usual(
    user: User, items: list[UsualSupplement], token: uuid.UUID | None
) -> tuple[list[Supplement], bool]:
    """The usual items taken now, as supplement entries: one per mineral an item carries (so
    each counts towards that mineral's intake), or one with no mineral. All or nothing, once
    per token: a repeated tap finds the entries the first one made (and says False)."""
    if not items:
        raise Refused("Your usual list is empty: add what you take first.")
    now = timezone.now()
    made = []
    for item in items:
        tokens = _usual_tokens(token, item) if token else None
        for position, (mineral, mg) in enumerate(item.minerals() or [("", None)]):
            entry = Supplement(
                user=user, occurred_at=now, name=str(item)[:120], mineral=mineral, mineral_mg=mg
            )
            if tokens:
                entry.request_token = tokens[position]
            made.append(entry)
    try:
        with transaction.atomic():
            for entry in made:
                entry.save()
        return made, True
    except IntegrityError:
        if token is None:
            raise
    wanted = [entry.request_token for entry in made]
    return list(Supplement.objects.for_user(user).filter(request_token__in=wanted)), False
