"""Account > Your data through the views: downloads, the import and its preview."""

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from journal.models import Cramp, Meal
from portability.export import export_user
from portability.models import PendingImport
from tests.factories import CrampFactory
from tests.journal_of_everything import fill_journal
from tests.urlconf import snapshot_rows


def upload(client, content: bytes, name="cramp-journal.json"):
    file = SimpleUploadedFile(name, content, content_type="application/json")
    return client.post(reverse("import_data"), {"file": file})


def exported(user) -> bytes:
    return json.dumps(export_user(user)).encode()


def csv_rows(archive, name):
    text = archive.read(name).decode("utf-8")
    assert text.startswith("\ufeff"), f"{name} has no byte order mark for Excel"
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_account_page_links_to_your_data(owner_client):
    response = owner_client.get(reverse("account"))
    assert reverse("account_data") in response.content.decode()


def test_your_data_offers_export_import_and_deletion(owner_client):
    page = owner_client.get(reverse("account_data")).content.decode()
    for name in ("export_json", "export_csv", "import_data", "delete_account"):
        assert reverse(name) in page, name


def test_it_downloads_the_owners_journal_as_json(owner_client, owner, stranger):
    fill_journal(owner)
    CrampFactory(user=stranger, note="the stranger's cramp")
    before = snapshot_rows()

    response = owner_client.get(reverse("export_json"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="cramp-journal-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == owner.email
    assert len(data["cramps"]) == 2
    assert "the stranger's cramp" not in response.content.decode()
    assert snapshot_rows() == before  # a GET changes nothing


@pytest.mark.parametrize("name", ["export_json", "export_csv"])
def test_downloads_refuse_post(owner_client, name):
    assert owner_client.post(reverse(name)).status_code == 405


def test_it_downloads_a_zip_of_csv_files_in_local_times(owner_client, owner):
    fill_journal(owner)
    owner.profile.time_zone = "America/New_York"
    owner.profile.save()

    response = owner_client.get(reverse("export_csv"))

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].endswith('.zip"')
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == sorted([
        "README.txt", "cramps.csv", "meals.csv", "drinks.csv", "exercise.csv",
        "supplements.csv", "days.csv", "private_foods.csv", "day_factors.csv",
        "night_answers.csv", "recipes.csv", "usual_supplements.csv",
    ])  # fmt: skip
    recipe = csv_rows(archive, "recipes.csv")
    assert [(row["recipe"], row["servings"], row["food_name"]) for row in recipe] == [
        ("Smoothie bowl", "3", "Banana, raw"),
        ("Smoothie bowl", "3", "Green smoothie"),
        ("Smoothie bowl", "3", "Granola"),
    ]
    assert recipe[0]["food"] == "usda-sr28 09040" and recipe[2]["calcium_mg"] == ""
    usual = csv_rows(archive, "usual_supplements.csv")
    assert [(row["name"], row["dose"], row["medicine"]) for row in usual] == [
        ("Magnesium glycinate", "2 capsules", ""),
        ("Furosemide", "40 mg", "diuretic"),
    ]
    assert csv_rows(archive, "day_factors.csv") == [{"name": "Slept badly", "date": "2026-03-13"}]
    assert csv_rows(archive, "night_answers.csv") == [{"night": "2026-03-14", "source": "email"}]
    night = csv_rows(archive, "cramps.csv")[-1]
    # 02:30:15 UTC on 14 March is 22:30 on the 13th in New York; the journal day stays the
    # one it was filed under when the owner lived in London.
    assert night["time"] == "22:30"
    assert night["occurred_at"] == "2026-03-13T22:30:15.123456-04:00"
    assert night["date"] == "2026-03-14"
    assert night["relief"] == "stretching, walking"
    meals = csv_rows(archive, "meals.csv")
    assert [row["food_name"] for row in meals] == ["Banana, raw", "Green smoothie", "Mystery stew"]
    assert {row["meal"] for row in meals} == {"dinner"}
    assert meals[0]["food"] == "usda-sr28 09040"
    assert meals[2]["potassium_mg"] == ""  # unknown stays empty, not zero
    assert csv_rows(archive, "days.csv") == [{"date": "2026-03-13", "food_log_complete": "yes"}]
    foods = csv_rows(archive, "private_foods.csv")
    assert foods[0]["portions"] == "*1 glass=250 | 1 jar=500"


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_defused(owner_client, owner):
    fill_journal(owner)
    for text in ("@SUM(A1)", "-2+3", "\tcmd"):
        CrampFactory(user=owner, note=text)

    archive = zipfile.ZipFile(io.BytesIO(owner_client.get(reverse("export_csv")).content))

    notes = [row["note"] for row in csv_rows(archive, "cramps.csv")]
    assert '\'=HYPERLINK("http://evil") woke me up, “left calf”' in notes
    assert {"'@SUM(A1)", "'-2+3", "'\tcmd"} <= set(notes)
    exercise = csv_rows(archive, "exercise.csv")[0]
    assert exercise["activity"] == "'+cycling"
    assert exercise["duration_minutes"] == "40"  # numbers are numbers, untouched


def test_it_previews_then_imports_an_uploaded_file(owner, stranger, client):
    fill_journal(owner)
    content = exported(owner)
    client.force_login(stranger)
    before = snapshot_rows()

    response = upload(client, content)

    assert response.status_code == 302
    assert response.url == reverse("import_preview")
    preview = client.get(reverse("import_preview"))
    page = preview.content.decode()
    assert "Check the import" in page
    assert "Import 16 records" in page
    assert "Europe/London" in page  # the profile's change is shown
    # Only the pending upload is stored; the journal is untouched until confirmed.
    assert {k: v for k, v in snapshot_rows().items() if k != "portability.PendingImport"} == {
        k: v for k, v in before.items() if k != "portability.PendingImport"
    }

    pending = PendingImport.objects.get(user=stranger)
    response = client.post(reverse("import_preview"), {"digest": pending.digest}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("account_data")
    assert "Import saved: 16 to add, 0 already there" in response.content.decode()
    assert Cramp.objects.filter(user=stranger).count() == 2
    assert not PendingImport.objects.exists()

    upload(client, content)
    again = client.get(reverse("import_preview")).content.decode()
    assert "importing it adds nothing" in again


def test_a_file_with_bad_records_lists_each_and_saves_nothing(owner_client, owner, stranger):
    fill_journal(stranger)
    data = export_user(stranger)
    data["cramps"][0]["severity"] = 0
    data["meals"][0]["items"][0]["grams"] = 9000
    upload(owner_client, json.dumps(data).encode())
    before = snapshot_rows()

    page = owner_client.get(reverse("import_preview")).content.decode()

    assert "The file cannot be imported" in page
    assert "cramps #1 (severity): Ensure this value is greater than or equal to 1." in page
    assert "meals #1 items #1 (grams): Ensure this value is less than or equal to 5000." in page
    pending = PendingImport.objects.get(user=owner)
    response = owner_client.post(reverse("import_preview"), {"digest": pending.digest})
    assert response.status_code == 422
    assert snapshot_rows() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n", "not UTF-8"),
        (b"date,time\n", "not valid JSON"),
        (b'{"schema_version": 7}', "schema_version 7; this site reads versions 1, 2, 3 and 4"),
    ],
)
def test_it_refuses_a_file_that_is_not_an_export(owner_client, content, message):
    before = snapshot_rows()

    response = upload(owner_client, content)

    assert response.status_code == 422
    assert message in response.content.decode()
    assert snapshot_rows() == before


