"""The Learn pages: every page renders for a visitor, from Markdown parsed once and sanitised."""

import os
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from education import pages
from education.pages import ContentError, all_pages, parse

READING_ORDER = [
    "how-muscles-work",
    "potassium",
    "other-electrolytes",
    "causes",
    "is-it-a-cramp",
    "food-sources",
    "relief-and-prevention",
    "supplements",
    "see-a-clinician",
    "daily-targets",
    "self-experiments",
]
pytestmark = pytest.mark.django_db

FRONT = "---\ntitle: T\nsummary: S\norder: 1\nreviewed: 2026-11-30\nsources: nih-ods\n---\n"


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = []

    def handle_starttag(self, tag, attrs):
        self.ids += [value for name, value in attrs if name == "id"]


def ids_in(html: str) -> list[str]:
    parser = _Ids()
    parser.feed(html)
    return parser.ids


def test_it_has_the_pages_in_reading_order():
    assert [page.slug for page in all_pages()] == READING_ORDER


def test_it_lists_every_page_with_its_summary(client):
    response = client.get(reverse("education:index"))

    assert response.status_code == 200
    for page in all_pages():
        assert reverse("education:page", args=[page.slug]) in response.text
        assert page.summary in response.text


@pytest.mark.parametrize("slug", READING_ORDER)
def test_it_shows_every_page_to_a_visitor(client, slug):
    page = next(page for page in all_pages() if page.slug == slug)

    response = client.get(reverse("education:page", args=[slug]))

    assert response.status_code == 200
    text = response.text
    assert f">{page.title}</h1>" in text
    assert "General information, not medical advice" in text
    assert "Last reviewed" in text and page.reviewed.isoformat() in text
    assert ">Sources</h2>" in text and page.sources
    for source in page.sources:
        assert source.organisation in text
    assert "[[" not in text, "a placeholder was left unfilled"
    assert len(ids_in(text)) == len(set(ids_in(text))), "an id is used twice"


def test_it_links_each_page_to_the_previous_and_next():
    for index, slug in enumerate(READING_ORDER):
        _, previous, following = pages.get_page(slug)
        assert (previous.slug if previous else None) == (
            READING_ORDER[index - 1] if index else None
        )
        expected_next = READING_ORDER[index + 1] if index + 1 < len(READING_ORDER) else None
        assert (following.slug if following else None) == expected_next


def test_it_shows_previous_and_next_links(client):
    response = client.get(reverse("education:page", args=["potassium"]))

    assert (
        f'href="{reverse("education:page", args=["how-muscles-work"])}" rel="prev"' in response.text
    )
    assert (
        f'href="{reverse("education:page", args=["other-electrolytes"])}" rel="next"'
        in response.text
    )


def test_it_shows_a_contents_list_on_long_pages(client):
    long_page = next(page for page in all_pages() if page.has_contents)

    response = client.get(reverse("education:page", args=[long_page.slug]))

    assert "On this page" in response.text
    for section in long_page.sections:
        assert f'<a href="#{section.id}">' in response.text
        assert f'id="{section.id}"' in response.text


def test_it_renders_a_page_in_few_queries(client, django_assert_max_num_queries):
    all_pages()  # parsed already in a running site
    with django_assert_max_num_queries(3):  # one per food table: potassium, magnesium, beans
        assert client.get(reverse("education:page", args=["food-sources"])).status_code == 200
    with django_assert_max_num_queries(0):
        assert client.get(reverse("education:page", args=["daily-targets"])).status_code == 200


def test_it_answers_404_for_an_unknown_page(client):
    assert client.get(reverse("education:page", args=["no-such-page"])).status_code == 404


def test_it_is_public_and_read_only(client):
    assert client.post(reverse("education:page", args=["potassium"])).status_code == 405


def test_it_parses_each_file_once_per_version(client, monkeypatch):
    pages._parse_file.cache_clear()
    calls = []
    real_parse = pages.parse
    monkeypatch.setattr(pages, "parse", lambda *args: calls.append(args) or real_parse(*args))

    for _ in range(3):
        assert client.get(reverse("education:page", args=["potassium"])).status_code == 200

    assert len(calls) == len(READING_ORDER)  # the first request parsed each file, once


def test_it_parses_a_file_again_after_an_edit(tmp_path, monkeypatch):
    (tmp_path / "only.md").write_text(FRONT + "Before.\n", encoding="utf-8")
    monkeypatch.setattr(pages, "CONTENT_DIR", tmp_path)
    assert "Before." in all_pages()[0].html

    path = tmp_path / "only.md"
    path.write_text(FRONT + "After.\n", encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))

    assert "After." in all_pages()[0].html


def test_it_sanitises_the_html():
    page = parse(
        FRONT
        + "## Hello {#hello onclick=alert(1)}\n\n"
        + '<script>alert(1)</script>\n\n<p style="color:red" onclick="x()">Hi</p>\n\n'
        + '<img src="https://example.org/x.png">\n',
        "test",
    )
    assert "<script" not in page.html
    assert "onclick" not in page.html
    assert "style=" not in page.html
    assert "<img" not in page.html
    assert '<h2 id="hello">Hello</h2>' in page.html


def test_it_styles_markdown_tables_without_inline_styles():
    page = parse(FRONT + "| a | b |\n|:--|--:|\n| 1 | 2 |\n", "test")

    assert '<div class="table-wrap table-wrap--prose">' in page.html
    assert '<table class="data-table data-table--text">' in page.html
    assert "style=" not in page.html


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[x](javascript:alert(1))\n", "Link"),
        ("[x](/today/)\n", "Link"),
        ("[[no-such-thing]]\n", "unknown placeholder"),
        ("[[target potassium aliens]]\n", "target"),
        ("[[food-table calcium]]\n", "nutrient"),
        ("Some words [[targets-table]] in a sentence.\n", "paragraph of its own"),
        ("[[target potassium men]]\n", "inside a sentence"),
    ],
)
def test_it_rejects_what_a_writer_must_fix(body, message):
    with pytest.raises(ContentError, match=message):
        parse(FRONT + body, "test")


@pytest.mark.parametrize(
    "front",
    [
        "no front matter\n",
        "---\ntitle: T\n---\n",
        FRONT.replace("order: 1", "order: first"),
        FRONT.replace("nih-ods", "wikipedia"),
        FRONT.replace("title: T", "title: T\nauthor: me"),
    ],
)
def test_it_rejects_bad_front_matter(front):
    with pytest.raises(ContentError):
        parse(front + "Text.\n", "test")


def test_it_writes_app_links_as_plain_text_until_the_page_exists():
    page = parse(FRONT + "[Today](app:journal:today) and [soon](app:no-such-app:index)\n", "test")

    assert f'<a href="{reverse("journal:today")}">Today</a>' in page.html
    assert "<span>soon</span>" in page.html
    assert page.app_links == (("journal:today", True), ("no-such-app:index", False))


def test_the_pages_keep_to_the_house_wording():
    for page in all_pages():
        text = re.sub(r"<[^>]+>", " ", page.html).lower()
        # "Below the Adequate Intake", never "deficient": a food log diagnoses nothing.
        assert "deficient" not in text, page.slug
