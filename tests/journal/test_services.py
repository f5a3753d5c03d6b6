"""The journal's write layer, called as the views call it: with plain values, no form, no request.

Each service owns its rule (meal times, which days and nights may change, one factor name
once, the request token) and says no with a ``journal.errors`` exception, never an HTTP
answer; the owner's rows change, a stranger's never do.
"""

import ast
import datetime
import uuid
from pathlib import Path

import pytest
from django.utils import timezone

from journal import services
from journal.errors import NeedsConfirmation, NotFound, Refused
from journal.meal_times import USUAL_MEAL_TIMES
from journal.models import (
    MAX_DAY_FACTORS,
    Cramp,
    DayFactor,
    DayFactorMark,
    DayStatus,
    Drink,
    Meal,
    MealItem,
    NightAnswer,
)
from tests.factories import (
    CatalogFoodFactory,
    CrampFactory,
    DrinkFactory,
    MealFactory,
    MealItemFactory,
)

JOURNAL = Path(services.__file__).parent


def _today():
    return timezone.localdate()


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
            found.update(f"{'.' * node.level}{node.module or ''}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize(
    "module", ["services.py", "errors.py", "meal_times.py", "plausible.py", "totals.py"]
)
def test_the_write_layer_imports_no_form_and_no_http(module):
    imports = _imports(JOURNAL / module)

    assert not {name for name in imports if "forms" in name.split(".")}, imports
    assert not {name for name in imports if name.startswith("django.http")}, imports


def test_no_view_writes_a_journal_model_itself():
    """Every write goes through journal.services: no view saves, creates or deletes a row."""
    root = JOURNAL.parent
    views = [*root.glob("*/views.py"), *root.glob("*/views/*.py")]
    writes = (".save(", ".create(", ".delete(", "update_or_create(", "get_or_create(")
    journal_views = [path for path in views if path.is_relative_to(JOURNAL)]
    assert journal_views
    for path in journal_views:
        text = path.read_text()
        assert not [write for write in writes if write in text], path


# --- Entries ----------------------------------------------------------------------------------


def test_an_entry_is_added_once_per_token_and_a_strangers_token_adds_the_owners(owner, stranger):
    token = uuid.uuid4()
    theirs = services.add_entry(stranger, Cramp(severity=4), token)

    first = services.add_entry(owner, Cramp(severity=6), token)
    again = services.add_entry(owner, Cramp(severity=6), token)

    assert theirs.created and first.created and not again.created
    assert again.row.pk == first.row.pk and first.row.user == owner
    assert Cramp.objects.filter(user=owner).count() == 1
    assert Cramp.objects.get(pk=theirs.row.pk).severity == 4


def test_a_drink_counts_the_minerals_of_its_kind_and_again_when_its_kind_changes(owner):
    drink = services.add_entry(owner, Drink(kind=Drink.Kind.COFFEE, volume_ml=250), None).row
    assert (drink.caffeinated, drink.alcoholic) == (True, False)

    drink.kind = Drink.Kind.ALCOHOL
    services.change_entry(drink, changed=["kind"])

    drink.refresh_from_db()
    assert (drink.caffeinated, drink.alcoholic) == (False, True)


def test_deleting_an_entry_keeps_what_undo_restores_and_only_for_its_owner(owner, stranger):
    cramp = CrampFactory(user=owner, severity=7)
    pk = cramp.pk

    saved = services.delete_entry("cramp", cramp)
    assert not Cramp.objects.filter(pk=pk).exists()
    with pytest.raises(NotFound):
        services.restore(stranger, saved)
    assert not Cramp.objects.filter(pk=pk).exists()

    assert services.restore(owner, saved) == cramp.local_date
    assert Cramp.objects.get(pk=pk).severity == 7


# --- Foods into meals ---------------------------------------------------------------------------


def test_a_food_for_a_past_day_starts_that_days_meal_at_its_usual_time(owner):
    food = CatalogFoodFactory(potassium_mg=400)
    day = _today() - datetime.timedelta(days=3)

    item = services.log_food(owner, food, 150, "150 g", Meal.Kind.DINNER, day=day).row

    started = timezone.localtime(item.meal.occurred_at)
    assert (started.date(), started.time()) == (day, USUAL_MEAL_TIMES[Meal.Kind.DINNER])
    assert item.meal.user == owner and item.potassium_mg == pytest.approx(600)
    second = services.log_food(owner, food, 50, "50 g", Meal.Kind.DINNER, day=day).row
    assert second.meal == item.meal  # the day's dinner, not a second one


