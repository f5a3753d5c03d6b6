"""Your own factors in Chromium (issue 15, acceptance 5): define two, tap them on Today and on
earlier days, see them in the report's exploratory section and in the JSON export."""

import json
import random
import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from journal.models import DayFactorMark
from tests.browser.support import PHONE, SCREENSHOTS, path_pattern, sign_in
from tests.reports.journal_data import fill_days

SLEPT, STOOD = "Slept badly", "Stood all day"
# Days back from today on which each factor is tapped.
TAPS = {SLEPT: (0, 1, 3, 5), STOOD: (1, 2)}


def define(page: Page, name: str) -> None:
    page.get_by_label("A new factor").fill(name)
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("status").or_(page.locator(".messages"))).to_contain_text(
        f"“{name}” added"
    )


def tap(page: Page, name: str) -> None:
    button = page.locator("#own-factors").get_by_role("button", name=name)
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(page.locator("#own-factors").get_by_role("button", name=name)).to_have_attribute(
        "aria-pressed", "true"
    )


def test_define_two_factors_tap_them_and_find_them_in_the_report_and_export(
    browse, owner, tmp_path
):
    rng = random.Random(9)
    fill_days(owner, [{"cramp": rng.random() < 0.3} for _ in range(40)])
    page = browse(PHONE).new_page()
    sign_in(page, owner)

    page.goto(reverse("journal:today"))
    page.get_by_role("link", name="Add your own factors").click()
    expect(page).to_have_url(path_pattern(reverse("journal:factors")))
    define(page, SLEPT)
    define(page, STOOD)
    page.get_by_role("link", name="Back to Today").click()

    today = timezone.localdate()
    for back in range(6):
        day = today - timedelta(days=back)
        names = [name for name, days in TAPS.items() if back in days]
        if not names:
            continue
        page.goto(reverse("journal:today") if back == 0 else reverse("journal:day", args=[day]))
        for name in names:
            tap(page, name)
    page.locator("#own-factors").screenshot(path=SCREENSHOTS / "own-factors-on-a-day-phone.png")
    # One tap, one mark: nothing doubled by a slow click or a retried request.
    assert DayFactorMark.objects.filter(user=owner).count() == 6

    page.goto(reverse("journal:history"))
    expect(page.get_by_text(f"Your factors: {SLEPT}, {STOOD}")).to_be_visible()

    page.goto(reverse("reports:index") + "?period=all")
    section = page.locator("section.exploratory")
    section.get_by_text("Show the 16 exploratory comparisons").click()  # 12 + 2 factors x 2
    table = section.get_by_role("table")
    for name in (SLEPT, STOOD):
        for window in ("same day", "day before"):
            expect(table.get_by_role("rowheader", name=f"{name}, {window}")).to_be_visible()
    # Tapped on four days: "k of 4" days had a cramp, then the share ("1 of 4" + "25%").
    first_cell = table.get_by_role("row", name=f"{SLEPT}, same day").get_by_role("cell").first
    expect(first_cell).to_have_text(re.compile(r"^[0-4] of 4(0|25|50|75|100)%"))
    # Never tested, so never "stands out".
    expect(page.locator("table.association-table tr.is-flagged", has_text=SLEPT)).to_have_count(0)

    page.goto(reverse("account_data"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export JSON").click()
    file = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(file)
    exported = {item["name"]: item["days"] for item in json.loads(file.read_text())["day_factors"]}
    assert exported == {
        name: sorted((today - timedelta(days=back)).isoformat() for back in days)
        for name, days in TAPS.items()
    }
