"""Links into the Learn pages resolve, to headings that exist; so do the pages' own links."""

import re

import pytest
from django.urls import reverse

from education.links import LEARN_LINKS, learn_url
from education.pages import all_pages, parse

pytestmark = pytest.mark.django_db

# URL names the pages may link to before their section exists: the link shows as plain text
# until then, and goes live by itself once the section is merged. Any other name must resolve.
NOT_BUILT_YET: set[str] = set()
LEARN_PREFIX = reverse("education:index")
FRONT = "---\ntitle: T\nsummary: S\norder: 1\nreviewed: 2026-11-30\nsources: nih-ods\n---\n"


def follow(client, url: str) -> str | None:
    """Opens a /learn/ URL; the problem with it, or None when page and heading exist."""
    path, _, fragment = url.partition("#")
    response = client.get(path)
    if response.status_code != 200:
        return f"{url}: HTTP {response.status_code}"
    if fragment and f'id="{fragment}"' not in response.text:
        return f"{url}: no heading with id {fragment!r}"
    return None


def broken_links(pages) -> list[str]:
    """Links in the Markdown to Learn pages or headings that do not exist, or to app pages."""
    by_slug = {page.slug: page for page in pages}
    problems = []
    for page in pages:
        for slug, fragment in page.page_links:
            target = by_slug.get(slug or page.slug)
            if target is None:
                problems.append(f"{page.slug}: link to a page that does not exist: {slug}.md")
            elif fragment and fragment not in target.ids:
                problems.append(f"{page.slug}: no heading #{fragment} on {target.slug}")
        for name, resolved in page.app_links:
            if not resolved and name not in NOT_BUILT_YET:
                problems.append(f"{page.slug}: app:{name} is no URL name")
    return problems


def test_every_link_between_the_pages_resolves():
    assert broken_links(all_pages()) == []


def test_a_broken_link_fails_the_check():
    pages = [
        *all_pages(),
        parse(
            FRONT
            + "[a](no-such-page.md) [b](potassium.md#no-such-heading) [c](#nowhere) "
            + "[d](app:journal:nowhere)\n",
            "broken",
        ),
    ]

    assert broken_links(pages) == [
        "broken: link to a page that does not exist: no-such-page.md",
        "broken: no heading #no-such-heading on potassium",
        "broken: no heading #nowhere on broken",
        "broken: app:journal:nowhere is no URL name",
    ]


def test_every_rendered_learn_link_resolves(client):
    for page in all_pages():
        html = client.get(reverse("education:page", args=[page.slug])).text
        for href in re.findall(rf'href="({re.escape(LEARN_PREFIX)}[^"]*)"', html):
            assert follow(client, href) is None, f"on {page.slug}"


@pytest.mark.parametrize("key", sorted(LEARN_LINKS))
def test_every_learn_link_for_other_pages_resolves(client, key):
    assert follow(client, learn_url(key)) is None


def test_the_links_reports_rely_on_exist():
    required = {
        "potassium", "magnesium", "calcium", "sodium", "fluid", "exercise", "alcohol",
        "caffeine", "clinician", "stretching",
    }  # fmt: skip
    assert required <= LEARN_LINKS.keys()
    assert learn_url("potassium") == "/learn/food-sources/#potassium"
    assert learn_url("clinician") == "/learn/see-a-clinician/"


def learn_hrefs(html: str) -> list[str]:
    return re.findall(rf'href="({re.escape(LEARN_PREFIX)}[^"]*)"', html)


def test_today_links_to_the_learn_pages(owner_client):
    html = owner_client.get(reverse("journal:today")).text
    hrefs = learn_hrefs(html)

    assert learn_url("relief") in hrefs
    assert learn_url("causes") in hrefs
    assert learn_url("targets") in hrefs
    for href in hrefs:
        assert follow(owner_client, href) is None


def test_the_home_page_links_to_the_learn_pages(client):
    # Signed-in people's home is Today, tested above.
    hrefs = learn_hrefs(client.get(reverse("home")).text)

    assert LEARN_PREFIX in hrefs
    assert reverse("education:page", args=["potassium"]) in hrefs
    for href in hrefs:
        assert follow(client, href) is None


def test_the_navigation_offers_learn_to_everyone(client, owner):
    nav = f'<li><a href="{LEARN_PREFIX}">Learn</a></li>'
    assert nav in client.get(reverse("home")).text
    client.force_login(owner)
    assert nav in client.get(reverse("journal:today")).text
    current = f'<a href="{LEARN_PREFIX}" aria-current="page">Learn</a>'
    assert current in client.get(reverse("education:page", args=["causes"])).text
