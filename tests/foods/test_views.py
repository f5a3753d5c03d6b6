import pytest
from django.urls import reverse

from foods.models import Food, Portion
from tests.factories import CatalogFoodFactory, PersonalFoodFactory


@pytest.fixture
def banana(db):
    food = CatalogFoodFactory(name="Banana", featured=True, potassium_mg=358, magnesium_mg=27)
    food.portions.create(label="1 medium", grams=118, is_default=True)
    return food


def test_search_page_lists_matches_with_their_default_portion(owner_client, banana):
    response = owner_client.get(reverse("foods:search"), {"q": "Bananas"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert "Banana" in html
    assert "1 medium" in html
    assert "HX-Request" in response["Vary"]


def test_search_answers_htmx_with_the_results_fragment_only(owner_client, banana):
    response = owner_client.get(
        reverse("foods:search"), {"q": "banana"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="food-results"')
    assert "<html" not in html
    assert reverse("foods:detail", args=[banana.pk]) in html


@pytest.mark.parametrize("matches", [1, 30])
def test_search_runs_a_fixed_number_of_queries(
    owner_client, banana, django_assert_num_queries, matches
):
    for n in range(matches):
        CatalogFoodFactory(name=f"Banana variety {n}").portions.create(
            label="1", grams=100, is_default=True
        )
    # session, user with profile, the matching rows to rank (through the word index, with
    # favourites), and the page of foods with their default portions
    with django_assert_num_queries(4):
        owner_client.get(reverse("foods:search"), {"q": "banana"})


def test_search_refuses_an_overlong_query_with_a_message(owner_client, banana):
    response = owner_client.get(reverse("foods:search"), {"q": "banana " * 30})

    assert response.status_code == 200
    assert "at most 100 characters" in response.content.decode()


def test_food_page_shows_minerals_per_100_g_and_per_portion(owner_client, banana):
    response = owner_client.get(reverse("foods:detail", args=[banana.pk]))

    potassium = response.context["nutrient_rows"][0]
    assert (potassium["label"], potassium["per_100g"], potassium["per_default"]) == (
        "Potassium",
        358,
        422,
    )
    assert "Per 1 medium (118&nbsp;g)" in response.content.decode()


def test_inactive_catalog_food_is_not_found(owner_client, banana):
    Food.objects.filter(pk=banana.pk).update(active=False)

    assert owner_client.get(reverse("foods:detail", args=[banana.pk])).status_code == 404


def test_it_adds_a_private_food_from_a_label_per_serving(owner_client, owner):
    response = owner_client.post(
        reverse("foods:create"),
        {
            "name": "Lemon electrolyte drink",
            "food_group": "Sports drinks",
            "basis_grams": "500",
            "potassium_mg": "150",
            "sodium_mg": "400",
            "portion_label": "1 bottle",
        },
    )

    food = Food.objects.get(owner=owner)
    assert response.status_code == 302
    assert food.source == Food.Source.PERSONAL
    assert food.potassium_mg == pytest.approx(30)  # 150 mg per 500 g is 30 per 100 g
    assert food.sodium_mg == pytest.approx(80)
    assert food.magnesium_mg is None
    portion = food.portions.get()
    assert (portion.label, portion.grams, portion.is_default) == ("1 bottle", 500, True)
    assert food.nutrients_for(500).potassium == pytest.approx(150)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"potassium_mg": "-5"}, "potassium_mg", "Enter zero or more."),
        ({"potassium_mg": "20000", "basis_grams": "100"}, "potassium_mg", "less than or equal"),
        ({"basis_grams": "0"}, "basis_grams", "greater than or equal to 0.1"),
        ({"potassium_mg": "lots"}, "potassium_mg", "Enter a number."),
        ({"potassium_mg": "", "sodium_mg": ""}, "__all__", "at least one of potassium"),
    ],
)
def test_it_rejects_a_bad_private_food_and_saves_nothing(owner_client, owner, data, field, message):
    form_data = {"name": "Drink", "basis_grams": "100", "potassium_mg": "10", **data}

    response = owner_client.post(reverse("foods:create"), form_data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Food.objects.owned_by(owner).exists()


def test_the_owner_edits_and_deletes_their_food(owner_client, owner):
    food = PersonalFoodFactory(owner=owner, name="Soup")

    owner_client.post(
        reverse("foods:edit", args=[food.pk]),
        {"name": "Lentil soup", "basis_grams": "100", "potassium_mg": "369"},
    )
    food.refresh_from_db()
    assert (food.name, food.potassium_mg, food.search_name) == ("Lentil soup", 369, " lentil soup")

    owner_client.post(reverse("foods:delete", args=[food.pk]))
    assert not Food.objects.filter(pk=food.pk).exists()
    assert not Portion.objects.filter(food_id=food.pk).exists()


def test_catalog_foods_cannot_be_edited_or_deleted_from_the_site(owner_client, banana):
    for name in ("foods:edit", "foods:delete"):
        assert owner_client.post(reverse(name, args=[banana.pk])).status_code == 404
    assert Food.objects.filter(pk=banana.pk, name="Banana").exists()


def test_a_private_food_is_invisible_to_another_user(stranger_client, owner):
    food = PersonalFoodFactory(owner=owner, name="Grandma's tonic")

    assert stranger_client.get(reverse("foods:detail", args=[food.pk])).status_code == 404
    mine = stranger_client.get(reverse("foods:mine")).content.decode()
    found = stranger_client.get(reverse("foods:search"), {"q": "tonic"}).content.decode()
    assert "Grandma" not in mine
    assert "Grandma" not in found


@pytest.mark.parametrize(
    ("params", "grams", "potassium"),
    [
        ({"quantity": "2", "unit": "portion"}, 236, 845),  # two medium bananas
        ({"quantity": "150", "unit": "g"}, 150, 537),
        ({"quantity": "4", "unit": "oz"}, 113.4, 406),  # 4 x 28.35 g
    ],
)
def test_the_amount_calculator_works_in_portions_grams_and_ounces(
    owner_client, banana, params, grams, potassium
):
    if params["unit"] == "portion":
        params = {**params, "unit": f"portion-{banana.portions.get().pk}"}

    url = reverse("foods:detail", args=[banana.pk])

    page = owner_client.get(url, params)
    fragment = owner_client.get(url, params, headers={"HX-Request": "true"}).content.decode()

    assert page.context["amount"]["grams"] == pytest.approx(grams, abs=0.05)
    assert page.context["amount"]["values"]["potassium"] == potassium
    assert fragment.lstrip().startswith('<div id="amount-result"')
    assert "<html" not in fragment
    assert f"{potassium} mg potassium" in fragment


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"quantity": "-1", "unit": "g"}, "greater than or equal to 0.01"),
        ({"quantity": "1", "unit": "stone"}, "Select a valid choice"),
        ({"quantity": "lots", "unit": "g"}, "Enter a number."),
    ],
)
def test_the_amount_calculator_explains_bad_input(owner_client, banana, params, message):
    response = owner_client.get(reverse("foods:detail", args=[banana.pk]), params)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["amount"] is None
