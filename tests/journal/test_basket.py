"""A meal in one go: the basket on Add food, saved all or nothing (issue 24)."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from journal import services
from journal.errors import Refused
from journal.habits import usual_now
from journal.models import Meal, MealItem
from journal.services import BasketItem
from tests.factories import CatalogFoodFactory, MealFactory, MealItemFactory, PersonalFoodFactory

URL = reverse("journal:basket")
HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/journal/food/add/"}


@pytest.fixture
def foods(db):
    banana = CatalogFoodFactory(name="Banana", potassium_mg=358, magnesium_mg=27)
    banana.portions.create(label="1 medium", grams=118, is_default=True)
    egg = CatalogFoodFactory(name="Egg, raw", potassium_mg=138, magnesium_mg=12)
    egg.portions.create(label="1 large", grams=50, is_default=True)
    milk = CatalogFoodFactory(name="Milk, whole", potassium_mg=132, magnesium_mg=10, is_drink=True)
    milk.portions.create(label="1 cup", grams=244, is_default=True)
    return {"banana": banana, "egg": egg, "milk": milk}


def basket(foods_and_amounts, **extra):
    """The posted form of a basket: food, qty and unit per line, then the meal's fields."""
    data = {"food": [], "qty": [], "unit": []}
    for food, qty, unit in foods_and_amounts:
        data["food"].append(food.pk)
        data["qty"].append(str(qty))
        data["unit"].append(unit)
    return {"meal_kind": "breakfast", "prev_kind": "breakfast", **data, **extra}


def default(food):
    return f"portion-{food.default_portion.pk}"


def test_adding_foods_shows_their_minerals_adding_up(owner_client, foods):
    first = owner_client.post(URL, {**basket([]), "add": foods["banana"].pk}, headers=HTMX)
    lines = [(foods["banana"], 1, default(foods["banana"]))]
    second = owner_client.post(URL, {**basket(lines), "add": foods["milk"].pk}, headers=HTMX)

    assert first.status_code == 200 and "<html" not in first.content.decode()
    html = second.content.decode().replace("\xa0", " ")
    # 118 g banana (422.4 mg K, 31.9 mg Mg) and a cup of milk (322.1 mg K, 24.4 mg Mg, 244 ml)
    assert "Together:</strong> K 745 mg · Mg 56 mg" in html
    assert "fluid 244 ml" in html
    assert not Meal.objects.exists()


def test_quick_steps_set_half_one_or_two_portions(owner_client, foods):
    lines = [(foods["egg"], 1, default(foods["egg"]))]

    response = owner_client.post(URL, {**basket(lines), "step": "0:2.0"})

    (line,) = response.context["basket"].lines
    assert (line.qty, line.grams()) == (2.0, 100.0)
    assert line.label() == "2 × 1 large"


def test_grams_and_ounces_are_amounts_too(owner_client, owner, foods):
    lines = [(foods["banana"], 150, "g"), (foods["egg"], 2, "oz")]

    response = owner_client.post(URL, basket(lines))

    grams = [round(line.grams(), 1) for line in response.context["basket"].lines]
    assert grams == [150.0, 56.7]


def test_remove_takes_a_line_out(owner_client, foods):
    lines = [(foods["egg"], 1, default(foods["egg"])), (foods["banana"], 1, "g")]

    response = owner_client.post(URL, {**basket(lines), "remove": "0"})

    assert [line.food for line in response.context["basket"].lines] == [foods["banana"]]


def test_saving_logs_every_food_in_one_meal_at_the_time_chosen(owner_client, owner, foods):
    lines = [
        (foods["egg"], 2, default(foods["egg"])),
        (foods["banana"], 1, default(foods["banana"])),
    ]
    data = basket(lines, save="1", time="00:01", request_token=str(uuid.uuid4()))

    response = owner_client.post(URL, data, headers=HTMX)

    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("journal:today")
    meal = Meal.objects.get(user=owner)
    assert meal.kind == "breakfast"
    local = timezone.localtime(meal.occurred_at, ZoneInfo("Europe/London"))
    assert (local.hour, local.minute) == (0, 1)
    items = sorted((i.food_name, i.amount_label, i.grams) for i in meal.items.all())
    assert items == [("Banana", "1 medium", 118.0), ("Egg, raw", "2 × 1 large", 100.0)]


