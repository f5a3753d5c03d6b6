import pytest

from foods.reference_intakes import Basis, daily_targets


def amounts(**profile):
    return {name: target.amount for name, target in daily_targets(**profile).items()}


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        (
            {"sex": "male", "age": 45},
            {"potassium": 3400, "magnesium": 420, "calcium": 1000, "sodium": 1500, "fluid": 3000},
        ),
        (
            {"sex": "female", "age": 25},
            {"potassium": 2600, "magnesium": 310, "calcium": 1000, "sodium": 1500, "fluid": 2200},
        ),
        (
            {"sex": "female", "age": 58},
            {"potassium": 2600, "magnesium": 320, "calcium": 1200, "sodium": 1500, "fluid": 2200},
        ),
        (
            {"sex": "male", "age": 75},
            {"potassium": 3400, "magnesium": 420, "calcium": 1200, "sodium": 1500, "fluid": 3000},
        ),
        (
            {"sex": "female", "age": 33, "maternity": "pregnant"},
            {"potassium": 2900, "magnesium": 360, "calcium": 1000, "sodium": 1500, "fluid": 2300},
        ),
        (
            {"sex": "female", "age": 28, "maternity": "breastfeeding"},
            {"potassium": 2800, "magnesium": 310, "calcium": 1000, "sodium": 1500, "fluid": 3100},
        ),
    ],
)
def test_targets_follow_the_reference_tables(profile, expected):
    assert amounts(**profile) == expected


def test_prefer_not_to_say_gets_the_higher_value():
    assert amounts(sex="unspecified", age=40)["potassium"] == 3400


def test_the_superseded_4700_mg_is_never_a_target():
    for sex in ("male", "female", "unspecified"):
        for maternity in ("", "pregnant", "breastfeeding"):
            assert 4700 not in amounts(sex=sex, age=40, maternity=maternity).values()


def test_kidney_disease_and_diuretics_add_a_caveat_to_potassium():
    assert "kidneys" in daily_targets(sex="male", age=60, kidney_disease=True)["potassium"].caveat
    assert "diuretic" in daily_targets(sex="male", age=60, diuretic=True)["potassium"].caveat
    assert daily_targets(sex="male", age=60)["potassium"].caveat == ""


def test_each_target_names_its_basis_and_source():
    targets = daily_targets(sex="female", age=50)
    assert targets["potassium"].basis == Basis.AI
    assert targets["magnesium"].basis == Basis.RDA
    assert targets["sodium"].reduce_above == 2300
    assert all(target.source for target in targets.values())
