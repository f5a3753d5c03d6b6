"""Writing to the journal: an entry, a food into a meal, a food again, a meal again, undo.

The views read a form, call one of these, and answer. Every write that a tap can repeat (a
double tap, a retry on a flaky connection) carries a request token, and one rule decides:
the unique constraint on that token. The first request's INSERT wins; a repeat finds the
row the first one made and adds nothing.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.contrib.auth import get_user_model
from django.core import serializers
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.utils import timezone

from foods.models import Favourite, Food

from .forms import USUAL_MEAL_TIMES, default_meal_kind
from .models import Meal, MealItem

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


def save_entry(form, user) -> Written:
    """A new cramp, drink, exercise or supplement from its valid form, once per token."""
    token = form.cleaned_data.get("request_token")
    if token:
        form.instance.request_token = token
    form.instance.user = user
    model = form._meta.model
    return once(token, form.save, lambda: model.objects.for_user(user).get(request_token=token))


def meal_for(user, kind: str, now: datetime.datetime, day: datetime.date | None = None) -> Meal:
    """The day's meal of this kind (today's by default), started if there is none yet: now
    for today, at the meal's usual time for a past day.

    Call it inside a transaction: it holds the person's row locked until the commit, so two
    foods added at once to a meal not yet made start one meal, not two (see
    ``_lock_person``).
    """
    _lock_person(user)
    today = timezone.localdate(now)
    day = day or today
    meal = Meal.objects.for_user(user).on_day(day).filter(kind=kind).first()
    if meal:
        return meal
    when = now
    if day != today:
        hour, minute = USUAL_MEAL_TIMES[Meal.Kind(kind)]
        when = datetime.datetime.combine(
            day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
        )
    return Meal.objects.create(user=user, kind=kind, occurred_at=when)


def _lock_person(user) -> None:
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


def _add_item(user, token, meal_kind: str, day, item: Callable[[Meal], MealItem]) -> Written:
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


def log_food(user, form) -> Written:
    """The food, amount and meal of a valid AddFoodForm, into that day's meal."""
    data = form.cleaned_data
    food, grams, label = form.food_obj, form.grams(), form.amount_label()
    return _add_item(
        user,
        data.get("request_token"),
        data["meal_kind"],
        data.get("day"),
        lambda meal: _item_of(meal, food, grams, label),
    )


def log_favourite(user, favourite: Favourite, token) -> Written:
    """One default portion (or 100 g) of a favourite, in the meal of this time of day."""
    food = favourite.food
    portion = food.default_portion
    grams, label = (portion.grams, portion.label) if portion else (100.0, "100 g")
    kind = default_meal_kind(timezone.now())
    return _add_item(user, token, kind, None, lambda meal: _item_of(meal, food, grams, label))


def log_again(user, source: MealItem, token) -> Written:
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


def change_amount(item: MealItem, form) -> MealItem:
    """A logged item's new amount from a valid ChangeAmountForm, its nutrients rescaled from
    its own (``MealItem.rescale``). Setting an amount twice gives the same item: no token."""
    item.rescale(form.grams(), form.amount_label())
    item.save(update_fields=["grams", "amount_label", *MealItem.snapshot_fields()])
    return item


def repeat_meal(user, meal: Meal, token) -> Written:
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


def undo_record(kind_slug: str, entry, only_item: MealItem | None = None) -> dict:
    """What Undo needs to put a deleted entry (or one item of a meal) back exactly as it was."""
    if kind_slug == "meal":
        rows = [only_item] if only_item else list(entry.items.all())
        objects = rows if only_item else [entry, *rows]
        if only_item and not entry.items.exclude(pk=only_item.pk).exists():
            objects = [entry, only_item]  # the meal goes too; undo restores both
    else:
        objects = [entry]
    return {
        "label": str(only_item or entry),
        # Django's JSON serializer rounds times to milliseconds; undo must restore exactly.
        "data": json.dumps(serializers.serialize("python", objects), cls=_ExactEncoder),
        "day": entry.local_date.isoformat(),
        "entry": [kind_slug, entry.pk],  # what the page focuses once it is back
    }


class _ExactEncoder(json.JSONEncoder):
    def default(self, value):
        if isinstance(value, datetime.date | datetime.datetime):
            return value.isoformat()
        if isinstance(value, uuid.UUID):
            return str(value)
        return super().default(value)


def restore(user, saved: dict) -> datetime.date:
    """Puts back what ``undo_record`` kept, all or nothing; 404 if any of it is not the user's."""
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
                raise Http404("Nothing of yours to undo.")
            if isinstance(restored.object, MealItem):
                restored.object.user_id = owner_id  # kept by undo records from before it had one
            restored.save()
    return datetime.date.fromisoformat(saved["day"])
