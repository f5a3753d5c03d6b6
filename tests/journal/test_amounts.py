"""Issue 14: a logged amount changed in place, implausible amounts confirmed first, US
customary units in the journal, and form messages in plain words."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.models import Drink, Meal, MealItem
from journal.totals import day_totals
from tests.factories import (
    CatalogFoodFactory,
    DrinkFactory,
    MealFactory,
    MealItemFactory,
    UserFactory,
)

HTMX = {"HX-Request": "true"}


@pytest.fixture
def banana(db):
    food = CatalogFoodFactory(name="Banana", featured=True, potassium_mg=358, magnesium_mg=27)
    food.portions.create(label="1 medium", grams=118, is_default=True)
    return food


@pytest.fixture
def us_person(db):
    return UserFactory(profile={"time_zone": "America/New_York", "units": "us"})


@pytest.fixture
def us_client(client, us_person):
    client.force_login(us_person)
    return client


def _item(owner, food=None, **values):
    meal = MealFactory(user=owner, kind=Meal.Kind.LUNCH)
    return MealItemFactory(meal=meal, food=food, **values)


def _portion_key(food):
    return f"portion-{food.portions.get().pk}"


# --- Changing an amount in place ---------------------------------------------------------


def test_changing_an_amount_rescales_the_items_own_nutrients(owner_client, owner, banana):
    item = _item(owner, banana)
    # A catalog correction since logging is not mixed into the item: its own values scale.
    banana.potassium_mg = 1
    banana.save()

    response = owner_client.post(
        reverse("journal:change_amount", args=[item.pk]),
        {"quantity": "2", "unit": _portion_key(banana)},
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.amount_label, item.grams) == ("2 × 1 medium", 236)
    assert item.potassium_mg == pytest.approx(2 * 422.44)
    assert item.magnesium_mg == pytest.approx(2 * 31.86)
    assert MealItem.objects.count() == 1


def test_an_unknown_nutrient_stays_unknown_when_the_amount_changes(owner_client, owner):
    item = _item(owner, None, calcium_mg=None)

    owner_client.post(
        reverse("journal:change_amount", args=[item.pk]), {"quantity": "59", "unit": "g"}
    )

    item.refresh_from_db()
    assert item.calcium_mg is None
    assert item.potassium_mg == pytest.approx(422.44 / 2)
    assert item.amount_label == "59 g"


def test_the_change_form_starts_from_the_logged_amount(owner_client, owner, banana):
    item = _item(owner, banana, amount_label="3 × 1 medium", grams=354)

    form = owner_client.get(reverse("journal:change_amount", args=[item.pk])).context["form"]

    assert form.initial == {"quantity": 3.0, "unit": _portion_key(banana)}


def test_a_change_from_the_day_page_answers_with_new_totals(owner_client, owner, banana):
    item = _item(owner, banana)
    today = reverse("journal:today")

    response = owner_client.post(
        reverse("journal:change_amount", args=[item.pk]),
        {"quantity": "2", "unit": _portion_key(banana)},
        headers={**HTMX, "HX-Current-URL": "http://testserver" + today, "HX-Target": "x"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="day-totals" data-hx-swap-oob="true"' in page
    assert 'id="day-entries" data-hx-swap-oob="true"' in page
    assert "2 × 1 medium" in page
    assert "Banana: 2 × 1 medium." in page
    potassium = day_totals(owner, timezone.localdate()).minerals["potassium"]
    assert potassium == pytest.approx(2 * 422.44)


def test_a_bad_amount_changes_nothing_and_says_what_to_enter(owner_client, owner, banana):
    item = _item(owner, banana)
    before = MealItem.objects.filter(pk=item.pk).values().get()

    for sent in ("", "abc"):
        response = owner_client.post(
            reverse("journal:change_amount", args=[item.pk]),
            {"quantity": sent, "unit": "g"},
            headers=HTMX,
        )
        assert response.status_code == 422
        assert response.context["form"].errors["quantity"] == ["Enter a number, like 1.5."]

    assert MealItem.objects.filter(pk=item.pk).values().get() == before


def test_another_persons_item_cannot_be_changed(stranger_client, owner):
    item = _item(owner)

    response = stranger_client.post(
        reverse("journal:change_amount", args=[item.pk]), {"quantity": "1", "unit": "g"}
    )

    assert response.status_code == 404
    item.refresh_from_db()
    assert item.grams == 118


def test_the_day_page_offers_change_amount_for_each_item(owner_client, owner):
    item = _item(owner)

    page = owner_client.get(reverse("journal:today")).content.decode()

    assert reverse("journal:change_amount", args=[item.pk]) in page
    assert "Change amount" in page


# --- Implausible amounts ask first ---------------------------------------------------------


def _add(client, food, quantity, unit, **extra):
    data = {"food": food.pk, "quantity": str(quantity), "unit": unit, "meal_kind": "lunch"}
    return client.post(reverse("journal:add_food"), {**data, **extra})


def test_thirty_bananas_ask_before_they_are_saved(owner_client, owner, banana):
    token = str(uuid.uuid4())

    asked = _add(owner_client, banana, 30, _portion_key(banana), request_token=token)

    assert asked.status_code == 422
    assert not MealItem.objects.exists()
    question = asked.context["form"].confirm_question
    assert question == (
        "30 × 1 medium banana is 3.5 kg and 12,673 mg potassium, about 4 times your day's "
        "target. Save anyway?"
    )
    page = asked.content.decode()
    assert "Save anyway" in page
    assert f'value="{token}"' in page  # the same token, so that the confirmed retry is one
    assert 'name="confirmed" value="3540.0"' in page

    for _ in range(2):  # a double tap on "Save anyway"
        saved = _add(
            owner_client, banana, 30, _portion_key(banana), request_token=token, confirmed="3540.0"
        )
        assert saved.status_code == 302
    assert MealItem.objects.get().grams == 3540


def test_a_confirmation_is_for_the_amount_asked_about(owner_client, owner, banana):
    response = _add(owner_client, banana, 40, _portion_key(banana), confirmed="3540.0")

    assert response.status_code == 422
    assert "40 × 1 medium banana is 4.7 kg" in response.context["form"].confirm_question
    assert not MealItem.objects.exists()


def test_a_weight_past_one_items_limit_is_refused(owner_client, owner, banana):
    response = _add(owner_client, banana, 99, _portion_key(banana), confirmed="11682")

    assert response.status_code == 422
    assert response.context["form"].errors["quantity"] == [
        "One food can be at most 5 kg at a time; add the rest as another."
    ]
    assert not MealItem.objects.exists()


def test_a_plausible_amount_is_saved_at_once(owner_client, owner, banana):
    assert _add(owner_client, banana, 2, _portion_key(banana)).status_code == 302
    assert MealItem.objects.count() == 1


def test_a_heavy_food_with_few_minerals_asks_too(owner_client, owner):
    watery = CatalogFoodFactory(name="Watermelon", potassium_mg=10, magnesium_mg=1,
                                calcium_mg=1, sodium_mg=1)  # fmt: skip

    response = _add(owner_client, watery, 2500, "g")

    assert response.context["form"].confirm_question == (
        "2500 g watermelon is 2.5 kg, more than a large meal. Save anyway?"
    )


def test_changing_to_an_implausible_amount_asks_first(owner_client, owner, banana):
    item = _item(owner, banana)
    url = reverse("journal:change_amount", args=[item.pk])
    data = {"quantity": "25", "unit": _portion_key(banana)}

    asked = owner_client.post(url, data)
    item.refresh_from_db()
    assert asked.status_code == 422
    assert "about 3 times your day's target" in asked.context["form"].confirm_question
    assert item.grams == 118

    owner_client.post(url, {**data, "confirmed": "2950"})
    item.refresh_from_db()
    assert item.grams == 2950


def test_a_drink_over_two_litres_asks_first(owner_client, owner):
    data = {"kind": "water", "volume_ml": "2500", "request_token": str(uuid.uuid4())}

    asked = owner_client.post(reverse("journal:create", args=["drink"]), data)
    assert asked.status_code == 422
    assert asked.context["form"].confirm_question == (
        "2,500 ml is a lot for one drink. Save anyway?"
    )
    assert not Drink.objects.exists()

    owner_client.post(reverse("journal:create", args=["drink"]), {**data, "confirmed": "2500"})
    assert Drink.objects.get().volume_ml == 2500


def test_editing_only_the_time_of_a_large_drink_asks_nothing(owner_client, owner):
    drink = DrinkFactory(user=owner, volume_ml=3000)

    response = owner_client.post(
        reverse("journal:edit", args=["drink", drink.pk]),
        {"kind": "water", "volume_ml": "3000", "occurred_at": ""},
    )

    assert response.status_code == 302


def test_a_drinks_volume_can_be_changed(owner_client, owner):
    drink = DrinkFactory(user=owner, volume_ml=250)

    response = owner_client.post(
        reverse("journal:edit", args=["drink", drink.pk]),
        {"kind": "water", "volume_ml": "400", "occurred_at": ""},
    )

    assert response.status_code == 302
    drink.refresh_from_db()
    assert drink.volume_ml == 400


# --- US customary units ----------------------------------------------------------------------


def test_quick_water_is_in_fl_oz_and_stored_in_ml(us_client, us_person):
    page = us_client.get(reverse("journal:today")).content.decode()
    assert "+8 fl oz water" in page
    assert "+16 fl oz water" in page
    assert 'name="volume_ml" value="237"' in page

    response = us_client.post(
        reverse("journal:quick_drink"),
        {"request_token": str(uuid.uuid4()), "kind": "water", "volume_ml": "237"},
        headers=HTMX,
    )

    assert "8 fl oz water added." in response.content.decode()
    assert Drink.objects.get().volume_ml == 237


def test_us_totals_and_entries_show_fl_oz(us_client, us_person):
    DrinkFactory(user=us_person, volume_ml=355)

    page = us_client.get(reverse("journal:today")).content.decode()

    assert "12 of 101 fl oz" in page  # fluid, against 3,000 ml
    assert "Water</strong>, 12 fl oz" in page
    assert " ml" not in page.replace("html", "")


def test_metric_totals_show_ml(owner_client, owner):
    DrinkFactory(user=owner, volume_ml=355)

    page = owner_client.get(reverse("journal:today")).content.decode()

    assert "355 of 3,000 ml" in page
    assert "+250 ml water" in page


def test_the_us_drink_form_takes_fl_oz(us_client, us_person):
    form = us_client.get(reverse("journal:create", args=["drink"])).context["form"]
    assert form["volume_ml"].label == "How much (fl oz)"

    us_client.post(
        reverse("journal:create", args=["drink"]),
        {"kind": "water", "volume_ml": "12", "request_token": str(uuid.uuid4())},
    )

    drink = Drink.objects.get()
    assert drink.volume_ml == 355
    edit = us_client.get(reverse("journal:edit", args=["drink", drink.pk]))
    assert 'value="12"' in edit.content.decode()


def test_an_out_of_range_drink_says_the_range_in_fl_oz(us_client, us_person):
    data = {"kind": "water", "volume_ml": "500"}

    response = us_client.post(reverse("journal:create", args=["drink"]), data)

    assert response.context["form"].errors["volume_ml"] == ["Enter a number from 0.1 to 169 fl oz."]
    assert not Drink.objects.exists()


def test_an_out_of_range_drink_says_the_range_in_ml(owner_client, owner):
    data = {"kind": "water", "volume_ml": "9000"}

    response = owner_client.post(reverse("journal:create", args=["drink"]), data)

    assert response.context["form"].errors["volume_ml"] == ["Enter a number from 1 to 5,000 ml."]
    assert not Drink.objects.exists()


def test_us_food_amounts_offer_ounces_first(us_client, us_person, banana):
    item = _item(us_person, None, amount_label="150 g", grams=150)

    form = us_client.get(reverse("journal:change_amount", args=[item.pk])).context["form"]

    assert form.initial == {"quantity": 5.3, "unit": "oz"}
    assert form.fields["unit"].choices[0] == ("oz", "ounces")


# --- Form rough edges ------------------------------------------------------------------------


def test_the_exercise_form_has_no_empty_choice_and_says_what_is_missing(owner_client, owner):
    page = owner_client.get(reverse("journal:create", args=["exercise"])).content.decode()
    assert "---------" not in page

    response = owner_client.post(
        reverse("journal:create", args=["exercise"]),
        {"activity": "", "duration_minutes": "abc"},
    )

    errors = response.context["form"].errors
    assert errors["intensity"] == ["Choose how hard it was."]
    assert errors["sweat"] == ["Choose how much you sweated."]
    assert errors["activity"] == ["Say what you did, like walking."]
    assert errors["duration_minutes"] == ["Enter a whole number, like 30."]


def test_exercise_minutes_out_of_range_say_the_range(owner_client, owner):
    response = owner_client.post(
        reverse("journal:create", args=["exercise"]),
        {"activity": "walking", "duration_minutes": "5000", "intensity": "light", "sweat": "some"},
    )

    assert response.context["form"].errors["duration_minutes"] == [
        "Enter a number from 1 to 1,440 minutes."
    ]


def test_the_meal_form_has_no_empty_choice(owner_client, owner):
    meal = MealFactory(user=owner, kind=Meal.Kind.DINNER)

    page = owner_client.get(reverse("journal:edit", args=["meal", meal.pk])).content.decode()

    assert "---------" not in page
    assert page.count(" checked") == 1
    assert 'value="dinner"' in page.split(" checked")[0].rsplit("<input", 1)[1]


def test_a_new_meal_form_starts_on_the_meal_of_this_time_of_day(owner):
    from journal.forms import MealForm, default_meal_kind

    form = MealForm()

    assert form.initial["kind"] == default_meal_kind(timezone.now())
    assert "" not in [value for value, _ in form.fields["kind"].choices]


def test_an_amount_typed_as_letters_says_enter_a_number(owner_client, owner, banana):
    response = _add(owner_client, banana, "abc", "g")

    assert response.context["form"].errors["quantity"] == ["Enter a number, like 1.5."]
    big = _add(owner_client, banana, "20000", "g")
    assert big.context["form"].errors["quantity"] == ["Enter a number from 0.01 to 10,000."]


def test_a_supplements_mg_out_of_range_says_the_range_in_mg(owner_client, owner):
    response = owner_client.post(
        reverse("journal:create", args=["supplement"]),
        {"name": "Magnesium citrate", "mineral": "magnesium", "mineral_mg": "9000"},
    )

    assert response.context["form"].errors["mineral_mg"] == ["Enter a number from 0 to 5,000 mg."]
