"""A person's way through the account pages in Chromium: sign up, profile, log out, log in."""

import re

from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import Profile
from tests.browser.support import PHONE, confirm_sign_up, fill_login_form, log_in, path_pattern
from tests.urlconf import snapshot_rows

NEW_EMAIL = "maya@example.com"
NEW_PASSWORD = "violet kettle harbour lantern"


def sex_choice(page: Page, label: str):
    return page.get_by_role("group", name="Sex for reference intakes").get_by_label(label)


def save_profile(page: Page) -> None:
    page.get_by_role("button", name="Save profile").click()


def test_a_new_person_signs_up_fills_in_their_profile_and_comes_back(browse):
    page = browse(PHONE).new_page()

    page.goto(reverse("signup"))
    page.get_by_label("Email address").fill(NEW_EMAIL)
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    confirm_sign_up(page, NEW_EMAIL)

    expect(page).to_have_url(path_pattern(reverse("profile")))
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    expect(page.get_by_text("Welcome to Cramp Journal.")).to_be_visible()

    page.get_by_label("Display name").fill("Maya")
    sex_choice(page, "Female").check()
    page.get_by_label("Birth year").fill("1980")
    page.get_by_label("Time zone").select_option("Europe/Berlin")
    page.get_by_label("US customary (oz, fl oz)").check()
    page.get_by_label("I take a statin").check()
    save_profile(page)

    expect(page.get_by_role("status").filter(has_text="Your profile is saved.")).to_be_visible()
    profile = Profile.objects.get(user__email=NEW_EMAIL)
    assert profile.display_name == "Maya"
    assert profile.sex == Profile.Sex.FEMALE
    assert profile.birth_year == 1980
    assert profile.time_zone == "Europe/Berlin"
    assert profile.units == Profile.Units.US
    assert profile.health_flags == ["takes a statin"]

    # A fresh page load shows what was stored, not what the swapped-in form remembered.
    page.reload()
    expect(page.get_by_label("Display name")).to_have_value("Maya")
    expect(sex_choice(page, "Female")).to_be_checked()
    expect(page.get_by_label("Birth year")).to_have_value("1980")
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Berlin")
    expect(page.get_by_label("US customary (oz, fl oz)")).to_be_checked()
    expect(page.get_by_label("I take a statin")).to_be_checked()
    expect(page.get_by_label("I take a diuretic")).not_to_be_checked()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Account").click()
    expect(page).to_have_url(path_pattern(reverse("account")))
    expect(page.get_by_role("main")).to_contain_text("Europe/Berlin")

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(path_pattern(reverse(settings.LOGOUT_REDIRECT_URL)))
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")
    ).to_be_visible()

    # Logged out for real: the account page now asks for a login, then returns there.
    page.goto(reverse("account"))
    expect(page).to_have_url(path_pattern(f"{reverse('login')}?next={reverse('account')}"))
    fill_login_form(page, NEW_EMAIL, NEW_PASSWORD)
    expect(page).to_have_url(path_pattern(reverse("account")))
    expect(page.get_by_role("main")).to_contain_text(NEW_EMAIL)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_sign_up_preselects_the_browsers_time_zone(browse):
    page = browse(PHONE, timezone_id="Pacific/Auckland").new_page()

    page.goto(reverse("signup"))

    # The server offers UTC; the browser's own zone replaces it.
    expect(page.get_by_label("Time zone")).to_have_value("Pacific/Auckland")


def test_an_impossible_birth_year_is_explained_at_the_field_and_nothing_is_saved(browse, owner):
    page = browse(PHONE).new_page()
    log_in(page, owner.email)
    page.goto(reverse("profile"))
    before = snapshot_rows()

    page.get_by_label("Display name").fill("Not to be saved")
    birth_year = page.get_by_label("Birth year")
    birth_year.fill("1800")
    save_profile(page)

    expect(page.get_by_role("alert")).to_contain_text("nothing was saved")
    expect(birth_year).to_have_attribute("aria-invalid", "true")
    expect(birth_year).to_have_accessible_description(
        re.compile(r"Enter a birth year after \d{4}\.")
    )
    birth_year_box = page.locator(".field").filter(has=birth_year)
    expect(birth_year_box).to_contain_text(re.compile(r"Enter a birth year after \d{4}\."))
    # What the person typed stays, so they only correct the year.
    expect(birth_year).to_have_value("1800")
    expect(page.get_by_label("Display name")).to_have_value("Not to be saved")
    assert snapshot_rows() == before


def test_an_expired_session_sends_the_whole_page_to_the_login_form(browse, owner):
    context = browse(PHONE)
    page = context.new_page()
    log_in(page, owner.email)
    page.goto(reverse("profile"))
    before = snapshot_rows()

    page.get_by_label("Display name").fill("Typed after the session ended")
    context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    save_profile(page)

    expect(page).to_have_url(path_pattern(f"{reverse('login')}?next={reverse('profile')}"))
    expect(page.get_by_role("heading", name="Log in", level=1)).to_be_visible()
    # The login form replaced the page; it was not swapped into the profile form's place.
    expect(page.get_by_role("heading", name="Your profile")).to_have_count(0)
    assert snapshot_rows() == before
