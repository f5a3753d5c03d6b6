"""The reports in Chromium at phone size: readable, navigable, and printable."""

import re

from playwright.sync_api import expect

from tests.browser.support import DESKTOP, PHONE, sign_in
from tests.reports.journal_data import fill_journal


def open_reports(browse, owner, viewport=PHONE, query="?period=all"):
    fill_journal(owner, 60)
    page = browse(viewport).new_page()
    sign_in(page, owner)
    page.goto(f"/reports/{query}")
    return page


def test_the_report_reads_on_a_phone_without_sideways_scrolling(browse, owner):
    page = open_reports(browse, owner)

    expect(page.get_by_role("heading", name="Your trends", level=1)).to_be_visible()
    expect(page.get_by_role("img", name="Cramps per week")).to_be_visible()
    finding = page.locator("article.finding").first
    # Issue 15: the headline says the rule as well as the factor.
    expect(finding.get_by_role("heading")).to_have_text(
        re.compile(
            r"^Cramps were more common after days low in potassium"
            r" \(under your daily target of [\d,]+ mg\)$"
        )
    )
    # The page itself never scrolls sideways; wide tables scroll inside their own box.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_numbers_behind_a_chart_open_as_a_table(browse, owner):
    page = open_reports(browse, owner)

    # Issue 15: the four tested comparisons, then the exploratory ones, each behind a toggle.
    table = page.get_by_role("table", name="Tested comparisons: the share of days with a cramp")
    expect(table).to_be_hidden()
    page.get_by_text("Show the four tested comparisons as a table").click()
    expect(table).to_be_visible()
    expect(table.locator("tr.is-flagged")).to_have_count(1)
    exploratory = page.get_by_role(
        "table", name="Exploratory comparisons (not tested): the share of days with a cramp"
    )
    page.get_by_text("Show the 12 exploratory comparisons").click()
    expect(exploratory).to_be_visible()
    expect(exploratory.locator("tr.is-flagged")).to_have_count(0)


def test_the_period_picker_changes_the_period(browse, owner):
    page = open_reports(browse, owner)

    page.get_by_role("link", name="Last 30 days").click()

    expect(page.get_by_role("link", name="Last 30 days")).to_have_attribute("aria-current", "page")
    expect(page.locator(".report-period")).to_contain_text("30 days with entries")


def test_the_summary_prints_without_the_site_around_it(browse, owner):
    page = open_reports(browse, owner, viewport=DESKTOP)
    page.get_by_role("link", name="Printable summary for a clinician").click()
    expect(page.get_by_role("heading", name="Leg cramp summary", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_visible()

    page.emulate_media(media="print")

    expect(page.locator(".site-header")).to_be_hidden()
    # The footer's red flags are for the person on screen, not for the clinician's copy.
    expect(page.locator(".site-footer__red-flags")).to_be_hidden()
    expect(page.locator(".summary-toolbar")).to_be_hidden()
    expect(page.get_by_role("table", name="Cramps per week")).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
