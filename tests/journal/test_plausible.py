"""journal.plausible: when one amount asks "Save anyway?"."""

from foods.nutrients import Nutrients
from foods.reference_intakes import daily_targets
from journal.plausible import drink_question, food_question

TARGETS = daily_targets(sex="female", age=40)


def _minerals(potassium=0.0, calcium=0.0):
    return Nutrients(potassium, 0.0, calcium, 0.0, 0.0, 0.0)


def test_a_usual_serving_asks_nothing():
    assert food_question("1 medium banana", 118, _minerals(422), TARGETS, "metric") is None


def test_ninety_nine_bananas_say_how_far_over_the_target_they_are():
    question = food_question("99 bananas", 11682, _minerals(41822), TARGETS, "metric")

    assert question == (
        "99 bananas is 11.7 kg and 41,822 mg potassium, about 16 times your day's target. "
        "Save anyway?"
    )


def test_three_times_the_target_is_still_plausible_and_more_is_not():
    exactly = 3 * TARGETS["calcium"].amount
    assert food_question("cheese", 500, _minerals(calcium=exactly), TARGETS, "metric") is None
    question = food_question("cheese", 500, _minerals(calcium=exactly + 1), TARGETS, "us")
    assert question == (
        "cheese is 17.6 oz and 3,001 mg calcium, about 3 times your day's target. Save anyway?"
    )


def test_an_unknown_mineral_is_not_taken_as_over():
    unknown = Nutrients(None, None, None, None, None, None)
    assert food_question("soup", 400, unknown, TARGETS, "metric") is None


def test_two_litres_is_one_drink_and_more_asks():
    unknown = Nutrients(None, None, None, None, None, None)
    assert drink_question(2000, unknown, TARGETS, "metric") is None
    assert drink_question(2366, unknown, TARGETS, "us") == (
        "80 fl oz is a lot for one drink. Save anyway?"
    )
