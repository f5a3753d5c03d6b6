"""Values no record check can judge: huge integers and text that is not Unicode are refused
with a clear message, never a 500 (found by the production probe of issue 22)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from portability.importing import ImportFileError, read_document
from portability.models import PendingImport
from tests.urlconf import snapshot_rows

HUGE = "9" * 5000  # over Python's 4,300-digit limit for reading an integer
BELOW_LIMIT = "9" * 4000  # under it, and still no value of any field

HOSTILE_FILES = {
    "a cramp's 5,000-digit severity": (
        '{"schema_version": 3, "cramps": [{"severity": ' + HUGE + "}]}",
        "a number of 5,000 digits",
    ),
    "an experiment's 5,000-digit pairs": (
        '{"schema_version": 3, "experiments": [{"pairs": ' + HUGE + "}]}",
        "a number of 5,000 digits",
    ),
    "an experiment's 4,000-digit pairs": (
        '{"schema_version": 3, "experiments": [{"pairs": ' + BELOW_LIMIT + "}]}",
        "a number of 4,000 digits",
    ),
    "a lone surrogate in a day factor's name": (
        '{"schema_version": 3, "day_factors": [{"name": "Slept \\ud800badly", "days": []}]}',
        "day_factors #1 (name) has text that is not valid Unicode",
    ),
    "a lone surrogate in a cramp's note": (
        '{"schema_version": 3, "cramps": [{"note": "\\udc00"}]}',
        "cramps #1 (note) has text that is not valid Unicode",
    ),
    "a lone surrogate in a key": (
        '{"schema_version": 3, "profile": {"\\ud800": 1}}',
        "profile (a key) has text that is not valid Unicode",
    ),
}


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_the_reader_refuses_with_a_reason(name):
    text, message = HOSTILE_FILES[name]

    with pytest.raises(ImportFileError) as refused:
        read_document(text.encode())

    assert message in str(refused.value)


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_the_upload_refuses_without_a_500_and_keeps_nothing(owner_client, name):
    text, message = HOSTILE_FILES[name]
    before = snapshot_rows()

    file = SimpleUploadedFile("cramp-journal.json", text.encode(), "application/json")
    response = owner_client.post(reverse("import_data"), {"file": file}, follow=True)

    assert response.status_code == 422
    assert message in response.content.decode()
    assert snapshot_rows() == before
    assert not PendingImport.objects.exists()


def test_a_surrogate_pair_is_a_character_and_imports(owner):
    text = '{"schema_version": 3, "day_factors": [{"name": "Slept \\ud83d\\ude34", "days": []}]}'

    document = read_document(text.encode())

    assert document["day_factors"][0]["name"] == "Slept \N{SLEEPING FACE}"


def test_the_command_says_the_same_in_one_line(owner, tmp_path):
    path = tmp_path / "huge.json"
    path.write_text(HOSTILE_FILES["an experiment's 5,000-digit pairs"][0])

    with pytest.raises(CommandError, match="a number of 5,000 digits"):
        call_command("import_journal", "--user", owner.email, str(path))


def test_a_file_over_the_record_cap_is_refused(settings):
    settings.IMPORT_MAX_RECORDS = 10
    document = {"schema_version": 3, "cramps": [{}] * 6, "meals": [{"items": [{}] * 2}] * 2}

    with pytest.raises(
        ImportFileError, match="The file has 12 records; one import takes at most 10"
    ):
        read_document(json.dumps(document).encode())
