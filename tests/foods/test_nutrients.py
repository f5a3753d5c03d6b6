import pytest

from foods.nutrients import Nutrients, for_amount, per_100_g, round_amount, round_grams, total

BANANA = per_100_g(potassium=358, magnesium=27, calcium=5, sodium=1, energy=89, water=74.91)


def test_a_medium_banana_has_about_422_mg_potassium():
    medium = for_amount(BANANA, 118)

    assert medium.potassium == pytest.approx(422.44)
    assert medium.rounded()["potassium"] == 422
    assert medium.rounded()["magnesium"] == 32  # 31.86


def test_totals_add_up_and_start_from_nothing():
    day = total([for_amount(BANANA, 118), for_amount(BANANA, 100)])

    assert day.potassium == pytest.approx(422.44 + 358)
    assert total([]) == Nutrients()


def test_unknown_values_are_not_zero_and_mark_the_total_incomplete():
    mystery = per_100_g(potassium=None, magnesium=10, calcium=1, sodium=2, energy=5, water=90)

    day = for_amount(BANANA, 100) + for_amount(mystery, 100)

    assert for_amount(mystery, 50).potassium is None
    assert day.potassium == pytest.approx(358)  # a lower bound
    assert day.unknown == {"potassium"}
    assert day.magnesium == pytest.approx(37)


def test_a_negative_amount_is_refused():
    with pytest.raises(ValueError):
        for_amount(BANANA, -5)


@pytest.mark.parametrize(
    ("value", "shown"), [(422.5, 423), (422.49, 422), (0.5, 1), (0.49, 0), (2.5, 3)]
)
def test_rounding_goes_half_up(value, shown):
    assert round_amount(value) == shown


def test_grams_keep_a_decimal_only_when_small():
    assert round_grams(4.26) == 4.3
    assert round_grams(118.4) == 118.0


def test_amounts_convert_to_grams():
    from foods.nutrients import GRAMS_PER_OUNCE, grams_of

    assert grams_of(150, "g") == 150
    assert grams_of(1, "oz") == GRAMS_PER_OUNCE == pytest.approx(28.3495)
    assert grams_of(2, "portion", portion_grams=118) == 236
    with pytest.raises(ValueError):
        grams_of(1, "portion")
    with pytest.raises(ValueError):
        grams_of(-1, "g")
    with pytest.raises(ValueError):
        grams_of(1, "stone")