def test_a_food_for_a_day_not_yet_come_is_refused_and_nothing_is_added(owner):
    tomorrow = _today() + datetime.timedelta(days=1)

    with pytest.raises(NotFound):
        services.log_food(owner, CatalogFoodFactory(), 100, "100 g", "lunch", day=tomorrow)

    assert not Meal.objects.filter(user=owner).exists()


def test_a_food_is_added_once_per_token(owner):
    food, token = CatalogFoodFactory(), uuid.uuid4()

    first = services.log_food(owner, food, 100, "100 g", "snack", token=token)
    again = services.log_food(owner, food, 100, "100 g", "snack", token=token)

    assert (first.created, again.created) == (True, False)
    assert MealItem.objects.filter(meal__user=owner).count() == 1


def test_a_changed_amount_rescales_the_items_own_nutrients(owner):
    item = MealItemFactory(meal=MealFactory(user=owner), grams=100, potassium_mg=300)

    services.change_amount(item, 250, "250 g")

    item.refresh_from_db()
    assert (item.grams, item.amount_label, item.potassium_mg) == (250, "250 g", 750)


def test_removing_a_meals_last_food_removes_the_meal_and_undo_brings_both_back(owner):
    meal = MealFactory(user=owner)
    item = MealItemFactory(meal=meal)
    meal_pk = meal.pk

    saved = services.remove_item(item)
    assert not Meal.objects.filter(pk=meal_pk).exists()

    services.restore(owner, saved)
    assert Meal.objects.get(pk=meal_pk).user == owner
    assert MealItem.objects.filter(meal_id=meal_pk, user=owner).count() == 1


# --- Days and nights ------------------------------------------------------------------------------


def test_a_day_is_marked_complete_for_its_owner_only(owner, stranger):
    yesterday = _today() - datetime.timedelta(days=1)

    services.set_day_complete(owner, yesterday, True)

    assert DayStatus.objects.get(user=owner, date=yesterday).food_log_complete
    assert not DayStatus.objects.filter(user=stranger).exists()
    services.set_day_complete(owner, yesterday, False)
    assert not DayStatus.objects.get(user=owner, date=yesterday).food_log_complete


@pytest.mark.parametrize("day", [datetime.date(1999, 12, 31), "tomorrow"])
def test_a_day_outside_the_journal_is_not_found(owner, day):
    day = _today() + datetime.timedelta(days=1) if day == "tomorrow" else day

    with pytest.raises(NotFound):
        services.set_day_complete(owner, day, True)

    assert not DayStatus.objects.exists()


def test_no_cramps_is_refused_for_a_night_with_a_cramp_and_taken_back(owner, stranger):
    night = _today() - datetime.timedelta(days=2)
    with_cramp = _today() - datetime.timedelta(days=3)
    CrampFactory(user=owner, occurred_at=_at(with_cramp + datetime.timedelta(days=1), 3))

    assert services.answer_no_cramps(owner, night) is True
    assert services.answer_no_cramps(owner, night) is False  # a repeat adds nothing
    with pytest.raises(Refused, match="A cramp is logged"):
        services.answer_no_cramps(owner, with_cramp)
    assert services.answer_no_cramps(stranger, with_cramp) is True  # the owner's cramp only

    assert services.take_back_no_cramps(owner, night) is True
    assert not NightAnswer.objects.filter(user=owner).exists()
    with pytest.raises(NotFound):
        services.answer_no_cramps(owner, _today())  # tonight has not ended


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


# --- Own factors -------------------------------------------------------------------------------


def test_a_factor_name_is_the_persons_once_in_any_case(owner, stranger):
    services.add_factor(stranger, "Slept badly")

    services.add_factor(owner, "Slept badly")
    with pytest.raises(Refused, match="already have"):
        services.add_factor(owner, "SLEPT BADLY")

    assert DayFactor.objects.filter(user=owner).count() == 1


def test_factors_stop_at_the_most_a_person_may_have(owner):
    for number in range(MAX_DAY_FACTORS):
        services.add_factor(owner, f"Factor {number}")

    with pytest.raises(Refused, match=f"up to {MAX_DAY_FACTORS}"):
        services.add_factor(owner, "One more")

    assert DayFactor.objects.filter(user=owner).count() == MAX_DAY_FACTORS


