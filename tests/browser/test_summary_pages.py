"""The clinician summary prints on at most two pages, A4 and Letter (issue 15, acceptance 6), for
the demo account, for a five-year account and for a new person with a stopped experiment and
many medicines (issue 26): Chromium prints it to PDF and the pages are counted."""

import importlib.util
import random
import re
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from demo.account import DEMO_EMAIL
from tests.browser.support import DESKTOP, SCREENSHOTS, sign_in
from tests.conftest import sample_catalog_files

BENCH = Path(__file__).resolve().parents[2] / "bench"
MAX_PAGES = 2
FORMATS = ("A4", "Letter")


def pdf_page_count(pdf: bytes) -> int:
    """Pages in a PDF as Chromium writes it: one ``/Type /Page`` object per page."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def five_year_person():
    """One person with five years of dense records: bench/report_speed.py's journal."""
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location("report_speed", BENCH / "report_speed.py")
    speed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(speed)
    today = timezone.localdate()
    foods, drink_foods = speed.make_foods()
    person = User.objects.create_user(
        "five-years@example.com",
        "a-long-password-123",
        profile={"time_zone": "Europe/Berlin", "sex": "female", "birth_year": 1968},
    )
    writer = speed.JournalWriter(person, foods, drink_foods, random.Random(speed.SEED))
    writer.write(today - timedelta(days=speed.DAYS - 1), speed.DAYS, today)
    writer.store()
    return person


def demo_person(tmp_path):
    call_command("import_foods", verbosity=0, data_dir=sample_catalog_files(tmp_path))
    call_command("seed_demo", verbosity=0)
    return User.objects.get(email=DEMO_EMAIL)


def new_person_with_a_stopped_experiment():
    """Two weeks of a new journal: cramps, some this evening, a dozen supplements at two doses,
    every medicine question answered yes, and an experiment stopped early."""
    from experiments import running
    from tests.factories import CrampFactory, SupplementFactory, started_experiment

    person = User.objects.create_user(
        "new-person@example.com",
        "a-long-password-123",
        profile={
            "time_zone": "UTC",
            "sex": "female",
            "birth_year": 1960,
            "takes_diuretic": True,
            "takes_statin": True,
            "uses_long_acting_inhaler": True,
            "takes_pril_or_sartan": True,
        },
    )
    now = timezone.now()
    for days_ago in range(14):
        CrampFactory(user=person, occurred_at=now - timedelta(days=days_ago, hours=2))
    for number in range(12):
        for dose, days_ago in ((200, 1), (400, 3)):
            SupplementFactory(
                user=person,
                name=f"Supplement number {number}",
                mineral_mg=dose + number,
                occurred_at=now - timedelta(days=days_ago),
            )
    running.stop_early(started_experiment(person, days_ago=10))
    return person


def print_summary(page, person, period, name):
    sign_in(page, person)
    page.goto(reverse("reports:summary") + f"?period={period}")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 703, "height": 1032})  # A4 within 12 mm margins, 96 dpi
    page.screenshot(path=SCREENSHOTS / f"summary-print-{name}-{period}.png", full_page=True)
    counts = {}
    for paper in FORMATS:
        pdf = page.pdf(format=paper, print_background=True)
        assert pdf.startswith(b"%PDF")
        (SCREENSHOTS / f"summary-{name}-{period}-{paper}.pdf").write_bytes(pdf)
        counts[paper] = pdf_page_count(pdf)
    return counts


def test_the_page_count_is_read_from_the_pdf(browse):
    page = browse(DESKTOP).new_page()
    page.set_content(
        "<p style='page-break-after: always'>one</p><p>two</p><p>" + "x " * 10 + "</p>"
    )
    assert pdf_page_count(page.pdf(format="A4")) == 2


@pytest.mark.parametrize("period", ["year", "all"])
def test_the_demo_summary_prints_on_two_pages_at_most(browse, tmp_path, period):
    person = demo_person(tmp_path)
    page = browse(DESKTOP).new_page()

    counts = print_summary(page, person, period, "demo")

    assert all(1 <= count <= MAX_PAGES for count in counts.values()), counts


@pytest.mark.parametrize("period", ["year", "all"])
def test_a_five_year_summary_prints_on_two_pages_at_most(browse, period):
    person = five_year_person()
    page = browse(DESKTOP).new_page()

    counts = print_summary(page, person, period, "five-years")

    assert all(1 <= count <= MAX_PAGES for count in counts.values()), counts


@pytest.mark.parametrize("period", ["30", "all"])
def test_a_new_persons_summary_with_a_stopped_experiment_prints_on_two_pages(browse, period):
    person = new_person_with_a_stopped_experiment()
    page = browse(DESKTOP).new_page()

    counts = print_summary(page, person, period, "new-person")

    assert all(1 <= count <= MAX_PAGES for count in counts.values()), counts
    printed = page.inner_text("main")
    for number in range(12):
        assert f"Supplement number {number} (magnesium {200 + number} mg" in printed
    for kind in ("a diuretic", "a statin", "a long-acting asthma inhaler", "-sartan"):
        assert kind in printed
    assert "stopped early after" in printed
