"""The curators' workplace: a staff member in the "Catalog curators" group, not a superuser."""

import csv
import io

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from foods.csv_format import COLUMNS
from foods.models import Food
from tests.factories import CatalogFoodFactory, PersonalFoodFactory, UserFactory


@pytest.fixture
def curator(db):
    user = UserFactory(email="curator@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name="Catalog curators"))
    return user


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def foods(db):
    banana = CatalogFoodFactory(name="Banana", featured=True, potassium_mg=358)
    banana.portions.create(label="1 medium", grams=118, is_default=True)
    chips = CatalogFoodFactory(name="Banana chips", potassium_mg=536, sodium_mg=None)
    lentils = CatalogFoodFactory(name="Lentils, boiled", food_group="Legumes", potassium_mg=369)
    return {"banana": banana, "chips": chips, "lentils": lentils}


def changelist(client, **params):
    return client.get(reverse("admin:foods_food_changelist"), params)


def listed(response):
    return {food.name for food in response.context["cl"].result_list}


def test_curators_are_not_superusers_and_have_only_catalog_permissions(curator):
    assert not curator.is_superuser
    assert curator.has_perm("foods.change_food")
    assert curator.has_perm("foods.change_portion")
    assert not curator.has_perm("accounts.change_user")
    assert not curator.has_perm("auth.change_group")


def test_a_curator_searches_and_filters_the_catalog(curator_client, foods):
    assert listed(changelist(curator_client, q="banana")) == {"Banana", "Banana chips"}
    assert listed(changelist(curator_client, featured__exact="1")) == {"Banana"}
    assert listed(changelist(curator_client, missing="sodium")) == {"Banana chips"}
    assert listed(changelist(curator_client, food_group="Legumes")) == {"Lentils, boiled"}


def test_the_list_shows_minerals_per_100_g_and_per_default_portion(curator_client, foods):
    html = changelist(curator_client, q="banana").content.decode()

    assert "1 medium (118 g)" in html
    assert ">422<" in html  # potassium in one medium banana


def test_private_foods_stay_out_of_the_admin(curator_client, owner):
    private = PersonalFoodFactory(owner=owner, name="Secret smoothie")

    assert "Secret smoothie" not in listed(changelist(curator_client))
    url = reverse("admin:foods_food_change", args=[private.pk])
    assert curator_client.get(url).status_code == 302  # the admin's "does not exist" redirect


def test_a_curator_edits_a_food_and_its_portions(curator_client, foods):
    banana = foods["banana"]
    portion = banana.portions.get()
    data = {
        "name": "Banana, raw",
        "food_group": banana.food_group,
        "featured": "on",
        "active": "on",
        "curator_note": "Renamed for clarity.",
        "potassium_mg": "358",
        "magnesium_mg": "27",
        "calcium_mg": "5",
        "sodium_mg": "1",
        "energy_kcal": "89",
        "water_g": "74.91",
        "portions-TOTAL_FORMS": "2",
        "portions-INITIAL_FORMS": "1",
        "portions-MIN_NUM_FORMS": "0",
        "portions-MAX_NUM_FORMS": "1000",
        "portions-0-id": str(portion.pk),
        "portions-0-food": str(banana.pk),
        "portions-0-label": "1 medium",
        "portions-0-grams": "118",
        "portions-0-is_default": "on",
        "portions-0-position": "0",
        "portions-1-food": str(banana.pk),
        "portions-1-label": "1 large",
        "portions-1-grams": "136",
        "portions-1-position": "1",
    }

    response = curator_client.post(reverse("admin:foods_food_change", args=[banana.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    banana.refresh_from_db()
    assert banana.name == "Banana, raw"
    assert banana.search_name == " banana raw"
    assert list(banana.portions.values_list("label", "grams")) == [
        ("1 medium", 118),
        ("1 large", 136),
    ]
    assert LogEntry.objects.filter(object_id=str(banana.pk), user__email="curator@example.com")


def test_implausible_values_are_refused_with_a_clear_message(curator_client, foods):
    banana = foods["banana"]
    data = {
        "name": "Banana",
        "food_group": banana.food_group,
        "active": "on",
        "potassium_mg": "20000",
        "portions-TOTAL_FORMS": "0",
        "portions-INITIAL_FORMS": "0",
        "portions-MIN_NUM_FORMS": "0",
        "portions-MAX_NUM_FORMS": "1000",
    }

    response = curator_client.post(reverse("admin:foods_food_change", args=[banana.pk]), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["potassium_mg"]
    assert "less than or equal to 17000" in " ".join(errors)
    banana.refresh_from_db()
    assert banana.potassium_mg == 358


def test_bulk_actions_feature_and_deactivate(curator_client, foods):
    url = reverse("admin:foods_food_changelist")
    ids = [str(foods["chips"].pk), str(foods["lentils"].pk)]

    curator_client.post(url, {"action": "feature", "_selected_action": ids})
    assert Food.objects.filter(pk__in=ids, featured=True).count() == 2

    curator_client.post(url, {"action": "deactivate", "_selected_action": ids})
    assert Food.objects.filter(pk__in=ids, active=False).count() == 2


def export(client):
    response = client.get(reverse("admin:foods_food_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return response.content.decode()


def test_export_writes_every_catalog_food_with_its_portions(curator_client, foods, owner):
    PersonalFoodFactory(owner=owner, name="Secret smoothie")

    rows = list(csv.DictReader(io.StringIO(export(curator_client))))

    assert [row["name"] for row in rows] == ["Banana", "Banana chips", "Lentils, boiled"]
    assert rows[0]["portions"] == "*1 medium=118"
    assert rows[1]["sodium_mg"] == ""


def upload(client, text, name="foods.csv"):
    file = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(reverse("admin:foods_food_import"), {"file": file})


def edited_export(client, edit):
    rows = list(csv.DictReader(io.StringIO(export(client))))
    edit(rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def catalog_snapshot():
    return list(Food.objects.order_by("pk").values()), [
        list(food.portions.values_list("label", "grams", "is_default"))
        for food in Food.objects.order_by("pk")
    ]


def test_an_import_with_one_bad_row_is_rejected_whole_with_the_reason(curator_client, foods):
    def edit(rows):
        rows[0]["name"] = "Banana, ripe"
        rows[1]["potassium_mg"] = "25000"
        rows.append({**rows[2], "id": "", "name": "Chickpeas", "source_id": ""})

    before = catalog_snapshot()

    response = upload(curator_client, edited_export(curator_client, edit))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved" in html
    assert "Row 3: potassium_mg: Ensure this value is less than or equal to 17000." in html
    assert "Save these changes" not in html
    assert catalog_snapshot() == before


def test_a_good_import_shows_a_preview_then_saves_on_confirmation(curator_client, foods):
    def edit(rows):
        rows[0]["name"] = "Banana, ripe"
        rows[0]["portions"] = "*1 medium=118 | 1 large=136"
        rows.append({**rows[2], "id": "", "name": "Chickpeas, boiled", "potassium_mg": "291"})

    text = edited_export(curator_client, edit)
    before = catalog_snapshot()

    preview = upload(curator_client, text)

    html = preview.content.decode()
    assert "1 to add, 1 to change, 2 unchanged" in html
    assert catalog_snapshot() == before  # a preview saves nothing

    confirm = curator_client.post(
        reverse("admin:foods_food_import"), {"content": text, "confirm": "1"}
    )

    assert confirm.status_code == 302
    banana = Food.objects.get(pk=foods["banana"].pk)
    assert banana.name == "Banana, ripe"
    assert list(banana.portions.values_list("label", "grams")) == [
        ("1 medium", 118),
        ("1 large", 136),
    ]
    assert Food.objects.get(name="Chickpeas, boiled").potassium_mg == 291
    assert LogEntry.objects.filter(change_message__startswith="Changed by CSV import").count() == 1


def test_importing_an_unchanged_export_changes_nothing(curator_client, foods):
    before = catalog_snapshot()

    response = upload(curator_client, export(curator_client))

    assert "0 to add, 0 to change, 3 unchanged" in response.content.decode()
    assert "nothing to save" in response.content.decode()
    assert catalog_snapshot() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,potassium_mg\nBanana,358\n", "lacks these columns"),
        (",".join(COLUMNS) + "\n", "no rows"),
        (
            ",".join(COLUMNS) + "\n999999,curated,,X,,,1,1,1,1,1,1,0,1,,\n",
            "no catalog food with id 999999",
        ),
        (
            ",".join(COLUMNS) + "\n,curated,,X,,,1,1,1,1,1,1,maybe,1,,\n",
            "featured: write 1 or 0",
        ),
        (
            ",".join(COLUMNS) + "\n,curated,,X,,,1,1,1,1,1,1,0,1,,1 cup\n",
            "should look like “1 cup=150”",
        ),
        (
            ",".join(COLUMNS) + "\n,personal,,X,,,1,1,1,1,1,1,0,1,,\n",
            "personal foods cannot be imported",
        ),
    ],
)
def test_import_explains_what_is_wrong(curator_client, foods, content, message):
    before = catalog_snapshot()

    response = upload(curator_client, content)

    assert message in response.content.decode()
    assert catalog_snapshot() == before


def test_a_file_that_is_not_utf8_is_refused(curator_client, foods):
    before = catalog_snapshot()
    file = SimpleUploadedFile("foods.csv", "name\nCaf\xe9".encode("latin-1"))
    response = curator_client.post(reverse("admin:foods_food_import"), {"file": file})

    assert response.status_code == 200  # the import page again, with the reason
    assert "not UTF-8" in response.content.decode()
    assert catalog_snapshot() == before


def test_people_without_catalog_rights_cannot_import_or_export(client, foods):
    staff = UserFactory(email="helpdesk@example.com", is_staff=True)
    client.force_login(staff)

    assert client.get(reverse("admin:foods_food_export")).status_code == 403
    assert client.get(reverse("admin:foods_food_import")).status_code == 403
