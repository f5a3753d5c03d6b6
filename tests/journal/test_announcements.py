"""What the day page says after a quick action, and where the keyboard focus goes.

The live region is ``#journal-status`` (role=status), on the page from the start; answers
swap what is inside it. The message is built once, from the saved row
(``journal.announcements``).
"""

import datetime
import re
import uuid
import zoneinfo

from django.urls import reverse
from django.utils import timezone

from journal import announcements
from journal.models import Cramp, Drink
from tests.factories import CrampFactory, DrinkFactory, MealFactory, MealItemFactory

LONDON = zoneinfo.ZoneInfo("Europe/London")


def from_today(target):
    """The headers of an htmx tap on Today answering into ``target``."""
    today = "http://testserver" + reverse("journal:today")
    return {"HX-Request": "true", "HX-Current-URL": today, "HX-Target": target}


def live_region_oob(html):
    match = re.search(
        r'<div id="journal-status" data-hx-swap-oob="innerHTML">(.*?)</div>', html, re.S
    )
    return match and match.group(1)


def test_a_cramp_says_its_local_time(owner):
    moment = datetime.datetime(2026, 7, 1, 2, 12, tzinfo=datetime.UTC)  # 03:12 in London
    cramp = CrampFactory(user=owner, occurred_at=moment)

    with timezone.override(LONDON):
        assert announcements.added(cramp) == "Cramp logged at 03:12."


def test_a_drink_says_its_volume_and_kind(owner):
    assert announcements.added(DrinkFactory(user=owner, volume_ml=250)) == "250 ml water added."


def test_a_food_and_a_repeated_meal_say_what_they_are(owner):
    item = MealItemFactory(meal=MealFactory(user=owner, kind="lunch"), food_name="Banana")

    assert announcements.added(item) == "Banana added."
    assert announcements.added(item.meal) == "Lunch repeated."


def test_a_cramp_tap_shows_the_panel_and_says_it_in_the_live_region(owner_client, owner):
    response = owner_client.post(
        reverse("journal:log_cramp"), {"request_token": str(uuid.uuid4())},
        headers=from_today("quick-panel"),
    )  # fmt: skip

    html = response.content.decode()
    said = announcements.added(Cramp.objects.get(user=owner))
    assert said in live_region_oob(html)
    assert 'class="visually-hidden"' in live_region_oob(html)  # shown once, in the panel
    assert f"<strong>{said}</strong>" in html


def test_the_details_panel_focuses_its_first_field(owner_client, owner):
    cramp = CrampFactory(user=owner)

    url = reverse("journal:edit", args=["cramp", cramp.pk]) + "?panel=1"
    html = owner_client.get(url, headers=from_today("quick-panel")).content.decode()

    assert re.search(r'<input type="datetime-local" name="occurred_at"[^>]* autofocus', html)
    assert html.count("autofocus") == 1


def test_water_says_what_was_added_in_the_live_region_and_steals_no_focus(owner_client, owner):
    data = {"request_token": str(uuid.uuid4()), "kind": "water", "volume_ml": "250"}

    response = owner_client.post(
        reverse("journal:quick_drink"), data, headers=from_today("journal-status")
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<p class="journal-status">250 ml water added.</p>')
    assert "autofocus" not in html
    assert Drink.objects.filter(user=owner).count() == 1


def test_the_same_tap_again_says_already_saved(owner_client, owner):
    data = {"request_token": str(uuid.uuid4()), "kind": "water", "volume_ml": "250"}
    url = reverse("journal:quick_drink")

    owner_client.post(url, data, headers=from_today("journal-status"))
    again = owner_client.post(url, data, headers=from_today("journal-status"))

    assert '<p class="journal-status">Already saved.</p>' in again.content.decode()
    assert Drink.objects.filter(user=owner).count() == 1


def test_a_delete_focuses_undo_and_undo_focuses_the_entry_that_is_back(owner_client, owner):
    drink = DrinkFactory(user=owner)

    deleted = owner_client.post(
        reverse("journal:delete", args=["drink", drink.pk]), headers=from_today("journal-status")
    ).content.decode()
    back = owner_client.post(
        reverse("journal:undo"), headers=from_today("journal-status")
    ).content.decode()

    assert re.search(r'type="submit" autofocus>Undo', deleted)
    edit = reverse("journal:edit", args=["drink", drink.pk])
    assert re.search(rf'href="{edit}" autofocus', back)
    assert "250 ml water is back." in back


def test_a_plain_forms_message_takes_the_focus_on_the_day_page(owner_client):
    data = {"request_token": str(uuid.uuid4()), "kind": "water", "volume_ml": "250"}

    response = owner_client.post(reverse("journal:quick_drink"), data, follow=True)

    assert '<ul class="messages" role="status" tabindex="-1" autofocus>' in (
        response.content.decode()
    )
