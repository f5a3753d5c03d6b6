"""The curators' safeguards (issue 24): a second default portion is a form error, the CSV
preview shows old and new values and warns before a portion is removed (kept unless ticked),
and messages count in words ("1 food added"). Each of these failed on the code before it."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from foods.csv_format import COLUMNS
from foods.models import Food
from tests.factories import CatalogFoodFactory, UserFactory


@pytest.fixture
def curator_client(client, db):
    curator = UserFactory(email="curator@example.com", is_staff=True)
    curator.groups.add(Group.objects.get(name="Catalog curators"))
    client.force_login(curator)
    return client


@pytest.fixture
def banana(db):
    food = CatalogFoodFactory(name="Banana", featured=True, potassium_mg=358, magnesium_mg=27)
    food.portions.create(label="1 medium", grams=118, is_default=True, position=0)
    food.portions.create(label="1 large", grams=136, position=1)
    return food


def change_data(food, portions):
    data = {
        "name": food.name,
        "food_group": food.food_group,
        "featured": "on",
        "active": "on",
        "potassium_mg": "358",
        "portions-TOTAL_FORMS": str(len(portions)),
        "portions-INITIAL_FORMS": str(sum(1 for p in portions if p.get("id"))),
        "portions-MIN_NUM_FORMS": "0",
        "portions-MAX_NUM_FORMS": "1000",
    }
    for index, portion in enumerate(portions):
        for key, value in {"food": food.pk, **portion}.items():
            if value is not None:
                data[f"portions-{index}-{key}"] = str(value)
    return data


def test_a_second_default_portion_is_a_form_error_not_a_500(curator_client, banana):
    medium, large = banana.portions.order_by("position")
    data = change_data(
        banana,
        [
            {"id": medium.pk, "label": "1 medium", "grams": 118, "is_default": "on", "position": 0},
            {"id": large.pk, "label": "1 large", "grams": 136, "is_default": "on", "position": 1},
        ],
    )

    response = curator_client.post(reverse("admin:foods_food_change", args=[banana.pk]), data)

    assert response.status_code == 200
    assert "Only one portion can be the default" in response.content.decode()
    assert list(banana.portions.values_list("label", "is_default")) == [
        ("1 medium", True),
        ("1 large", False),
    ]


def test_the_default_portion_moves_from_one_to_another(curator_client, banana):
    medium, large = banana.portions.order_by("position")
    data = change_data(
        banana,
        [
            {"id": large.pk, "label": "1 large", "grams": 136, "is_default": "on", "position": 0},
            {"id": medium.pk, "label": "1 medium", "grams": 118, "position": 1},
        ],
    )

    response = curator_client.post(reverse("admin:foods_food_change", args=[banana.pk]), data)

    assert response.status_code == 302
    assert banana.portions.get(is_default=True).label == "1 large"


def export_rows(client):
    text = client.get(reverse("admin:foods_food_export")).content.decode()
    return list(csv.DictReader(io.StringIO(text)))


def as_csv(rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def upload(client, text):
    file = SimpleUploadedFile("foods.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("admin:foods_food_import"), {"file": file})


def confirm(client, text, remove=()):
    data = {"content": text, "confirm": "1", "remove_portion": [str(pk) for pk in remove]}
    return client.post(reverse("admin:foods_food_import"), data)


def test_the_preview_shows_the_old_and_new_value_of_every_changed_field(curator_client, banana):
    rows = export_rows(curator_client)
    rows[0].update(name="Banana, ripe", potassium_mg="400", featured="0")
    rows[0]["portions"] = "*1 medium=120 | 1 large=136"

    html = upload(curator_client, as_csv(rows)).content.decode()

    assert "<td>name</td><td>Banana</td><td>Banana, ripe</td>" in html
    assert "<td>potassium_mg</td><td>358</td><td>400</td>" in html
    assert "<td>featured</td><td>yes</td><td>no</td>" in html
    assert "*1 medium=118 | 1 large=136" in html and "*1 medium=120 | 1 large=136" in html
    assert "would be removed" not in html


def test_a_stale_file_never_silently_deletes_a_portion_a_curator_added(curator_client, banana):
    stale = as_csv(export_rows(curator_client))
    small = banana.portions.create(label="1 small", grams=101, position=2)  # added after export

    html = upload(curator_client, stale).content.decode()

    assert "1 small (101 g)" in html and "would be removed" in html
    assert f'name="remove_portion" value="{small.pk}"' in html
    confirm(curator_client, stale)  # not ticked: kept
    assert set(banana.portions.values_list("label", flat=True)) == {
        "1 medium",
        "1 large",
        "1 small",
    }


def test_a_ticked_portion_is_removed_and_the_default_follows_the_file(curator_client, banana):
    rows = export_rows(curator_client)
    rows[0]["portions"] = "*1 large=136"  # the medium one is to go, the large one is default
    text = as_csv(rows)
    medium = banana.portions.get(label="1 medium")

    response = confirm(curator_client, text, remove=[medium.pk])

    assert response.status_code == 302
    assert list(banana.portions.values_list("label", "is_default")) == [("1 large", True)]


def test_an_untouched_portion_the_file_leaves_out_keeps_a_single_default(curator_client, banana):
    rows = export_rows(curator_client)
    rows[0]["portions"] = "*1 large=136"
    confirm(curator_client, as_csv(rows))  # "1 medium" not ticked: kept, no longer default
    assert sorted(banana.portions.values_list("label", "is_default")) == [
        ("1 large", True),
        ("1 medium", False),
    ]


def test_messages_count_in_words(curator_client, banana):
    rows = export_rows(curator_client)
    rows[0]["name"] = "Banana, ripe"
    rows.append({**rows[0], "id": "", "source": "curated", "source_id": "", "name": "Plantain"})

    response = confirm(curator_client, as_csv(rows))

    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert said == ["Import saved: 1 food added, 1 food changed."]
    ids = [str(banana.pk), str(Food.objects.get(name="Plantain").pk)]
    response = curator_client.post(
        reverse("admin:foods_food_changelist"),
        {"action": "unfeature", "_selected_action": ids[:1]},
    )
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert "1 food no longer featured." in said


def test_a_default_portion_deleted_while_another_becomes_default_saves(curator_client, banana):
    medium, large = banana.portions.order_by("position")
    data = change_data(
        banana,
        [
            {"id": medium.pk, "label": "1 medium", "grams": 118, "is_default": "on",
             "position": 0, "DELETE": "on"},
            {"id": large.pk, "label": "1 large", "grams": 136, "is_default": "on", "position": 1},
        ],
    )  # fmt: skip

    response = curator_client.post(reverse("admin:foods_food_change", args=[banana.pk]), data)

    assert response.status_code == 302
    assert list(banana.portions.values_list("label", "is_default")) == [("1 large", True)]