def test_it_refuses_a_file_over_20_mb(owner_client):
    response = upload(owner_client, b" " * (20 * 1024 * 1024 + 1))

    assert response.status_code == 422
    assert "larger than 20 MB" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_a_confirmation_for_another_upload_saves_nothing(owner_client, owner, stranger):
    fill_journal(stranger)
    upload(owner_client, exported(stranger))

    response = owner_client.post(reverse("import_preview"), {"digest": "0" * 64})

    assert response.status_code == 302
    assert not Meal.objects.filter(user=owner).exists()


def test_cancel_forgets_the_upload(owner_client, stranger):
    upload(owner_client, exported(stranger))

    response = owner_client.post(reverse("import_preview"), {"cancel": "1"})

    assert response.url == reverse("account_data")
    assert not PendingImport.objects.exists()


def test_it_checks_ownership(owner, stranger_client, stranger):
    """A stranger never sees nor confirms the owner's pending import, nor exports their data."""
    fill_journal(owner)
    text = exported(owner).decode()
    pending = PendingImport.objects.create(user=owner, content=text, digest="x" * 64)
    before = snapshot_rows()

    preview = stranger_client.get(reverse("import_preview"))
    confirm = stranger_client.post(reverse("import_preview"), {"digest": pending.digest})
    download = stranger_client.get(reverse("export_json"))

    assert preview.status_code == confirm.status_code == 302
    assert preview.url == reverse("import_data")
    assert json.loads(download.content)["cramps"] == []
    assert snapshot_rows() == before


def test_an_upload_left_unconfirmed_for_a_day_is_forgotten(owner_client, owner, stranger):
    fill_journal(stranger)
    text = exported(stranger).decode()
    stale = PendingImport.objects.create(user=stranger, content=text, digest="x" * 64)
    mine = PendingImport.objects.create(user=owner, content=text, digest="y" * 64)
    day_ago = timezone.now() - timedelta(hours=25)
    PendingImport.objects.filter(pk__in=[stale.pk, mine.pk]).update(uploaded=day_ago)

    response = owner_client.post(reverse("import_preview"), {"digest": mine.digest})

    assert response.url == reverse("import_data")
    assert not Meal.objects.filter(user=owner).exists()
    upload(owner_client, exported(owner))
    assert list(PendingImport.objects.values_list("user", flat=True)) == [owner.pk]
