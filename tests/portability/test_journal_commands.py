"""export_journal and import_journal do from the command line what Your data does."""

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from journal.models import Cramp
from tests.factories import UserFactory
from tests.journal_of_everything import fill_journal
from tests.urlconf import snapshot_rows


def export(email, *args) -> str:
    out = io.StringIO()
    call_command("export_journal", "--user", email, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_import(*args) -> str:
    out = io.StringIO()
    call_command("import_journal", *args, stdout=out)
    return out.getvalue()


def test_it_exports_json_to_stdout_and_imports_it_into_another_account(owner, tmp_path):
    fill_journal(owner)
    newcomer = UserFactory(email="newcomer@example.com")
    file = tmp_path / "journal.json"
    file.write_text(export("OWNER@example.com"), encoding="utf-8")

    output = run_import("--user", "newcomer@example.com", str(file))

    # 16 records: the journal of everything (tests/journal_of_everything.py) has an own
    # factor and one marked day since issue 15, a night answered "no cramps" (issue 17), and
    # a recipe and two usual supplements (issue 24).
    assert "Cramps: 2 to add, 0 already there" in output
    assert "Imported into newcomer@example.com: 16 to add, 0 already there" in output
    first, second = json.loads(file.read_text()), json.loads(export(newcomer.email))
    for data in (first, second):
        del data["exported_at"], data["account"]
    assert first == second

    again = run_import("--user", newcomer.email, str(file))
    assert "0 to add, 16 already there" in again


def test_a_dry_run_saves_nothing(owner, stranger, tmp_path):
    fill_journal(owner)
    file = tmp_path / "journal.json"
    file.write_text(export(owner.email))
    before = snapshot_rows()

    output = run_import("--user", stranger.email, str(file), "--dry-run")

    assert "Would import into stranger@example.com: 16 to add" in output
    assert snapshot_rows() == before


def test_it_writes_a_csv_zip_to_a_file(owner, tmp_path):
    fill_journal(owner)
    file = tmp_path / "journal.zip"

    export(owner.email, "--format", "csv", "--output", str(file))

    assert "cramps.csv" in zipfile.ZipFile(file).namelist()


def test_bad_records_are_listed_and_nothing_is_saved(owner, stranger, tmp_path):
    fill_journal(owner)
    data = json.loads(export(owner.email))
    data["cramps"][1]["severity"] = 99
    file = tmp_path / "journal.json"
    file.write_text(json.dumps(data))

    with pytest.raises(CommandError, match=r"1 bad records; nothing was saved:\ncramps #2"):
        run_import("--user", stranger.email, str(file))
    assert not Cramp.objects.filter(user=stranger).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--user", "nobody@example.com", "x.json"], "no account with the email"),
        (["--user", "owner@example.com", "/no/such/file.json"], "Cannot read"),
    ],
)
def test_import_explains_what_is_wrong(owner, args, message):
    with pytest.raises(CommandError, match=message):
        run_import(*args)


def test_import_refuses_a_file_that_is_not_an_export(owner, tmp_path):
    file = tmp_path / "notes.json"
    file.write_text('{"hello": "world"}')
    with pytest.raises(CommandError, match="not a Cramp Journal export"):
        run_import("--user", owner.email, str(file))


def test_export_explains_what_is_wrong(owner):
    with pytest.raises(CommandError, match="no account with the email"):
        export("nobody@example.com")
    with pytest.raises(CommandError, match="give --output FILE"):
        export(owner.email, "--format", "csv")