def test_saving_twice_with_one_token_logs_once(owner_client, owner, foods):
    data = basket([(foods["egg"], 1, "g")], save="1", request_token=str(uuid.uuid4()))

    owner_client.post(URL, data)
    owner_client.post(URL, data)

    assert MealItem.objects.filter(user=owner).count() == 1


def test_a_basket_with_a_wrong_amount_saves_nothing(owner_client, owner, foods):
    lines = [(foods["egg"], 1, "g"), (foods["banana"], "lots", "g")]

    response = owner_client.post(URL, basket(lines, save="1"), headers=HTMX)

    assert response.status_code == 422
    assert "Enter an amount" in response.content.decode()
    assert not Meal.objects.exists()


def test_an_empty_basket_says_so(owner_client, owner, foods):
    response = owner_client.post(URL, basket([], save="1"))

    assert response.status_code == 422
    assert "Add at least one food" in response.content.decode()


def test_a_failure_mid_save_leaves_nothing(owner, foods, monkeypatch):
    saved = []
    original = MealItem.save

    def fail_on_second(item, *args, **kwargs):
        if saved:
            raise RuntimeError("the database went away")
        saved.append(item)
        original(item, *args, **kwargs)

    monkeypatch.setattr(MealItem, "save", fail_on_second)
    items = [BasketItem(foods["egg"], 50, "1 large"), BasketItem(foods["banana"], 118, "1 medium")]

    with pytest.raises(RuntimeError):
        services.log_meal(owner, items, "breakfast", token=uuid.uuid4())

    assert saved  # the first item was written before the failure
    assert not Meal.objects.exists()
    assert not MealItem.objects.exists()


def test_the_service_refuses_an_empty_meal_and_a_time_to_come(owner, foods):
    with pytest.raises(Refused):
        services.log_meal(owner, [], "lunch")
    later = (timezone.localtime() + datetime.timedelta(hours=2)).time()
    if later > timezone.localtime().time():  # not past midnight
        with pytest.raises(Refused):
            services.log_meal(owner, [BasketItem(foods["egg"], 50, "1 large")], "lunch", at=later)
    assert not Meal.objects.exists()


def test_foods_join_the_days_meal_of_that_kind(owner, foods):
    first = services.log_meal(owner, [BasketItem(foods["egg"], 50, "1 large")], "lunch")
    second = services.log_meal(owner, [BasketItem(foods["banana"], 118, "1 medium")], "lunch")

    assert first.row == second.row
    assert first.row.items.count() == 2


def test_a_strangers_food_never_gets_into_the_basket(owner_client, stranger, foods):
    secret = PersonalFoodFactory(owner=stranger, name="Secret stew")

    added = owner_client.post(URL, {**basket([]), "add": secret.pk})
    saved = owner_client.post(URL, basket([(secret, 100, "g")], save="1"))

    assert added.context["basket"].lines == []
    assert saved.status_code == 422
    assert not Meal.objects.exists()


def test_typed_words_fill_the_basket_and_say_what_was_not_found(owner_client, foods):
    data = basket([], parse="1", text="2 eggs, half a banana and a glass of milk, 3 xqzzyv")

    response = owner_client.post(URL, data)

    current = response.context["basket"]
    assert [(line.food.name, line.grams()) for line in current.lines] == [
        ("Egg, raw", 100.0),
        ("Banana", 59.0),
        ("Milk, whole", 244.0),
    ]
    assert current.unmatched == ["3 xqzzyv"]
    html = response.content.decode()
    assert "Not found, so not added" in html and "3 xqzzyv" in html
    assert response.context["basket_form"]["text"].value() == ""


def test_a_new_meal_kind_brings_its_usual_time(owner_client, foods):
    data = basket([(foods["egg"], 1, "g")], meal_kind="dinner", prev_kind="breakfast")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    data["day"] = yesterday.isoformat()

    response = owner_client.post(URL, data)

    assert response.context["basket_form"]["time"].value() == "19:00"


def test_add_food_page_has_the_basket_the_typed_box_and_a_place_for_recipes(owner_client):
    response = owner_client.get(reverse("journal:add_food"))

    html = response.content.decode()
    assert 'id="basket"' in html
    assert "Type your meal" in html


