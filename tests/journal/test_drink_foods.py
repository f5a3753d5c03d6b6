"""Foods that are drinks count their volume as fluid, like the same drink logged as a drink.

Coconut water picked from the catalog as a food (250 g) and logged through "Another drink"
(250 ml) give the same fluid and the same minerals: both come from the one catalog food,
USDA 12119, and both take 1 g as 1 ml. Checked through the real views, on Today's page and
in the report.
"""

import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from foods.models import Food
from foods.nutrients import MINERALS
from journal import quick
from journal.intake import intake_on
from journal.models import DayStatus, Meal, MealItem
from journal.services import log_again, repeat_meal
from reports.series import daily_series
from tests.factories import CatalogFoodFactory, MealFactory, MealItemFactory, UserFactory

COCONUT_WATER = "12119"


@pytest.fixture(autouse=True)
def _fresh_drink_food_ids():
    # journal.quick remembers the catalog ids of the drink foods; each module loads its own.
    quick._food_ids.clear()
    yield
    quick._food_ids.clear()


@pytest.fixture
def coconut_water(sample_catalog, db):
    return Food.objects.get(source=Food.Source.USDA_SR28, source_id=COCONUT_WATER)


def token():
    return str(uuid.uuid4())


def add_food(client, food, grams, day=None):
    data = {
        "food": food.pk,
        "quantity": str(grams),
        "unit": "g",
        "meal_kind": "snack",
        "request_token": token(),
    }
    if day:
        data["day"] = day.isoformat()
    response = client.post(reverse("journal:add_food"), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def add_drink(client, kind, ml):
    response = client.post(
        reverse("journal:create", args=["drink"]),
        {"kind": kind, "volume_ml": str(ml), "request_token": token()},
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def fluid_on_page(client, day) -> str:
    """The Fluid bar's value as Today's page shows it ("250 of 2,200 ml")."""
    html = client.get(reverse("journal:day", args=[day])).content.decode()
    match = re.search(
        r'<span class="bar__label"[^>]*>Fluid</span>.*?<span class="bar__value">([^<]*)</span>',
        html,
        flags=re.DOTALL,
    )
    assert match, "no Fluid bar on the page"
    return " ".join(match.group(1).split())


def test_the_import_marks_coconut_water_milk_and_juice_as_drinks(coconut_water):
    catalog = Food.objects.catalog()
    assert coconut_water.is_drink
    for source_id in ("01077", "09206", "14429", "14209", "14460"):  # milk, OJ, water...
        assert catalog.get(source_id=source_id).is_drink, source_id
    for source_id in ("09040", "01116", "12061"):  # banana, yogurt, almonds
        assert not catalog.get(source_id=source_id).is_drink, source_id


def test_coconut_water_as_a_food_and_as_a_drink_give_equal_fluid_and_minerals(
    client, coconut_water
):
    as_food, as_drink = UserFactory(), UserFactory()
    today = timezone.localdate()

    client.force_login(as_food)
    add_food(client, coconut_water, 250)
    food_page = fluid_on_page(client, today)
    client.force_login(as_drink)
    add_drink(client, "coconut_water", 250)
    drink_page = fluid_on_page(client, today)

    # Today, through the real view: the same fluid bar.
    assert food_page == drink_page
    assert food_page.startswith("250 of ")
    # The day's sums: the same fluid and minerals (the same catalog food, 1 g as 1 ml).
    food_day, drink_day = intake_on(as_food, today), intake_on(as_drink, today)
    assert food_day.fluid_ml == drink_day.fluid_ml == 250
    for name in MINERALS:
        assert food_day.minerals[name] == pytest.approx(drink_day.minerals[name]), name
    assert food_day.minerals["potassium"] == pytest.approx(250 * 2.5)  # 250 mg per 100 g
    # The report's series, once each day is marked complete.
    for person in (as_food, as_drink):
        DayStatus.objects.create(user=person, date=today, food_log_complete=True)
    food_series = daily_series(as_food, today, today).days[0]
    drink_series = daily_series(as_drink, today, today).days[0]
    assert food_series.fluid == drink_series.fluid == 250.0
    for name in MINERALS:
        assert getattr(food_series, name) == pytest.approx(getattr(drink_series, name)), name


def test_the_reports_fluid_row_is_the_same_for_the_food_and_the_drink(client, coconut_water):
    as_food, as_drink = UserFactory(), UserFactory()
    today = timezone.localdate()
    pages = []
    for person, log in (
        (as_food, lambda: add_food(client, coconut_water, 250)),
        (as_drink, lambda: add_drink(client, "coconut_water", 250)),
    ):
        client.force_login(person)
        log()
        DayStatus.objects.create(user=person, date=today, food_log_complete=True)
        response = client.get(reverse("reports:index"))
        assert response.status_code == 200
        fluid = next(row for row in response.context["report"].intake if row.nutrient == "fluid")
        pages.append((fluid.complete_days, fluid.mean))

    assert pages[0] == pages[1] == (1, 250.0)


def test_an_eaten_food_adds_no_fluid(client, sample_catalog, db):
    person = UserFactory()
    client.force_login(person)
    banana = Food.objects.get(source=Food.Source.USDA_SR28, source_id="09040")

    add_food(client, banana, 118)

    item = MealItem.objects.get(meal__user=person)
    assert item.fluid_ml is None
    assert intake_on(person, timezone.localdate()).fluid_ml == 0


def test_a_drink_foods_fluid_is_kept_when_the_catalog_changes(client, coconut_water):
    person = UserFactory()
    client.force_login(person)
    add_food(client, coconut_water, 330)

    coconut_water.is_drink = False
    coconut_water.save()

    assert MealItem.objects.get(meal__user=person).fluid_ml == 330
    assert intake_on(person, timezone.localdate()).fluid_ml == 330


def test_fluid_goes_to_the_past_day_the_food_was_added_to(client, coconut_water):
    person = UserFactory()
    client.force_login(person)
    yesterday = timezone.localdate() - timedelta(days=1)

    add_food(client, coconut_water, 200, day=yesterday)

    assert intake_on(person, yesterday).fluid_ml == 200
    assert intake_on(person, timezone.localdate()).fluid_ml == 0


def test_again_and_repeat_carry_the_fluid(db):
    person = UserFactory()
    juice = CatalogFoodFactory(name="Juice", is_drink=True, potassium_mg=200)
    meal = MealFactory(user=person, occurred_at=timezone.now() - timedelta(days=2))
    item = MealItemFactory(meal=meal, food=juice, food_name="Juice", grams=300, fluid_ml=300)
    gone = MealItemFactory(meal=meal, food=None, food_name="Old juice", grams=150, fluid_ml=150)

    log_again(person, item, uuid.uuid4())
    log_again(person, gone, uuid.uuid4())
    repeat_meal(person, meal, uuid.uuid4())

    today = timezone.localdate()
    assert intake_on(person, today).fluid_ml == 300 + 150 + 300 + 150
    assert Meal.objects.filter(user=person, local_date=today).count() == 2


def test_a_private_food_is_not_a_drink_unless_marked(client, db):
    person = UserFactory()
    client.force_login(person)
    shake = Food.objects.create(
        name="Home shake", owner=person, source=Food.Source.PERSONAL, potassium_mg=100
    )

    add_food(client, shake, 300)

    assert MealItem.objects.get(meal__user=person).fluid_ml is None
    assert intake_on(person, timezone.localdate()).fluid_ml == 0


def test_every_food_a_drink_kind_counts_as_is_a_drink_food(coconut_water):
    # The drink form's kinds and the catalog agree: a kind's food logged as a food counts too.
    for kind, source_id in quick.DRINK_FOODS.items():
        food = Food.objects.catalog().get(source=Food.Source.USDA_SR28, source_id=source_id)
        assert food.is_drink, (kind, food.name)
        assert quick.drink_food(kind) == food