def test_a_factor_is_marked_once_unmarked_and_never_on_a_day_to_come(owner):
    factor = services.add_factor(owner, "Stood all day")
    day = _today()

    services.mark_factor(owner, factor, day, on=True)
    services.mark_factor(owner, factor, day, on=True)  # a double tap
    assert DayFactorMark.objects.filter(factor=factor, date=day).count() == 1

    services.mark_factor(owner, factor, day, on=False)
    assert not DayFactorMark.objects.filter(factor=factor).exists()
    with pytest.raises(NotFound):
        services.mark_factor(owner, factor, day + datetime.timedelta(days=1), on=True)
    assert not DayFactorMark.objects.filter(factor=factor).exists()


def test_deleting_a_factor_deletes_its_marks(owner):
    factor = services.add_factor(owner, "Hot day")
    services.mark_factor(owner, factor, _today(), on=True)

    services.delete_factor(factor)

    assert not DayFactor.objects.filter(user=owner).exists()
    assert not DayFactorMark.objects.filter(user=owner).exists()


def test_a_drinks_minerals_are_not_counted_again_when_only_its_time_changes(owner):
    drink = DrinkFactory(user=owner, kind=Drink.Kind.WATER, volume_ml=300)
    drink.potassium_mg = 12.0  # as a catalog food gave it

    services.change_entry(drink, changed=["occurred_at"])

    drink.refresh_from_db()
    assert drink.potassium_mg == 12.0  # not counted again: neither kind nor volume changed


# --- "Save anyway?": the services ask about an implausible amount, whoever calls them --------


def test_ninety_nine_bananas_are_asked_about_and_saved_only_once_confirmed(owner):
    banana = CatalogFoodFactory(name="Banana", potassium_mg=358)
    grams = 99 * 118.0

    with pytest.raises(NeedsConfirmation) as asked:
        services.log_food(owner, banana, grams, "99 × 1 medium", "snack")
    assert not MealItem.objects.filter(user=owner).exists()
    assert str(asked.value).startswith("99 × 1 medium banana is 11.7 kg and 41,")
    assert asked.value.amount == pytest.approx(grams)
    with pytest.raises(NeedsConfirmation):  # a confirmation of another amount is no answer
        services.log_food(owner, banana, grams, "99 × 1 medium", "snack", confirmed=grams / 2)

    saved = services.log_food(owner, banana, grams, "99 × 1 medium", "snack", confirmed=grams)

    assert saved.created and MealItem.objects.filter(user=owner).get().grams == grams


def test_a_usual_serving_is_saved_without_a_question(owner):
    banana = CatalogFoodFactory(name="Banana", potassium_mg=358)

    assert services.log_food(owner, banana, 118, "1 medium", "snack").created


def test_a_drink_of_more_than_two_litres_is_asked_about_when_added_and_when_changed(owner):
    with pytest.raises(NeedsConfirmation) as asked:
        services.add_entry(owner, Drink(occurred_at=timezone.now(), volume_ml=5000), None)
    assert str(asked.value) == "5,000 ml is a lot for one drink. Save anyway?"
    assert not Drink.objects.filter(user=owner).exists()
    drink = services.add_entry(
        owner, Drink(occurred_at=timezone.now(), volume_ml=5000), None, confirmed=5000
    ).row

    drink.volume_ml = 4000
    with pytest.raises(NeedsConfirmation):
        services.change_entry(drink, ["volume_ml"])
    drink.refresh_from_db()
    assert drink.volume_ml == 5000
    drink.occurred_at -= datetime.timedelta(hours=1)  # only the time: nothing to ask
    services.change_entry(drink, ["occurred_at"])


def test_a_changed_amount_past_the_targets_is_asked_about_and_the_item_kept(owner):
    item = MealItemFactory(meal=MealFactory(user=owner), food_name="Salt", grams=1, sodium_mg=390)

    with pytest.raises(NeedsConfirmation) as asked:
        services.change_amount(item, 100, "100 g")

    assert "39,000 mg sodium" in str(asked.value)
    item.refresh_from_db()
    assert (item.grams, item.sodium_mg) == (1, 390)