def test_the_usual_foods_at_this_hour_are_offered_one_tap_each(owner_client, owner, foods):
    now = timezone.now()
    for days_ago in (1, 2, 3):
        meal = MealFactory(user=owner, occurred_at=now - datetime.timedelta(days=days_ago))
        MealItemFactory(meal=meal, food=foods["banana"], food_name="Banana")
    other = MealFactory(user=owner, occurred_at=now - datetime.timedelta(days=1, hours=6))
    MealItemFactory(meal=other, food=foods["egg"], food_name="Egg, raw")

    usual = usual_now(owner)
    page = owner_client.get(reverse("journal:add_food")).content.decode()

    assert [item.food_name for item in usual.items] == ["Banana"]
    assert f"Now is {usual.kind} time" in page
    assert reverse("journal:add_again", args=[usual.items[0].pk]) in page


def test_log_this_on_a_foods_page_carries_the_calculators_amount(owner_client, foods):
    banana = foods["banana"]
    page = owner_client.get(
        reverse("foods:detail", args=[banana.pk]), {"quantity": "2", "unit": default(banana)}
    )

    link = f"?food={banana.pk}&amp;quantity=2.0&amp;unit={default(banana)}"
    assert link in page.content.decode()
    form = owner_client.get(
        reverse("journal:add_food"), {"food": banana.pk, "quantity": "2.0", "unit": default(banana)}
    ).context["form"]
    assert (form["quantity"].value(), form["unit"].value()) == ("2.0", default(banana))


def test_a_us_customary_person_reads_drinks_in_fl_oz_in_the_history(owner_client, owner):
    from tests.factories import DrinkFactory

    owner.profile.units = "us"
    owner.profile.save()
    DrinkFactory(user=owner, kind="water", volume_ml=237)

    html = owner_client.get(reverse("journal:history")).content.decode()

    assert "8 fl oz water" in html
    assert "237 ml" not in html


def test_a_food_gone_from_the_catalog_since_stops_the_save(owner_client, owner, foods):
    lines = [(foods["egg"], 1, "g"), (foods["banana"], 1, "g")]
    foods["banana"].active = False
    foods["banana"].save()

    response = owner_client.post(URL, basket(lines, save="1"))

    assert response.status_code == 422
    assert "no longer in the catalog" in response.content.decode()
    assert not Meal.objects.exists()


def test_a_food_with_unknown_potassium_makes_the_total_a_lower_bound(owner_client, foods):
    mystery = CatalogFoodFactory(name="Mystery broth", potassium_mg=None, magnesium_mg=5)
    lines = [(foods["egg"], 50, "g"), (mystery, 100, "g")]

    html = owner_client.post(URL, basket(lines)).content.decode().replace("\xa0", " ")

    assert "K at least 69 mg" in html
    assert "K unknown · Mg 5 mg" in html


def test_a_us_customary_person_reads_fl_oz_when_deleting_a_drink(owner_client, owner):
    from tests.factories import DrinkFactory

    owner.profile.units = "us"
    owner.profile.save()
    drink = DrinkFactory(user=owner, kind="water", volume_ml=237)
    url = reverse("journal:delete", args=["drink", drink.pk])

    asked = owner_client.get(url).content.decode()
    owner_client.post(url)
    today = owner_client.get(reverse("journal:today")).content.decode()

    assert "8 fl oz water, logged for" in asked
    assert "Deleted: 8 fl oz water." in today
    assert "237 ml" not in asked + today


def test_add_food_search_shows_more_past_twenty_and_offers_your_own_food(owner_client):
    for n in range(25):
        CatalogFoodFactory(name=f"Plum variety {n}")
    url = reverse("journal:add_food")

    first = owner_client.get(url, {"q": "plum"}).content.decode()
    more = owner_client.get(
        url, {"q": "plum", "page": 2}, headers={"HX-Request": "true", "HX-Target": "more-results"}
    ).content.decode()
    nothing = owner_client.get(url, {"q": "xqzzyv stew"}).content.decode()

    assert first.count("food-list__item--pick") == 20 and "Show more" in first
    assert more.count("food-list__item--pick") == 5 and "<html" not in more
    assert f"{reverse('foods:create')}?name=xqzzyv%20stew" in nothing
