"""Safety on the Learn pages: red flags by urgency, quinine, who must be careful, no overclaims.

The red flags come from one template (education/red_flags.html) and show on the
see-a-clinician page (all three tiers), under the relief steps, in every page's footer and in
"Cramp right now?", which comes first on the home page and the Learn index.
"""

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from education.live import format_amount
from education.pages import CONTENT_DIR, all_pages
from foods.reference_intakes import daily_targets
from tests.factories import CrampFactory, UserFactory

pytestmark = pytest.mark.django_db

EMERGENCY_LINE = "Call 999 / 911 or your local emergency number now"
SAME_DAY_LINE = "Get seen today"
SOON_LINE = "Book an appointment"
# Each tier: its action line and phrases from its signs.
TIERS = {
    "emergency": [
        EMERGENCY_LINE,
        "Pain in the chest, or breathing that suddenly becomes hard",
        "turns cold, pale or numb",
        "A heartbeat that feels irregular, with fainting or nearly fainting",
        "Sudden weakness of one side of the body",
        "working hard in the heat, with hot skin, confusion or fainting",
        "heat illness",
        "after a cut or other wound",
        "stiff jaw or neck",
        "tetanus",
        "Confusion, a headache and vomiting after hours of exercise",
    ],
    "same-day": [
        SAME_DAY_LINE,
        "One calf that is swollen, warm or red",
        "stays or gets worse once the cramp has gone",
        "Do not rub or massage it",
        "only tender for up to a day after a cramp is normal on its own",
        "A cramp lasting longer than about 10 minutes",
        "does not let go when you stretch",
        "Numbness, tingling or weakness that stays",
        "eases when you hang the leg over the side of the bed",
        "dark urine, the colour of cola",
        "statin",
    ],
    "soon": [
        SOON_LINE,
        "getting thinner or weaker",
        "twitching under the skin",
        "spreading",
        "numb, tingly or burning",
        "swelling in both legs",
        "started a new medicine",
    ],
}
URGENT = TIERS["emergency"] + TIERS["same-day"]
NIGHT = ["Get up slowly", "Keep heat mild"]


def text_of(html: str) -> str:
    """What a reader sees: tags dropped, entities and typographic apostrophes undone."""
    text = unescape(re.sub(r"<[^>]+>", " ", html)).replace("\u2019", "'").replace("\xa0", " ")
    return " ".join(text.split())


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.text


def learn_page(client, slug: str) -> str:
    return get(client, reverse("education:page", args=[slug]))


