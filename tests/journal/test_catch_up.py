"""Catch-up logging: every "Add ..." on a past day's page opens a form set to that day at a
sensible time, saves to that day and goes back to it."""

import re
import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.models import Cramp, Drink, Exercise, Supplement

HTMX = {"HX-Request": "true"}
LONDON = ZoneInfo("Europe/London")

FORMS = {
    "drink": {"kind": "water", "volume_ml": "400"},
    "cramp": {"muscle": "calf"},
    "exercise": {"activity": "Walking", "duration_minutes": "30", "intensity": "light",
                 "sweat": "little"},
    "supplement": {"name": "Magnesium citrate", "mineral": "magnesium", "mineral_mg": "200"},
}  # fmt: skip
MODELS = {"drink": Drink, "cramp": Cramp, "exercise": Exercise, "supplement": Supplement}
CATCH_UP_TIMES = {"drink": time(12), "cramp": time(3), "exercise": time(18),
                  "supplement": time(12)}  # fmt: skip


def yesterday():
    return timezone.localdate(timezone.now(), LONDON) - timedelta(days=1)


def form_time(page):
    return re.search(r'name="occurred_at" value="([^"]+)"', page).group(1)


def test_a_past_days_page_offers_every_add(owner_client):
    day = yesterday()

    page = owner_client.get(reverse("journal:day", args=[day])).content.decode()

    for slug in FORMS:
        assert f"{reverse('journal:create', args=[slug])}?day={day.isoformat()}" in page
    assert f"{reverse('journal:add_food')}?day={day.isoformat()}" in page


@pytest.mark.parametrize("slug", list(FORMS))
def test_the_form_opens_on_that_day_at_its_usual_time(owner_client, slug):
    day = date(2026, 11, 30)

    response = owner_client.get(reverse("journal:create", args=[slug]), {"day": "2026-11-30"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Adding to Monday 30 November" in page
    expected = datetime.combine(day, CATCH_UP_TIMES[slug])
    assert form_time(page) == f"{expected:%Y-%m-%dT%H:%M}"
    assert f'action="{reverse("journal:create", args=[slug])}?day=2026-11-30"' in page
    assert f'href="{reverse("journal:day", args=[day])}">Cancel' in page


@pytest.mark.parametrize("slug", list(FORMS))
def test_it_saves_to_that_day_and_goes_back_to_it(owner_client, owner, slug):
    day = yesterday()
    url = f"{reverse('journal:create', args=[slug])}?day={day.isoformat()}"
    shown = form_time(owner_client.get(url).content.decode())

    response = owner_client.post(
        url, {"occurred_at": shown, "request_token": str(uuid.uuid4()), **FORMS[slug]}
    )

    assert response.status_code == 302
    assert response.url == reverse("journal:day", args=[day])
    entry = MODELS[slug].objects.get(user=owner)
    assert entry.local_date == day
    assert timezone.localtime(entry.occurred_at, LONDON).time() == CATCH_UP_TIMES[slug]
    if slug == "cramp":
        # The night that ended that morning: on the day's page, and counted on that day.
        assert entry.night_of == day - timedelta(days=1)
    past_page = owner_client.get(reverse("journal:day", args=[day])).context
    today_page = owner_client.get(reverse("journal:today")).context
    assert [row["entry"] for row in past_page["timeline"]] == [entry]
    assert today_page["timeline"] == []


def test_with_htmx_the_form_goes_back_to_the_day_too(owner_client, owner):
    day = yesterday()
    url = f"{reverse('journal:create', args=['drink'])}?day={day.isoformat()}"

    response = owner_client.post(
        url,
        {"occurred_at": f"{day:%Y-%m-%d}T12:00", "request_token": str(uuid.uuid4()),
         **FORMS["drink"]},
        headers={**HTMX, "HX-Current-URL": "http://testserver" + url},
    )  # fmt: skip

    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("journal:day", args=[day])
    assert Drink.objects.get(user=owner).local_date == day
    page = owner_client.get(reverse("journal:day", args=[day])).content.decode()
    assert "Drink added." in page


@pytest.mark.parametrize("day", ["", "not-a-day", "0001-01-01", "1999-12-31", "2999-01-01"])
def test_today_or_anything_but_a_past_day_means_now(owner_client, day):
    before = timezone.localtime(timezone.now(), LONDON).replace(second=0, microsecond=0)

    response = owner_client.get(reverse("journal:create", args=["exercise"]), {"day": day})

    assert response.status_code == 200
    shown = datetime.strptime(form_time(response.content.decode()), "%Y-%m-%dT%H:%M")
    # Now, never a later time of day: nothing is set in the future.
    assert (
        before.replace(tzinfo=None) <= shown <= before.replace(tzinfo=None) + timedelta(minutes=1)
    )
    assert "Adding to" not in response.content.decode()


def test_todays_date_as_the_day_means_now_not_a_later_time(owner_client):
    today = timezone.localdate(timezone.now(), LONDON)

    response = owner_client.get(
        reverse("journal:create", args=["exercise"]), {"day": today.isoformat()}
    )

    shown = datetime.strptime(form_time(response.content.decode()), "%Y-%m-%dT%H:%M")
    assert shown.replace(tzinfo=LONDON) <= timezone.now()
    assert "Adding to" not in response.content.decode()


def test_a_refused_form_keeps_its_day(owner_client, owner):
    day = yesterday()
    url = f"{reverse('journal:create', args=['drink'])}?day={day.isoformat()}"

    response = owner_client.post(
        url,
        {"occurred_at": f"{day:%Y-%m-%d}T12:00", "kind": "water", "volume_ml": "abc",
         "request_token": str(uuid.uuid4())},
    )  # fmt: skip

    assert response.status_code == 422
    assert f"Adding to {day:%A} {day.day} {day:%B}" in response.content.decode()
    assert not Drink.objects.filter(user=owner).exists()


def test_a_catch_up_cramp_on_a_spring_forward_day_is_at_three(owner_client, owner):
    """03:00 exists on the day London's clocks change (they jump 01:00 to 02:00)."""
    response = owner_client.get(reverse("journal:create", args=["cramp"]), {"day": "2026-03-29"})

    assert form_time(response.content.decode()) == "2026-03-29T03:00"


def test_yes_to_last_night_opens_the_cramp_form_in_that_night(owner_client):
    """The morning question's "Yes, log it" (?night=): 03:00 on the morning the night ended."""
    night = yesterday() - timedelta(days=1)

    page = owner_client.get(
        reverse("journal:create", args=["cramp"]), {"night": night.isoformat()}
    ).content.decode()

    assert (
        form_time(page) == f"{datetime.combine(night + timedelta(days=1), time(3)):%Y-%m-%dT%H:%M}"
    )


@pytest.mark.parametrize("night", ["tomorrow", "today", "1999-12-31", "banana"])
def test_a_night_not_yet_ended_or_impossible_is_ignored(owner_client, night):
    today = timezone.localdate(timezone.now(), LONDON)
    value = {"tomorrow": (today + timedelta(days=1)).isoformat(),
             "today": today.isoformat()}.get(night, night)  # fmt: skip
    before = timezone.localtime(timezone.now(), LONDON).replace(tzinfo=None, second=0)

    response = owner_client.get(reverse("journal:create", args=["cramp"]), {"night": value})

    assert response.status_code == 200
    shown = datetime.fromisoformat(form_time(response.content.decode()))
    assert shown >= before.replace(microsecond=0) - timedelta(minutes=1)  # now, not a night
