"""Experiments in the export: the seed and the drawn order travel, and import keeps them."""

import json

import jsonschema
import pytest

from experiments import analysis, running
from experiments.models import Change, DailyAnswer, Experiment
from experiments.portability import (
    AnswerRecordForm,
    ChangeRecordForm,
    ExperimentRecordForm,
)
from portability.export import export_user
from portability.importing import import_document, plan_import, read_document
from tests import factories
from tests.browser.support import REPO_ROOT
from tests.urlconf import snapshot_rows

pytestmark = pytest.mark.django_db
SCHEMA = json.loads((REPO_ROOT / "docs" / "export-schema.json").read_text())


@pytest.fixture
def newcomer(db):
    return factories.UserFactory(email="newcomer@example.com")


def _round_trip(data):
    return json.loads(json.dumps(data))


def _with_experiments(owner):
    finished = factories.finished_experiment(owner, cramp_nights=(1, 9), pairs=5)
    running.pause(factories.started_experiment(owner, days_ago=4))
    factories.ExperimentFactory(owner=owner, intervention="own", description="Warm socks")
    return finished


def test_the_seed_and_the_drawn_order_are_in_the_export(owner):
    finished = _with_experiments(owner)

    records = export_user(owner)["experiments"]

    assert [r["status"] for r in records] == ["finished", "paused", "draft"]
    record = records[0]
    assert record["id"] == str(finished.uid)
    assert record["seed"] == finished.seed
    assert record["orders"] == finished.orders
    assert tuple(record["orders"]) == analysis.draw_orders(record["seed"], record["pairs"])
    assert record["plan"]["seed"] == finished.seed
    assert record["plan"]["orders"] == finished.orders
    assert len(record["answers"]) == 70
    assert [c["kind"] for c in record["changes"]] == ["started", "finished"]
    assert records[2]["seed"] is None and records[2]["orders"] == []


def test_the_same_seed_gives_the_same_order_on_every_start(owner):
    for _ in range(20):
        experiment = running.stop_early(factories.started_experiment(owner, pairs=6))
        assert tuple(experiment.orders) == analysis.draw_orders(experiment.seed, 6)
        assert analysis.draw_orders(experiment.seed, 6) == analysis.draw_orders(experiment.seed, 6)


def test_an_export_with_experiments_validates_against_the_schema(owner):
    _with_experiments(owner)
    data = _round_trip(export_user(owner))
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(data)]
    assert not errors
    assert data["schema_version"] == SCHEMA["properties"]["schema_version"]["const"] == 4


def test_the_schema_and_the_import_forms_know_the_same_fields():
    record = SCHEMA["properties"]["experiments"]["items"]["properties"]
    assert set(record) == set(ExperimentRecordForm.base_fields) | {"answers", "changes", "plan"}
    assert set(record["answers"]["items"]["properties"]) == set(AnswerRecordForm.base_fields)
    assert set(record["changes"]["items"]["properties"]) == set(ChangeRecordForm.base_fields)


def test_round_trip_into_a_new_account_keeps_seed_order_plan_answers_and_changes(owner, newcomer):
    _with_experiments(owner)
    first = _round_trip(export_user(owner))

    plan = import_document(newcomer, first)

    assert plan.errors == []
    second = _round_trip(export_user(newcomer))
    assert second["experiments"] == first["experiments"]
    original = Experiment.objects.get(owner=owner, status="finished")
    copy = Experiment.objects.get(owner=newcomer, status="finished")
    assert (copy.uid, copy.seed, copy.orders, copy.plan) == (
        original.uid,
        original.seed,
        original.orders,
        original.plan,
    )
    assert copy.design.blocks == original.design.blocks
    assert DailyAnswer.objects.filter(experiment=copy).count() == 70


def test_importing_twice_adds_no_experiment(owner, newcomer):
    _with_experiments(owner)
    data = _round_trip(export_user(owner))
    import_document(newcomer, data)
    before = snapshot_rows()

    plan = import_document(newcomer, data)

    assert plan.counts()["experiments"] == {"add": 0, "skip": 3}
    assert snapshot_rows() == before


def test_a_version_1_file_still_imports(newcomer):
    document = read_document(b'{"schema_version": 1, "cramps": []}')
    assert import_document(newcomer, document).errors == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"orders": "the drawn ones, first pair flipped"}, "is not the order this seed draws"),
        ({"seed": None}, "a started experiment has a seed and a start_date"),
        ({"seed": 2**60}, "less than or equal to"),
        ({"pairs": 92}, "less than or equal to 91"),
        ({"status": "won"}, "Select a valid choice"),
        ({"plan": "trust me"}, "must be an object"),
        ({"answers": [{"day": "2026-01-01", "did_it": "yes"}]}, "must be true or false"),
        ({"answers": [{"day": "2026-01-01", "did_it": True}] * 2}, "gives one day twice"),
        ({"changes": [{"kind": "cured", "at": "2026-01-01T00:00:00Z", "day": "2026-01-01"}]},
         "Select a valid choice"),
        ({"ended_on": None}, "an ended experiment has the date it ended"),
        ({"surprise": 1}, "is not a field of this kind of record"),
    ],
)  # fmt: skip
def test_it_refuses_a_bad_experiment_record_and_saves_nothing(owner, newcomer, change, message):
    factories.finished_experiment(owner, pairs=5)
    data = _round_trip(export_user(owner))
    record = data["experiments"][0]
    if "orders" in change:  # any fixed list could be the very order a random seed drew
        first, *rest = record["orders"]
        change = {"orders": [first[::-1], *rest]}
    record.update(change)
    before = snapshot_rows()

    plan = import_document(newcomer, data)

    assert any(error.startswith("experiments #1") and message in error for error in plan.errors), (
        plan.errors
    )
    assert snapshot_rows() == before


def test_it_imports_no_second_running_experiment(owner, newcomer):
    factories.started_experiment(owner, days_ago=2)
    factories.started_experiment(newcomer, days_ago=1)
    data = _round_trip(export_user(owner))
    before = snapshot_rows()

    plan = plan_import(newcomer, data)

    assert any("one at a time" in error for error in plan.errors)
    assert snapshot_rows() == before
    assert Change.objects.filter(experiment__owner=newcomer).count() == 1