def main_of(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def footer_of(html: str) -> str:
    return html.split('<footer class="site-footer">', 1)[1].split("</footer>", 1)[0]


def section(html: str, heading_id: str) -> str:
    """The HTML from the level-2 heading with ``heading_id`` to the next level-2 heading."""
    start = html.index(f'<h2 id="{heading_id}">')
    end = html.find("<h2", start + 1)
    return html[start : end if end != -1 else None]


def in_order(text: str, phrases: list[str]) -> bool:
    positions = [text.find(phrase) for phrase in phrases]
    return -1 not in positions and positions == sorted(positions)


# --- Red flags by urgency --------------------------------------------------------------------


@pytest.mark.parametrize(("tier", "heading_id"), [(t, t) for t in TIERS])
def test_the_clinician_page_gives_each_tier_under_its_heading(client, tier, heading_id):
    main = main_of(learn_page(client, "see-a-clinician"))

    text = text_of(section(main, heading_id))

    for phrase in TIERS[tier]:
        assert phrase in text, (tier, phrase)


def test_the_clinician_page_puts_the_most_urgent_tier_first(client):
    text = text_of(main_of(learn_page(client, "see-a-clinician")))

    assert in_order(text, [EMERGENCY_LINE, SAME_DAY_LINE, SOON_LINE])


def test_a_swollen_calf_is_same_day_not_an_appointment(client):
    main = main_of(learn_page(client, "see-a-clinician"))

    assert "swollen" in text_of(section(main, "same-day"))
    assert "swollen" not in text_of(section(main, "soon"))


def test_the_clinician_page_names_what_raises_the_risk_of_a_clot(client):
    text = text_of(section(main_of(learn_page(client, "see-a-clinician")), "same-day"))

    for risk in ("pregnancy", "after giving birth", "operation", "long journey", "hormone"):
        assert risk in text, risk


@pytest.mark.parametrize("phrase", URGENT)
def test_the_relief_page_gives_the_urgent_lines_right_under_the_steps(client, phrase):
    main = main_of(learn_page(client, "relief-and-prevention"))
    steps_end = section(main, "relief")
    after_steps = text_of(section(main, "red-flags"))

    assert phrase not in text_of(steps_end)
    assert phrase in after_steps
    # The section after the steps, before anything else.
    next_heading = main.index("<h2", main.index('<h2 id="relief">') + 1)
    assert main.index('<h2 id="red-flags">') == next_heading


def footer_pages():
    return [
        reverse("home"),
        reverse("education:index"),
        reverse("login"),
        *(reverse("education:page", args=[page.slug]) for page in all_pages()),
    ]


@pytest.mark.parametrize("url", footer_pages())
def test_every_footer_carries_the_emergency_and_same_day_lines(client, url):
    footer = text_of(footer_of(get(client, url)))

    for phrase in URGENT:
        assert phrase in footer, (url, phrase)
    assert "999 / 911" in footer


def test_the_footer_carries_the_lines_for_a_signed_in_person_too(client):
    client.force_login(UserFactory())

    footer = text_of(footer_of(get(client, reverse("journal:today"))))

    for phrase in URGENT:
        assert phrase in footer, phrase


def test_the_report_callout_carries_the_emergency_and_same_day_lines(client):
    person = UserFactory()
    CrampFactory(user=person)
    client.force_login(person)

    html = get(client, reverse("reports:index"))
    callout = html.split('<aside class="callout callout--red-flags"', 1)[1].split("</aside>", 1)[0]
    text = text_of(callout)

    for phrase in URGENT:
        assert phrase in text, phrase


@pytest.mark.parametrize("tier", ["emergency", "same-day"])
def test_the_tiers_are_kept_apart_on_the_relief_page(client, tier):
    """Each urgent sign sits under its own action line, not the other tier's."""
    main = main_of(learn_page(client, "relief-and-prevention"))
    lists = {
        name: text_of(re.search(rf'red-flags__list--{name}">(.*?)</ul>', main, re.S)[1])
        for name in ("emergency", "same-day")
    }
    other = "same-day" if tier == "emergency" else "emergency"

    for phrase in TIERS[tier][1:]:
        assert phrase in lists[tier], phrase
        assert phrase not in lists[other], phrase


def test_the_disclaimer_names_the_two_urgent_tiers(client):
    text = text_of(learn_page(client, "causes"))
    disclaimer = text[text.index("General information, not medical advice") :]

    assert "emergency number" in disclaimer[:400]
    assert "same day" in disclaimer[:400]
    assert "sudden weakness or a heartbeat that feels irregular, get help quickly" not in text


def test_the_red_flag_wording_lives_in_one_template():
    """Written once and included: no page or template carries its own copy of a sign."""
    signs = [
        phrase
        for phrases in TIERS.values()
        for phrase in phrases
        if len(phrase.split()) >= 4 and phrase not in (SAME_DAY_LINE, SOON_LINE)
    ]
    texts = {
        path: path.read_text(encoding="utf-8")
        for path in [
            *CONTENT_DIR.glob("*.md"),
            *(Path(settings.BASE_DIR) / "templates").rglob("*.html"),
        ]
    }
    for sign in signs:
        holders = [path.name for path, text in texts.items() if sign in text]
        assert holders == ["red_flags.html"], (sign, holders)


# --- Cramp right now? --------------------------------------------------------------------------


def first_link(html: str) -> tuple[str, str]:
    """The href and text of the first link in the page's main content."""
    match = re.search(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', main_of(html), re.S)
    return match[1], text_of(match[2])


# Signed-in people are sent from the home page to Today, whose quick links offer relief.
@pytest.mark.parametrize("url_name", ["home", "education:index"])
def test_cramp_right_now_is_the_first_link(client, url_name):
    html = get(client, reverse(url_name))

    href, text = first_link(html)
    assert text == "Cramp right now?"
    assert href == reverse("education:page", args=["relief-and-prevention"]) + "#relief"
    assert client.get(href.partition("#")[0]).status_code == 200


@pytest.mark.parametrize("url_name", ["home", "education:index"])
def test_cramp_right_now_gives_steps_then_red_flags_then_the_night(client, url_name):
    block = main_of(get(client, reverse(url_name)))
    block = block[block.index('<section class="cramp-now"') :]
    block = text_of(block[: block.index("</section>")])

    assert in_order(
        block, ["Stretch it gently", "Stand on the leg", EMERGENCY_LINE, SAME_DAY_LINE, *NIGHT]
    )
    assert "fall" in block and "burn" in block


def test_the_relief_page_warns_about_falls_and_burns_at_night(client):
    text = text_of(section(main_of(learn_page(client, "relief-and-prevention")), "at-night"))

    assert "Falls" in text and "light on" in text
    assert "Burns" in text and "diabetes" in text


# --- Quinine, and who must be careful ----------------------------------------------------------


@pytest.mark.parametrize("slug", ["relief-and-prevention", "supplements"])
def test_quinine_is_not_for_cramps(client, slug):
    text = text_of(section(main_of(learn_page(client, slug)), "quinine"))

    assert "quinine" in text.lower()
    assert "Food and Drug Administration" in text and "2010" in text
    assert "malaria" in text
    assert "Tonic water" in text and "not a treatment" in text


CAREFUL = [
    "ACE inhibitor",
    "angiotensin receptor blocker",
    "ARB",
    "spironolactone",
    "NSAIDs",
    "trimethoprim",
    "kidney disease",
    "heart failure",
    "potassium chloride",
    "Salt substitutes",
    "350 mg a day from supplements",
    "diarrhoea",
    "placebo",
]


@pytest.mark.parametrize("slug", ["potassium", "supplements", "daily-targets"])
def test_who_must_be_careful_is_named(client, slug):
    text = text_of(section(main_of(learn_page(client, slug)), "careful"))

    for phrase in CAREFUL:
        assert phrase in text, (slug, phrase)


def test_the_magnesium_evidence_is_given_with_the_supplements(client):
    text = text_of(section(main_of(learn_page(client, "supplements")), "magnesium"))

    assert "older adults" in text and "placebo" in text
    assert "pregnancy" in text


# --- Corrections and rewordings -----------------------------------------------------------------


def test_the_sodium_row_blames_too_much_plain_water(client):
    main = main_of(learn_page(client, "other-electrolytes"))
    row = text_of(re.search(r"<tr>\s*<td[^>]*>Sodium</td>.*?</tr>", main, re.S)[0])

    assert "drinking too much plain water" in row
    assert "too little fluid" not in row
    sodium = text_of(section(main, "sodium"))
    assert "drink to thirst" in sodium.lower()
    assert "dangerous" in sodium


def test_the_calcium_wording_matches_the_value_used_without_a_sex(client):
    text = text_of(main_of(learn_page(client, "daily-targets")))
    used = daily_targets(sex="", age=60)["calcium"]
    women = daily_targets(sex="female", age=60)["calcium"]

    assert used.amount < women.amount  # the code uses the lower value here ...
    amount, other = format_amount(used.amount, "mg"), format_amount(women.amount, "mg")
    # ... and the page says so.
    assert f"the men's value is the lower one, so without your sex the app shows {amount}" in text
    assert f"rather than the {other} for women" in text


def test_the_stretching_trial_is_described_as_it_was(client):
    text = text_of(section(main_of(learn_page(client, "relief-and-prevention")), "stretching"))

    assert "calves and their hamstrings" in text and "just before sleep" in text
    assert "calf stretches alone found no clear benefit" in text


def test_pregnancy_gives_no_cause_and_warns_of_clots(client):
    text = text_of(section(main_of(learn_page(client, "causes")), "pregnancy"))

    assert "Nobody knows for sure why" in text
    assert "extra weight and pressure" not in text
    assert "blood clot" in text and "same day" in text


def test_a_cramp_starts_in_the_nerve_and_relaxing_pumps_calcium_back(client):
    text = text_of(main_of(learn_page(client, "how-muscles-work")))

    assert "the trouble starts in the nerve, not in the muscle" in text
    assert "calcium that switched it on is pumped back" in text


# Sentences that stated fluid, electrolytes or alcohol as causes, and what must not come back.
OVERCLAIMS = [
    r"alcohol is an important cause",
    r"heavy drinking makes night cramps more likely",
    r"these help many people",
    r"as extra weight and pressure",
    r"so can dehydration",
    r"mostly with heavy sweating and too little fluid",
    r"too little fluid and several other things are far more common triggers",
    r"blood flow to the muscles suffers, which leaves them irritable",
    r"(dehydration|too little fluid|electrolytes?|alcohol) (causes?|triggers?) "
    r"(leg |night )?cramps",
]


@pytest.mark.parametrize("slug", [page.slug for page in all_pages()])
def test_no_page_states_fluid_electrolytes_or_alcohol_as_a_cause(client, slug):
    text = text_of(main_of(learn_page(client, slug))).lower()

    for pattern in OVERCLAIMS:
        assert not re.search(pattern, text), (slug, pattern)


@pytest.mark.parametrize("slug", ["causes", "other-electrolytes", "how-muscles-work"])
def test_fluid_and_electrolytes_are_worth_checking_not_proven(client, slug):
    text = text_of(main_of(learn_page(client, slug))).lower()

    assert "not proven" in text
