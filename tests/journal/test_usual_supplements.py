"""Your usual supplements and medicines (issue 24): a saved list, "Took my usual" in one tap
on Today, one item alone, in agreement with the profile's medicine questions."""

import uuid

import pytest
from django.urls import reverse

from journal import usual
from journal.intake import intake_by_day
from journal.models import Supplement, UsualSupplement
from tests.factories import UsualSupplementFactory

HTMX = {"HX-Request": "true"}


def add(client, **data):
    return client.post(reverse("journal:usual"), {"name": "Magnesium", "dose": "", **data})


def test_the_list_is_kept_and_took_my_usual_logs_it_in_one_tap(owner_client, owner):
    first = add(owner_client, name="Magnesium citrate", dose="2 tablets", magnesium_mg=200)
    assert first.status_code == 302
    add(owner_client, name="Multivitamin", potassium_mg=80, calcium_mg=160)
    add(owner_client, name="Vitamin D", dose="1 drop")
    token = str(uuid.uuid4())
    today = reverse("journal:today")

    answer = owner_client.post(
        reverse("journal:took_usual"),
        {"request_token": token},
        headers={**HTMX, "HX-Current-URL": "http://testserver" + today},
    )

    assert answer.status_code == 200
    html = answer.content.decode()
    assert "Logged: Magnesium citrate, Multivitamin and Vitamin D." in html
    assert 'id="day-totals"' in html  # the totals come back with the answer: no reload
    assert "all logged today" in html  # and the list, saying what is logged
    logged = sorted(
        Supplement.objects.filter(user=owner).values_list("name", "mineral", "mineral_mg")
    )
    assert logged == [
        ("Magnesium citrate, 2 tablets", "magnesium", 200),
        ("Multivitamin", "calcium", 160),
        ("Multivitamin", "potassium", 80),
        ("Vitamin D, 1 drop", "", None),
    ]
    day = Supplement.objects.filter(user=owner).first().local_date
    minerals = intake_by_day(owner, day, day)[day].minerals
    assert (minerals["magnesium"], minerals["potassium"], minerals["calcium"]) == (200, 80, 160)

    again = owner_client.post(reverse("journal:took_usual"), {"request_token": token}, headers=HTMX)
    assert again.status_code == 200
    assert Supplement.objects.filter(user=owner).count() == 4  # a double tap adds nothing


def test_one_item_is_logged_alone(owner_client, owner):
    UsualSupplementFactory(user=owner, name="Potassium", magnesium_mg=None, potassium_mg=99)
    item = UsualSupplementFactory(user=owner)
    owner_client.post(reverse("journal:took_one", args=[item.pk]))
    assert list(Supplement.objects.filter(user=owner).values_list("name", "mineral_mg")) == [
        ("Magnesium citrate, 1 tablet", 200)
    ]


def test_today_offers_the_usual_list(owner_client, owner):
    page = owner_client.get(reverse("journal:today")).content.decode()
    assert "Keep your usual supplements and medicines" in page
    UsualSupplementFactory(user=owner, name="Magnesium glycinate")
    page = owner_client.get(reverse("journal:today")).content.decode()
    assert "Took my usual" in page and "Magnesium glycinate" in page


def test_an_empty_list_is_not_taken(owner_client, owner):
    answer = owner_client.post(reverse("journal:took_usual"))
    assert answer.status_code == 302
    assert not Supplement.objects.filter(user=owner).exists()


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"name": ""}, "Say what you take, like magnesium."),
        ({"magnesium_mg": "-1"}, "Enter a number from 0 to 5,000 mg."),
        ({"calcium_mg": "6000"}, "Enter a number from 0 to 5,000 mg."),
        ({"potassium_mg": "lots"}, "Enter a number"),
        ({"medicine": "aspirin"}, "Choose one of the choices shown."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(owner_client, owner, data, field_message):
    answer = add(owner_client, **data)
    assert answer.status_code == 422
    assert field_message in answer.content.decode()
    assert not UsualSupplement.objects.filter(user=owner).exists()


def test_a_medicine_the_profile_asks_about_answers_it_yes(owner_client, owner):
    assert not owner.profile.takes_statin
    answer = add(owner_client, name="Atorvastatin", dose="20 mg", medicine="statin")
    owner.profile.refresh_from_db()
    assert owner.profile.takes_statin
    page = owner_client.get(answer["Location"]).content.decode()
    assert "Your profile now says you take a statin." in page
    # Taken off the list, the profile keeps its answer: the person decides, and sees it.
    item = UsualSupplement.objects.get(user=owner)
    owner_client.post(reverse("journal:usual_delete", args=[item.pk]))
    owner.profile.refresh_from_db()
    assert owner.profile.takes_statin
    page = owner_client.get(reverse("journal:usual")).content.decode()
    assert "Your profile says you take a statin, and this list has none." in page


def test_every_kind_the_profile_asks_about_is_a_kind_of_the_list_and_a_profile_field(owner):
    kinds = set(UsualSupplement.Medicine.values)
    for kind, (field, _) in usual.PROFILE_QUESTIONS.items():
        assert kind in kinds
        assert isinstance(getattr(owner.profile, field), bool)


def test_a_strangers_item_is_not_found_and_not_logged(client, owner, stranger):
    item = UsualSupplementFactory(user=owner)
    client.force_login(stranger)
    assert client.get(reverse("journal:usual_edit", args=[item.pk])).status_code == 404
    assert client.post(reverse("journal:took_one", args=[item.pk])).status_code == 404
    client.post(reverse("journal:took_usual"))
    assert not Supplement.objects.exists()
    assert "Magnesium citrate" not in client.get(reverse("journal:usual")).content.decode()


@pytest.mark.parametrize(
    ("medicine", "field", "said"),
    [
        ("diuretic", "takes_diuretic", "a diuretic"),
        ("inhaler", "uses_long_acting_inhaler", "a long-acting asthma inhaler"),
        ("pril_sartan", "takes_pril_or_sartan", "a -pril or -sartan medicine"),
    ],
)
def test_each_medicine_question_of_the_profile_is_answered_by_its_kind(
    owner_client, owner, medicine, field, said
):
    answer = add(owner_client, name="A medicine", dose="1 tablet", medicine=medicine)

    owner.profile.refresh_from_db()
    assert getattr(owner.profile, field) is True
    page = owner_client.get(answer["Location"]).content.decode()
    assert f"Your profile now says you take {said}." in page
