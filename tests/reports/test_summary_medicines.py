"""The printable summary lists every medicine and supplement (issue 26): the kinds the profile
records, and every supplement logged in the period with its dose."""

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.factories import SupplementFactory

pytestmark = pytest.mark.django_db


def summary_text(client) -> str:
    html = client.get(reverse("reports:summary"), {"period": "all"}).content.decode()
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_every_supplement_is_listed_with_its_dose(owner_client, owner):
    for number in range(12):
        SupplementFactory(user=owner, name=f"Supplement {number:02}", mineral_mg=100 + number)
    SupplementFactory(user=owner, name="Paracetamol", mineral="", mineral_mg=None)

    text = summary_text(owner_client)

    for number in range(12):
        assert f"Supplement {number:02} (magnesium {100 + number} mg, 1 day)" in text
    assert "Paracetamol (1 day)" in text
    assert "more" not in text.split("Medicines and supplements logged:")[1].split(".")[0]


def test_two_doses_of_one_supplement_are_both_given(owner_client, owner):
    SupplementFactory(user=owner, mineral_mg=200)
    SupplementFactory(user=owner, mineral_mg=400)

    text = summary_text(owner_client)

    assert "Magnesium citrate (magnesium 200 mg on 1 day, magnesium 400 mg on 1 day, 1 day)" in text


def test_the_profiles_medicines_are_listed(owner_client, owner):
    profile = owner.profile
    profile.takes_statin = True
    profile.uses_long_acting_inhaler = True
    profile.takes_pril_or_sartan = True
    profile.save()
    SupplementFactory(user=owner)

    text = summary_text(owner_client)

    assert (
        "Medicines (profile): a statin; a long-acting asthma inhaler; "
        "a -pril or -sartan blood-pressure medicine" in text
    )


def test_no_medicine_kind_says_which_were_asked(owner_client, owner):
    SupplementFactory(user=owner)

    assert "Medicines (profile): none of a diuretic, a statin" in summary_text(owner_client)
