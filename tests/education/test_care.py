"""What a person with cramps needs to know (issue 26): medicines that bring cramps on, "Is it
a cramp?", who gets cramps, magnesium's interactions, and a reading level of grade 8 at most."""

import re

import pytest
from django.urls import reverse

from education.links import learn_url
from education.pages import all_pages
from tests.education.readability import grade, prose_of
from tests.education.test_safety import (
    EMERGENCY_LINE,
    SAME_DAY_LINE,
    get,
    learn_page,
    main_of,
    section,
    text_of,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MAX_GRADE = 8


# --- Medicines that bring on cramps ----------------------------------------------------------


def medicines_text(client) -> str:
    return text_of(section(main_of(learn_page(client, "causes")), "medicines"))


@pytest.mark.parametrize(
    "phrase",
    [
        "Long-acting asthma inhalers",
        "salmeterol",
        "formoterol",
        "Diuretics",
        "Statins",
        "-pril",
        "-sartan",
        "Do not stop a prescribed medicine on your own",
        "pharmacist",
    ],
)
def test_the_medicines_section_names_each_kind_and_what_to_do(client, phrase):
    assert phrase in medicines_text(client)


def test_diuretics_are_described_by_kind(client):
    text = medicines_text(client)
    diuretics = text[text.index("Diuretics") :]

    assert "furosemide" in diuretics and "thiazides" in diuretics
    assert "lose potassium and magnesium" in diuretics
    assert "potassium-sparing" in diuretics and "push potassium up" in diuretics


def test_a_statin_with_dark_urine_is_get_seen_today(client):
    text = medicines_text(client)

    dark_urine = r"statin with muscle pain and dark, cola-coloured urine .*get seen today"
    assert re.search(dark_urine, text)


def test_a_new_medicine_in_the_appointment_tier_links_to_the_medicines_section(client):
    html = main_of(learn_page(client, "see-a-clinician"))

    assert f'href="{learn_url("medicines")}"' in section(html, "soon")


def test_magnesium_is_kept_apart_from_some_medicines(client):
    text = text_of(section(main_of(learn_page(client, "supplements")), "magnesium"))

    for phrase in ("2 hours", "tetracyclines", "quinolones", "levothyroxine", "osteoporosis"):
        assert phrase in text, phrase


def test_who_gets_cramps_puts_age_first(client):
    text = text_of(section(main_of(learn_page(client, "causes")), "who"))

    assert text.index("Age matters most") < text.index("Pregnancy")
    conditions = text_of(section(main_of(learn_page(client, "causes")), "conditions"))
    for condition in ("kidney disease", "liver disease", "thyroid disease", "nerve damage"):
        assert condition in conditions, condition


def test_warming_up_and_stretching_are_not_promised(client):
    text = text_of(section(main_of(learn_page(client, "causes")), "overuse"))

    assert "may help" in text
    assert "stretching help." not in text


# --- Is it a cramp? ---------------------------------------------------------------------------


def test_the_page_tells_a_cramp_from_the_look_alikes(client):
    main = main_of(learn_page(client, "is-it-a-cramp"))

    check = text_of(section(main, "check"))
    assert "hard" in check and "stretch" in check
    restless = text_of(section(main, "restless-legs"))
    assert "urge to move" in restless and "eases while you move" in restless
    assert "does not go hard" in restless and "iron" in restless
    assert "Burning, tingling or numb feet" in text_of(section(main, "nerve-pain"))
    assert "when you walk" in text_of(section(main, "circulation"))
    warnings = text_of(section(main, "red-flags"))
    assert EMERGENCY_LINE in warnings and SAME_DAY_LINE in warnings


def test_the_learn_index_links_to_it(client):
    html = get(client, reverse("education:index"))

    assert f'href="{reverse("education:page", args=["is-it-a-cramp"])}"' in html


def test_the_cramp_form_asks_the_two_questions_and_links_to_it(client):
    client.force_login(UserFactory())

    html = get(client, reverse("journal:create", args=["cramp"]))

    help_ = html[html.index('<details class="cramp-check"') :]
    help_ = help_[: help_.index("</details>")]
    assert "Did the muscle go hard?" in text_of(help_)
    assert "Did a stretch make it let go?" in text_of(help_)
    assert f'href="{learn_url("is-it-a-cramp")}"' in help_


def test_other_entry_forms_do_not_carry_the_check(client):
    client.force_login(UserFactory())

    assert "cramp-check" not in get(client, reverse("journal:create", args=["drink"]))


# --- Reading level ----------------------------------------------------------------------------


def test_the_grade_formula_ranks_plain_text_below_dense_text():
    plain = ["The cat sat on the mat. It was a warm day."]
    dense = [
        "Pharmacological interventions demonstrating statistically significant efficacy "
        "necessitate individualised consideration of contraindications."
    ]
    assert grade(plain) < 3 < MAX_GRADE < grade(dense)


@pytest.mark.parametrize("slug", [page.slug for page in all_pages()])
def test_every_learn_page_reads_at_grade_eight_or_below(client, slug):
    blocks = prose_of(main_of(learn_page(client, slug)))

    assert blocks
    assert grade(blocks) <= MAX_GRADE, (slug, round(grade(blocks), 1))


# --- Overclaims reworded, the stretch dose, talking to a clinician ----------------------------


@pytest.mark.parametrize(
    ("slug", "gone"),
    [
        ("relief-and-prevention", "shoes with good support reduce strain"),
        ("other-electrolytes", "when the balance tips towards calcium"),
        ("other-electrolytes", "leafy greens, and foods with calcium added"),
        ("daily-targets", "sodium has a floor and a ceiling"),
        ("potassium", "heavy sweating, for instance hard exercise in hot weather"),
    ],
)
def test_an_overclaim_is_gone(client, slug, gone):
    assert gone.lower() not in text_of(main_of(learn_page(client, slug))).lower()


def test_sodiums_adequate_intake_is_not_an_amount_to_reach(client):
    text = text_of(main_of(learn_page(client, "daily-targets")))

    assert "it is not an amount you need to reach" in text
    assert "misses the salt you add at the table" in text


def test_the_stretch_dose_is_the_trials(client):
    text = text_of(section(main_of(learn_page(client, "relief-and-prevention")), "stretching"))

    assert "about 10 seconds" in text and "three times" in text and "wall" in text


def test_teenagers_targets_are_explained(client):
    text = text_of(section(main_of(learn_page(client, "daily-targets")), "teenagers"))

    assert "1,300 mg" in text and "410 mg" in text and "360 mg" in text
    assert "adult values at 19" in text


def test_the_clinician_page_says_what_to_bring_and_ask(client):
    main = main_of(learn_page(client, "see-a-clinician"))
    bring = text_of(section(main, "bring"))

    for phrase in (
        "how often",
        "how long",
        "which muscle",
        "what eases it",
        "medicines",
        "summary",
    ):
        assert phrase in bring, phrase
    assert "Could one of my medicines" in text_of(section(main, "ask"))


def test_self_experiments_warn_that_expecting_a_change_can_make_one(client):
    text = text_of(section(main_of(learn_page(client, "self-experiments")), "meaning"))

    assert "Expecting a change can make one" in text
    assert "nine tenths" in text and "dummy pill" in text
