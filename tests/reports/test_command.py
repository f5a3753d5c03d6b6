"""`manage.py cramp_report`: the report from the command line."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.reports.journal_data import ASSOCIATION_FIELDS, fill_journal


def cramp_report(*args):
    out = StringIO()
    call_command("cramp_report", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_report_as_json(owner):
    fill_journal(owner, 60)

    data = json.loads(cramp_report("--user", "OWNER@example.com", "--days", "45", "--json"))

    assert data["period"]["days"] == 45
    assert data["sufficient"] is True and data["missing"] == []
    assert len(data["associations"]["results"]) == 16
    for result in data["associations"]["results"]:
        assert set(result) >= ASSOCIATION_FIELDS


def test_it_says_what_is_missing_when_the_days_do_not_suffice(owner):
    fill_journal(owner, 10)

    data = json.loads(cramp_report("--user", owner.email, "--days", "30", "--json"))
    text = cramp_report("--user", owner.email, "--days", "30")

    assert data["sufficient"] is False
    assert "18 more complete days logged (have 10 of 28)" in data["missing"]
    assert "Not enough days for associations yet" in text
    assert "18 more complete days logged (have 10 of 28)" in text


def test_the_text_report_marks_what_stands_out(owner):
    fill_journal(owner, 60)

    text = cramp_report("--user", owner.email, "--period", "all")

    assert " * Low potassium, day before:" in text
    assert "An association, not a cause." in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--user", "nobody@example.com"), "No account with the email 'nobody@example.com'."),
        (("--user", "owner@example.com", "--days", "0"), "--days needs a whole number"),
    ],
)
def test_it_refuses_bad_arguments_clearly(owner, args, message):
    with pytest.raises(CommandError, match=message):
        cramp_report(*args)
