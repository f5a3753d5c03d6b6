"""The report and the clinician summary on a 390 px phone, light and dark (issue 14): no table
wider than its container, no chart label over another or outside its chart. Screenshots of
each go to test-artifacts/screenshots/ to be looked at."""

from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from demo.account import DEMO_EMAIL
from tests.browser.support import PHONE, SCREENSHOTS, sign_in
from tests.conftest import sample_catalog_files
from tests.factories import CrampFactory

# Every table against the box it sits in (a scroll box counts as the box: a table that has
# to scroll sideways on a phone does not fit).
OVERFLOWING_TABLES = """
() => Array.from(document.querySelectorAll("main table")).flatMap((table) => {
  const box = table.closest(".table-scroll") || table.parentElement;
  const outer = box.getBoundingClientRect();
  const inner = table.getBoundingClientRect();
  const width = Math.max(inner.width, table.scrollWidth);
  return width > outer.width + 0.5 || inner.left < outer.left - 0.5
    ? [`${table.querySelector("caption")?.textContent.trim()}: ${width} > ${outer.width}`]
    : [];
})
"""

# Every pair of text labels in one chart that overlap, and any label outside its chart.
CLASHING_LABELS = """
() => Array.from(document.querySelectorAll("main svg.chart")).flatMap((chart, index) => {
  const frame = chart.getBoundingClientRect();
  const labels = Array.from(chart.querySelectorAll("text")).map((text) => ({
    text: text.textContent.trim(),
    box: text.getBoundingClientRect(),
  })).filter((label) => label.text && label.box.width > 0);
  const problems = [];
  labels.forEach((label, i) => {
    const b = label.box;
    if (b.left < frame.left - 0.5 || b.right > frame.right + 0.5)
      problems.push(`chart ${index}: "${label.text}" outside the chart`);
    labels.slice(i + 1).forEach((other) => {
      const o = other.box;
      const apart =
        b.right <= o.left || o.right <= b.left || b.bottom <= o.top || o.bottom <= b.top;
      if (!apart) problems.push(`chart ${index}: "${label.text}" overlaps "${other.text}"`);
    });
  });
  return problems;
})
"""


@pytest.fixture
def demo_person(tmp_path):
    call_command("import_foods", verbosity=0, data_dir=sample_catalog_files(tmp_path))
    call_command("seed_demo", verbosity=0)
    return User.objects.get(email=DEMO_EMAIL)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_report_and_summary_fit_a_phone(browse, demo_person, color_scheme):
    page = browse(PHONE, color_scheme=color_scheme).new_page()
    sign_in(page, demo_person)
    for name, url in (
        ("report-year", reverse("reports:index") + "?period=year"),
        ("report-all", reverse("reports:index") + "?period=all"),
        ("report-30", reverse("reports:index") + "?period=30"),
        ("summary-year", reverse("reports:summary") + "?period=year"),
    ):
        page.goto(url)
        # The tables behind a toggle count too.
        page.evaluate(
            "document.querySelectorAll('main details').forEach((d) => { d.open = true; })"
        )
        page.screenshot(path=SCREENSHOTS / f"phone-{name}-{color_scheme}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
        assert page.evaluate(OVERFLOWING_TABLES) == [], name
        assert page.evaluate(CLASHING_LABELS) == [], name


def test_chart_labels_stay_apart_when_the_journal_starts_at_a_months_end(browse, owner):
    """The first week's month ("Aug") used to sit on the next one's ("Sep"): "AugSep"."""
    today = timezone.localdate(timezone.now(), owner.profile.zone)
    first = next(
        day
        for day in (today - timedelta(days=back) for back in range(89, 40, -1))
        if (monday := day - timedelta(days=day.weekday())).month
        != (monday + timedelta(days=7)).month
    )
    for day in (first, today):
        moment = datetime.combine(day, time(0, 30), tzinfo=owner.profile.zone)
        CrampFactory(user=owner, occurred_at=moment)
    page = browse(PHONE).new_page()
    sign_in(page, owner)

    page.goto(reverse("reports:index") + "?period=90")

    labels = page.locator("svg.chart text.chart__label")
    expect(labels.first).to_be_visible()
    assert page.evaluate(CLASHING_LABELS) == []
