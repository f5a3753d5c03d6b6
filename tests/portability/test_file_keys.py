"""The one importer rule (foods/file_keys.py): a key seen twice in a file is an error naming
the first record; a key the account has already is skipped."""

import copy
import uuid

from foods.file_keys import FileKeys, Verdict
from portability.export import export_user
from portability.importing import plan_import
from tests.journal_of_everything import fill_journal


def test_the_rule_itself():
    keys = FileKeys("cramps", existing={"a"})

    assert keys.judge("a", 1) is Verdict.ALREADY_THERE
    assert keys.judge("b", 2) is Verdict.NEW
    assert keys.judge("b", 3) is Verdict.REPEATED
    assert keys.repeat_reason("b") == "is the same as cramps #2"
    keys.remember("c", 4)  # a bad record still claims its key
    assert keys.judge("c", 5) is Verdict.REPEATED
    assert keys.repeat_reason("c") == "is the same as cramps #4"


def test_private_foods_and_experiments_follow_it(owner, stranger):
    fill_journal(stranger)
    data = export_user(stranger)
    data["private_foods"].append(copy.deepcopy(data["private_foods"][0]))
    twice = len(data["private_foods"])

    plan = plan_import(owner, data)

    assert f"private_foods #{twice} (id): is the same as private_foods #1" in plan.errors


def test_an_experiment_given_twice_names_the_first(owner):
    record = {"id": str(uuid.uuid4()), "intervention": "own", "description": "Stretch at bedtime",
              "pairs": 3, "block_days": 7, "run_in_days": 0, "status": "draft", "answers": [],
              "changes": [], "plan": {}}  # fmt: skip

    plan = plan_import(owner, {"schema_version": 3, "experiments": [record, dict(record)]})

    assert plan.errors == ["experiments #2 (id): is the same as experiments #1"]
    again = plan_import(owner, {"schema_version": 3, "experiments": [record]})
    assert again.counts()["experiments"] == {"add": 1, "skip": 0}
