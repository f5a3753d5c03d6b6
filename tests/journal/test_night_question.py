"""Today's morning question, "Any cramps last night?", through its views and its rule."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from journal import nights
from journal.models import DayStatus, NightAnswer
from tests.factories import CrampFactory, UserFactory

HTMX = {"HX-Request": "true"}
QUESTION = "Any cramps last night?"


def zone_at_hour(hour: int) -> str:
    """A fixed-offset zone where the wall clock reads ``hour`` o'clock now, so that the test
    sees the morning (or the night) whatever the time it runs."""
    offset = (hour - timezone.now().astimezone(datetime.UTC).hour) % 24
    if offset > 14:
        offset -= 24
    # Etc/GMT-9 is nine hours east of UTC (POSIX signs).
    return "Etc/GMT" + (f"{-offset:+d}" if offset else "")


@pytest.fixture
def morning_owner(db):
    return UserFactory(email="morning@example.com", profile={"time_zone": zone_at_hour(10)})


@pytest.fixture
def morning_client(client, morning_owner):
    client.force_login(morning_owner)
    return client


def local_today(user):
    return timezone.localdate(timezone.now(), user.profile.zone)


def last_night(user):
    return nights.last_night(local_today(user))


def cramp_in_the_night(user, night):
    moment = datetime.datetime.combine(
        night + datetime.timedelta(days=1), datetime.time(3, 0), tzinfo=user.profile.zone
    )
    return CrampFactory(user=user, occurred_at=moment)


# --- When it is asked ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clock", "asked"),
    [
        (datetime.time(5, 59), False),  # still the night
        (datetime.time(6, 0), True),  # the night has ended
        (datetime.time(12, 0), True),
        (datetime.time(17, 59), True),
        (datetime.time(18, 0), False),  # the evening: tonight's night begins
    ],
)
def test_it_asks_from_the_end_of_the_night_until_the_evening(owner, clock, asked):
    now = datetime.datetime.combine(datetime.date(2026, 3, 15), clock)
    expected = datetime.date(2026, 3, 14) if asked else None
    assert nights.morning_question(owner, now) == expected


def test_it_does_not_ask_about_a_known_night(owner):
    night = datetime.date(2026, 3, 14)
    morning = datetime.datetime(2026, 3, 15, 9, 0)
    cramp_in_the_night(owner, night)
    assert nights.morning_question(owner, morning) is None


def test_it_does_not_ask_when_the_day_is_marked_complete(owner):
    DayStatus.objects.create(user=owner, date=datetime.date(2026, 3, 15), food_log_complete=True)
    assert nights.morning_question(owner, datetime.datetime(2026, 3, 15, 9, 0)) is None


# --- On Today --------------------------------------------------------------------------------


def test_today_asks_in_the_morning(morning_client, morning_owner):
    html = morning_client.get(reverse("journal:today")).content.decode()
    assert QUESTION in html
    night = last_night(morning_owner)
    assert reverse("journal:night_answer", kwargs={"night": night}) in html
    # "Yes" opens the cramp form for that night.
    assert f"{reverse('journal:create', args=['cramp'])}?night={night.isoformat()}" in html


def test_today_does_not_ask_at_night(client, db):
    sleeper = UserFactory(email="night@example.com", profile={"time_zone": zone_at_hour(3)})
    client.force_login(sleeper)
    assert QUESTION not in client.get(reverse("journal:today")).content.decode()


def test_a_past_day_does_not_ask(morning_client, morning_owner):
    yesterday = local_today(morning_owner) - datetime.timedelta(days=1)
    html = morning_client.get(reverse("journal:day", kwargs={"day": yesterday})).content.decode()
    assert QUESTION not in html


def test_no_cramps_is_recorded_in_one_tap_and_confirmed_with_an_undo(morning_client, morning_owner):
    night = last_night(morning_owner)
    url = reverse("journal:night_answer", kwargs={"night": night})

    response = morning_client.post(url, {"answer": "no"}, headers=HTMX)

    assert response.status_code == 200
    answer = NightAnswer.objects.get(user=morning_owner)
    assert (answer.night, answer.source) == (night, NightAnswer.Source.TODAY)
    html = response.content.decode()
    assert "Saved: no cramps last night." in html
    assert "autofocus" in html  # focus moves to the confirmation
    assert 'name="answer" value="undo"' in html
    assert nights.is_known(morning_owner, night)
    # Today stops asking.
    assert QUESTION not in morning_client.get(reverse("journal:today")).content.decode()


def test_a_second_tap_adds_nothing(morning_client, morning_owner):
    url = reverse("journal:night_answer", kwargs={"night": last_night(morning_owner)})
    morning_client.post(url, {"answer": "no"}, headers=HTMX)
    response = morning_client.post(url, {"answer": "no"}, headers=HTMX)
    assert response.status_code == 200
    assert NightAnswer.objects.filter(user=morning_owner).count() == 1


def test_undo_takes_the_answer_back_and_asks_again(morning_client, morning_owner):
    night = last_night(morning_owner)
    url = reverse("journal:night_answer", kwargs={"night": night})
    morning_client.post(url, {"answer": "no"}, headers=HTMX)

    response = morning_client.post(url, {"answer": "undo"}, headers=HTMX)

    assert not NightAnswer.objects.filter(user=morning_owner).exists()
    assert QUESTION in response.content.decode()
    assert not nights.is_known(morning_owner, night)


def test_a_night_with_a_cramp_cannot_be_answered_no(morning_client, morning_owner):
    night = last_night(morning_owner)
    cramp_in_the_night(morning_owner, night)
    url = reverse("journal:night_answer", kwargs={"night": night})

    response = morning_client.post(url, {"answer": "no"}, headers=HTMX)

    assert response.status_code == 422
    assert "A cramp is logged for that night" in response.content.decode()
    assert not NightAnswer.objects.exists()


def test_without_javascript_it_answers_and_goes_back_to_today(morning_client, morning_owner):
    url = reverse("journal:night_answer", kwargs={"night": last_night(morning_owner)})
    response = morning_client.post(url, {"answer": "no"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("journal:today")
    assert "Saved: no cramps that night." in response.content.decode()
    assert NightAnswer.objects.filter(user=morning_owner).count() == 1


@pytest.mark.parametrize("answer", ["", "yes", "maybe", "no" * 50])
def test_anything_but_no_or_undo_is_refused(morning_client, morning_owner, answer):
    url = reverse("journal:night_answer", kwargs={"night": last_night(morning_owner)})
    response = morning_client.post(url, {"answer": answer}, headers=HTMX)
    assert response.status_code == 422
    assert "Choose “No cramps” or “Undo”." in response.content.decode()
    assert not NightAnswer.objects.exists()


def test_a_night_that_has_not_ended_is_404(morning_client, morning_owner):
    tonight = local_today(morning_owner)
    url = reverse("journal:night_answer", kwargs={"night": tonight})
    assert morning_client.post(url, {"answer": "no"}).status_code == 404
    old = reverse("journal:night_answer", kwargs={"night": datetime.date(1999, 12, 31)})
    assert morning_client.post(old, {"answer": "no"}).status_code == 404
    assert not NightAnswer.objects.exists()


def test_it_checks_ownership(morning_client, morning_owner, stranger):
    """The answer is the signed-in person's own; a stranger's night is untouched."""
    night = last_night(morning_owner)
    NightAnswer.objects.create(user=stranger, night=night, source="email")
    url = reverse("journal:night_answer", kwargs={"night": night})

    morning_client.post(url, {"answer": "undo"}, headers=HTMX)

    assert NightAnswer.objects.filter(user=stranger, night=night).exists()
    morning_client.post(url, {"answer": "no"}, headers=HTMX)
    assert NightAnswer.objects.filter(user=morning_owner, night=night).exists()
    assert NightAnswer.objects.filter(user=stranger).count() == 1


def test_is_known_follows_the_rule_of_known_nights(owner, stranger):
    first = datetime.date(2026, 3, 1)
    cramp_in_the_night(owner, first)  # the night of 1 March
    NightAnswer.objects.create(user=owner, night=first + datetime.timedelta(days=1))
    DayStatus.objects.create(
        user=owner, date=first + datetime.timedelta(days=4), food_log_complete=True
    )
    # Not known: a complete day names the night that ended on it, not the one after it; a
    # reopened day says nothing; another person's answer is theirs.
    DayStatus.objects.create(
        user=owner, date=first + datetime.timedelta(days=5), food_log_complete=False
    )
    NightAnswer.objects.create(user=stranger, night=first + datetime.timedelta(days=6))
    nights_of_march = [first + datetime.timedelta(days=offset) for offset in range(8)]

    known = nights.known_nights(owner, nights_of_march[0], nights_of_march[-1])

    assert known == {first, first + datetime.timedelta(days=1), first + datetime.timedelta(days=3)}
    assert {night for night in nights_of_march if nights.is_known(owner, night)} == known
