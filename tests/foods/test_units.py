"""foods.units: what a person reads and types in metric or US customary; stored in metric."""

import pytest

from foods import units


def test_the_constants_are_the_exact_definitions():
    assert units.ML_PER_FL_OZ == 29.5735295625
    assert units.grams_from_oz(1) == 28.349523125


def test_volumes_read_in_each_system():
    assert units.volume(250, "metric") == "250 ml"
    assert units.volume(2500, "metric") == "2,500 ml"
    assert units.volume(237, "us") == "8 fl oz"
    assert units.volume(250, "us") == "8.5 fl oz"
    assert units.volume(3000, "us") == "101 fl oz"


def test_masses_read_in_each_system():
    assert units.mass(150, "metric") == "150 g"
    assert units.mass(2.5, "metric") == "2.5 g"
    assert units.mass(11682, "metric") == "11.7 kg"
    assert units.mass(150, "us") == "5.3 oz"
    assert units.mass(5000, "us") == "11 lb"


def test_the_quick_water_buttons_store_whole_ml():
    assert units.quick_water_ml("metric") == [250, 500]
    assert units.quick_water_ml("us") == [237, 473]


@pytest.mark.parametrize("ml", [1, 237, 355, 5000])
def test_fl_oz_and_ml_convert_back_and_forth(ml):
    assert units.ml_from_fl_oz(units.fl_oz_from_ml(ml)) == pytest.approx(ml)


def test_amounts_keep_mg_and_say_unknown():
    assert units.amount(None, "ml", "us") == "–"
    assert units.amount(2612.4, "mg", "us") == "2,612 mg"
    assert units.amount(1500, "ml", "us") == "51 fl oz"
    assert units.display_unit("ml", "us") == "fl oz"
    assert units.display_unit("mg", "us") == "mg"
    assert units.amount_number(2957.35295625, "ml", "us") == pytest.approx(100)
