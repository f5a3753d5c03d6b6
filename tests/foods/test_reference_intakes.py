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


# Teenagers (issue 26): the references' own values, not the adults'. 13 is in the 9-13 band,
# 14 and 18 in 14-18, 19 is an adult (19-30).
@pytest.mark.parametrize(
    ("sex", "age", "expected"),
    [
        ("male", 13, {"potassium": 2500, "magnesium": 240, "calcium": 1300, "sodium": 1200,
                      "fluid": 1800}),
        ("female", 13, {"potassium": 2300, "magnesium": 240, "calcium": 1300, "sodium": 1200,
                        "fluid": 1600}),
        ("male", 14, {"potassium": 3000, "magnesium": 410, "calcium": 1300, "sodium": 1500,
                      "fluid": 2600}),
        ("female", 14, {"potassium": 2300, "magnesium": 360, "calcium": 1300, "sodium": 1500,
                        "fluid": 1800}),
        ("male", 18, {"potassium": 3000, "magnesium": 410, "calcium": 1300, "sodium": 1500,
                      "fluid": 2600}),
        ("female", 18, {"potassium": 2300, "magnesium": 360, "calcium": 1300, "sodium": 1500,
                        "fluid": 1800}),
        ("male", 19, {"potassium": 3400, "magnesium": 400, "calcium": 1000, "sodium": 1500,
                      "fluid": 3000}),
        ("female", 19, {"potassium": 2600, "magnesium": 310, "calcium": 1000, "sodium": 1500,
                        "fluid": 2200}),
    ],
)  # fmt: skip
def test_teenagers_get_the_values_for_their_age(sex, age, expected):
    assert amounts(sex=sex, age=age) == expected


@pytest.mark.parametrize(("age", "limit"), [(13, 1800), (14, 2300), (18, 2300), (19, 2300)])
def test_the_sodium_level_to_stay_below_follows_age(age, limit):
    for sex in ("male", "female"):
        assert daily_targets(sex=sex, age=age)["sodium"].reduce_above == limit


def test_a_teenager_who_prefers_not_to_say_gets_the_higher_values():
    assert amounts(sex="unspecified", age=15) == amounts(sex="male", age=15)


def test_a_pregnant_teenager_gets_the_girls_values_with_a_caveat():
    targets = daily_targets(sex="female", age=17, maternity="pregnant")

    assert {name: t.amount for name, t in targets.items()} == amounts(sex="female", age=17)
    assert "under 19" in targets["magnesium"].caveat


def test_the_profile_targets_follow_the_birth_year(db):
    from datetime import date

    from journal.totals import targets_for
    from tests.factories import UserFactory

    person = UserFactory(profile={"sex": "female", "birth_year": 2012})

    assert targets_for(person.profile, date(2026, 12, 6))["calcium"].amount == 1300
    assert targets_for(person.profile, date(2031, 12, 6))["calcium"].amount == 1000
