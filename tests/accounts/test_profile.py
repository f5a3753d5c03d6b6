import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile


def profile_data(**overrides):
    data = {
        "display_name": "Sam",
        "sex": "female",
        "birth_year": "1970",
        "maternity": "",
        "time_zone": "America/Los_Angeles",
        "units": "us",
        "has_kidney_disease": "",
        "takes_diuretic": "on",
        "takes_statin": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value != ""}


def stored(profile):
    return {field.name: getattr(profile, field.name) for field in Profile._meta.concrete_fields}


def test_the_owner_edits_their_profile(owner_client, owner):
    response = owner_client.post(reverse("profile"), profile_data())

    assert response.status_code == 302
    owner.profile.refresh_from_db()
    assert owner.profile.display_name == "Sam"
    assert owner.profile.sex == Profile.Sex.FEMALE
    assert owner.profile.birth_year == 1970
    assert owner.profile.time_zone == "America/Los_Angeles"
    assert owner.profile.units == Profile.Units.US
    assert owner.profile.takes_diuretic is True
    assert owner.profile.has_kidney_disease is False
    assert "Your profile is saved." in owner_client.get(reverse("profile")).content.decode()


def test_htmx_save_returns_only_the_form_with_a_confirmation(owner_client, owner):
    response = owner_client.post(reverse("profile"), profile_data(), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<form id="profile-form"')
    assert "<html" not in html
    assert "Your profile is saved." in html
    assert "HX-Request" in response["Vary"]
    owner.profile.refresh_from_db()
    assert owner.profile.display_name == "Sam"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"birth_year": "1800"}, "birth_year", "Enter a birth year after"),
        ({"birth_year": "2024"}, "birth_year", "aged 13 and over"),
        ({"birth_year": "nineteen"}, "birth_year", "Enter a whole number."),
        ({"time_zone": "Atlantis/Capital"}, "time_zone", "Select a valid choice"),
        ({"sex": "robot"}, "sex", "Select a valid choice"),
        ({"units": "furlongs"}, "units", "Select a valid choice"),
        ({"sex": "male", "maternity": "pregnant"}, "maternity", "apply only with sex"),
        ({"display_name": "x" * 61}, "display_name", "at most 60 characters"),
    ],
)
def test_it_rejects_bad_input_and_saves_nothing(owner_client, owner, overrides, field, message):
    before = stored(owner.profile)

    response = owner_client.post(reverse("profile"), profile_data(**overrides))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    owner.profile.refresh_from_db()
    assert stored(owner.profile) == before


def test_htmx_errors_come_back_in_the_form_with_status_422(owner_client, owner):
    response = owner_client.post(
        reverse("profile"), profile_data(birth_year="1800"), headers={"HX-Request": "true"}
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "nothing was saved" in html
    assert 'aria-invalid="true"' in html


def test_each_person_sees_and_edits_only_their_own_profile(stranger_client, owner, stranger):
    stranger_client.post(reverse("profile"), profile_data(display_name="Stranger"))

    owner.profile.refresh_from_db()
    stranger.profile.refresh_from_db()
    assert owner.profile.display_name == ""
    assert stranger.profile.display_name == "Stranger"
    page = stranger_client.get(reverse("account")).content.decode()
    assert "stranger@example.com" in page
    assert "owner@example.com" not in page


def test_the_profile_time_zone_drives_the_times_shown(owner_client, owner):
    # 11:30 on 1 January in UTC is already 00:30 on 2 January in Auckland.
    owner.date_joined = datetime(2026, 1, 1, 11, 30, tzinfo=UTC)
    owner.save()
    owner.profile.time_zone = "Pacific/Auckland"
    owner.profile.save()

    page = owner_client.get(reverse("account")).content.decode()

    assert "2 January 2026" in page
    assert timezone.get_current_timezone_name() == "UTC"  # nothing leaks past the request


@pytest.mark.parametrize("field", ["has_kidney_disease", "takes_diuretic"])
def test_the_kidney_and_diuretic_questions_link_to_who_must_be_careful(client, owner_client, field):
    page = owner_client.get(reverse("profile")).content.decode()

    help_text = re.search(rf'<div class="field__help" id="id_{field}_helptext">(.*?)</div>', page)
    link = re.search(
        r'<a href="([^"]+)">Who must be careful with potassium and magnesium</a>', help_text[1]
    )
    path, _, anchor = link[1].partition("#")
    assert (path, anchor) == (reverse("education:page", args=["supplements"]), "careful")
    learn = client.get(path).content.decode()
    assert f'id="{anchor}"' in learn and "spironolactone" in learn


def test_the_sex_question_says_which_values_prefer_not_to_say_uses(owner_client):
    from foods.reference_intakes import daily_targets

    page = owner_client.get(reverse("profile")).content.decode()

    assert "we use the values for men: the higher ones, except calcium from 51 to 70" in page
    unspecified, men = daily_targets(sex="", age=60), daily_targets(sex="male", age=60)
    women = daily_targets(sex="female", age=60)
    assert all(unspecified[name] == men[name] for name in men)
    assert unspecified["calcium"].amount < women["calcium"].amount
    for name in ("potassium", "magnesium", "fluid"):
        assert unspecified[name].amount >= women[name].amount, name


# --- The medicine questions (issue 26) ----------------------------------------------------------


def test_the_profile_asks_about_inhalers_and_pril_or_sartan_medicines(owner_client, owner):
    data = profile_data(uses_long_acting_inhaler="on", takes_pril_or_sartan="on")

    assert owner_client.post(reverse("profile"), data).status_code == 302

    owner.profile.refresh_from_db()
    assert owner.profile.uses_long_acting_inhaler is True
    assert owner.profile.takes_pril_or_sartan is True
    assert "uses a long-acting asthma inhaler" in owner.profile.health_flags


@pytest.mark.parametrize(
    "field", ["takes_diuretic", "takes_statin", "uses_long_acting_inhaler", "takes_pril_or_sartan"]
)
def test_each_medicine_question_links_to_the_medicines_section(owner_client, field):
    from education.links import learn_url

    html = owner_client.get(reverse("profile")).content.decode()
    question = html[html.index(f'name="{field}"') :]
    question = question[: question.index("</div>", question.index("helptext"))]

    assert f'href="{learn_url("medicines")}"' in question


def test_the_pril_or_sartan_question_also_links_to_who_must_be_careful(owner_client):
    from education.links import learn_url

    html = owner_client.get(reverse("profile")).content.decode()
    question = html[html.index('name="takes_pril_or_sartan"') :]
    question = question[: question.index("</div>", question.index("helptext"))]

    assert f'href="{learn_url("careful")}"' in question
