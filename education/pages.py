"""The Learn pages: Markdown files with front matter, parsed once per process and sanitised.

Each page is ``education/content/<slug>.md``::

    ---
    title: Why a muscle cramps
    summary: One sentence for the index and the page's description.
    order: 1
    reviewed: 2026-11-30
    sources: national-academies, nih-ods
    ---
    ## A heading that answers a question {#an-explicit-id}

    Markdown text...

Writers link to another page by its file name (``[low potassium](potassium.md#hypokalemia)``),
which also works when reading the files on GitHub, and to the app's own pages by URL name
(``[Today](app:journal:today)``). Numbers the app also knows are never typed: they are named
placeholders in double square brackets (``[[target potassium women]]``, or a paragraph of its
own for a table: ``[[food-table magnesium]]``) that :mod:`education.live` fills per request.

Rendering is Python-Markdown (tables, attr_list for ``{#id}`` on headings, toc for heading ids
and the contents list, smarty for typographic quotes and dashes), then nh3 keeps only the tags
and attributes listed here. A page is parsed once per process and file version (its path and
modification time are the cache key), so a request costs a few ``stat`` calls, not a parse.
"""

from __future__ import annotations

import datetime
import functools
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
import nh3
from django.urls import NoReverseMatch, reverse
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from . import live

CONTENT_DIR = Path(__file__).resolve().parent / "content"
# Pages with at least this many sections get a contents list at the top.
CONTENTS_MIN_SECTIONS = 4

# The organisations behind the figures and guidance, named in each page's "Sources" list.
SOURCES = {
    "national-academies": (
        "National Academies of Sciences, Engineering, and Medicine",
        "Dietary Reference Intakes for Sodium and Potassium (2019)",
    ),
    "iom-calcium": (
        "Institute of Medicine (now the National Academies)",
        "Dietary Reference Intakes for Calcium and Vitamin D (2011)",
    ),
    "iom-magnesium": (
        "Institute of Medicine (now the National Academies)",
        "Dietary Reference Intakes for calcium, phosphorus, magnesium, vitamin D and "
        "fluoride (1997)",
    ),
    "iom-water": (
        "Institute of Medicine (now the National Academies)",
        "Dietary Reference Intakes for water, potassium, sodium, chloride and sulfate (2005)",
    ),
    "nih-ods": (
        "NIH Office of Dietary Supplements",
        "fact sheets for health professionals on potassium and magnesium",
    ),
    "usda-sr28": (
        "US Department of Agriculture",
        "National Nutrient Database for Standard Reference, Legacy Release 28: the food "
        "values in our catalog",
    ),
    "aaos": (
        "American Academy of Orthopaedic Surgeons",
        "patient information on muscle cramps",
    ),
    "medlineplus": (
        "MedlinePlus, US National Library of Medicine",
        "patient information on potassium, low blood potassium and leg cramps",
    ),
    "linus-pauling": (
        "Linus Pauling Institute, Oregon State University",
        "Micronutrient Information Center: potassium",
    ),
    "fda-quinine": (
        "US Food and Drug Administration",
        "safety warning against quinine sulfate (Qualaquin) for leg cramps (2010)",
    ),
    "aan-cramps": (
        "American Academy of Neurology",
        "guideline on the treatment of muscle cramps (Katzberg and others, Neurology, 2010)",
    ),
    "nhs-dvt": (
        "NHS and Mayo Clinic",
        "patient guidance on deep vein thrombosis (blood clots in a leg vein)",
    ),
    "hyponatraemia-consensus": (
        "Third International Exercise-Associated Hyponatremia Consensus Conference",
        "consensus statement (Hew-Butler and others, Clinical Journal of Sport Medicine, 2015)",
    ),
    "schwellnus-2009": (
        "British Journal of Sports Medicine",
        "review of the causes of exercise-associated muscle cramps (Schwellnus, 2009)",
    ),
    "stretching-trials": (
        "Randomised trials of stretching for night cramps",
        "calves and hamstrings before sleep (Hallegraeff and others, Journal of "
        "Physiotherapy, 2012); calves alone (Coppin and others, British Journal of General "
        "Practice, 2005)",
    ),
    "cochrane-magnesium": (
        "Cochrane",
        "systematic review of magnesium for muscle cramps (Garrison and others, 2020)",
    ),
    "garrison-2012": (
        "Garrison SR and colleagues",
        "Nocturnal leg cramps and prescription use that precedes them, Archives of Internal "
        "Medicine 2012",
    ),
    "tipton-2017": (
        "Tipton PW, Wszolek ZK",
        "Restless legs syndrome and nocturnal leg cramps: a review and guide to diagnosis and "
        "treatment, Polish Archives of Internal Medicine 2017",
    ),
    "nhs-cramps": (
        "NHS",
        "patient guidance on leg cramps",
    ),
    "cdc-heat": (
        "US Centers for Disease Control and Prevention",
        "guidance on heat-related illness",
    ),
    "samson-2020": (
        "Wood FA and colleagues",
        "a blinded n-of-1 trial of a statin, a placebo and no tablet (SAMSON), New England "
        "Journal of Medicine 2020",
    ),
    "n-of-1-quinine": (
        "Woodfield R, Goodyear-Smith F, Arroll B",
        "N-of-1 trials of quinine efficacy in skeletal muscle cramps of the leg, British "
        "Journal of General Practice 2005",
    ),
    "magnesium-crossover": (
        "Frusso R and colleagues",
        "Magnesium for the treatment of nocturnal leg cramps: a crossover randomized trial, "
        "Journal of Family Practice 1999",
    ),
}

FRONT_MATTER_KEYS = {"title", "summary", "order", "reviewed", "sources"}
FRONT_MATTER = re.compile(r"\A---\n(?P<meta>.*?)\n---\n(?P<body>.*)\Z", re.DOTALL)
PAGE_LINK = re.compile(r"\A(?P<slug>[a-z0-9-]+)\.md(?:#(?P<fragment>[\w-]+))?\Z")
HEADING_ID = re.compile(r'<h[1-6] id="([^"]+)"')

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "a", "ul", "ol", "li", "strong", "em", "b", "i", "br", "hr",
    "blockquote", "code", "abbr", "span", "div", "table", "thead", "tbody", "tr", "th", "td",
    "caption", "dl", "dt", "dd",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "th": {"scope"},
    "td": {"data-label"},
    "table": {"class"},
    "div": {"class"},
}


class ContentError(ValueError):
    """A Learn page's file breaks a rule: bad front matter, a broken link, an unknown source."""


@dataclass(frozen=True)
class Heading:
    id: str
    title: str


@dataclass(frozen=True)
class Source:
    organisation: str
    detail: str


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    summary: str
    order: int
    reviewed: datetime.date
    sources: tuple[Source, ...]
    html: str  # sanitised; placeholders still in it (education.live fills them)
    sections: tuple[Heading, ...]  # the level-2 headings, for the contents list
    ids: frozenset[str]  # every heading id, for links from elsewhere
    # (slug, fragment) of links to Learn pages; no slug for a link within the page
    page_links: tuple[tuple[str | None, str | None], ...]
    app_links: tuple[tuple[str, bool], ...]  # (URL name, whether it resolves here)
    placeholders: tuple[str, ...]

    @property
    def has_contents(self) -> bool:
        return len(self.sections) >= CONTENTS_MIN_SECTIONS


class _LearnMarkdown(markdown.Markdown):
    """Python-Markdown with what the Learn extensions note while converting a page."""

    page_links: list[tuple[str | None, str | None]]  # set by _Links
    app_links: list[tuple[str, bool]]  # set by _Links
    toc_tokens: list[dict[str, Any]]  # set by the toc extension


class _Links(Treeprocessor):
    """Turns page-file links and app URL names into real URLs, and notes every link.

    An app link whose URL name does not exist (a section not built yet) becomes plain text.
    """

    md: _LearnMarkdown

    def run(self, root: etree.Element) -> None:
        self.md.page_links, self.md.app_links = [], []
        for parent in root.iter():
            for element in parent:
                if element.tag == "a":
                    self._rewrite(element)
        for table in list(root.iter("table")):
            self._label_cells(table)
        self._wrap_tables(root)

    def _rewrite(self, link: etree.Element) -> None:
        href = link.get("href", "")
        if match := PAGE_LINK.match(href):
            slug, fragment = match["slug"], match["fragment"]
            self.md.page_links.append((slug, fragment))
            url = reverse("education:page", kwargs={"slug": slug})
            link.set("href", f"{url}#{fragment}" if fragment else url)
        elif href.startswith("app:"):
            name = href.removeprefix("app:")
            try:
                link.set("href", reverse(name))
                self.md.app_links.append((name, True))
            except NoReverseMatch:
                self.md.app_links.append((name, False))
                link.tag = "span"
                del link.attrib["href"]
        elif href.startswith("#"):
            self.md.page_links.append((None, href[1:]))
        elif not href.startswith("https://"):
            raise ContentError(
                f"Link {href!r}: write another Learn page as 'slug.md#id', an app page as "
                "'app:url-name', or a full https:// address."
            )

    @staticmethod
    def _label_cells(table: etree.Element) -> None:
        """Each cell carries its column's heading, so that a phone can show rows as cards."""
        table.set("class", "data-table data-table--text")
        headings: list[str] = []
        for heading in table.iter("th"):
            heading.set("scope", "col")
            headings.append("".join(heading.itertext()).strip())
        for row in table.iter("tr"):
            for label, cell in zip(headings, row, strict=False):
                if cell.tag == "td":
                    cell.set("data-label", label)

    @staticmethod
    def _wrap_tables(root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, element in enumerate(list(parent)):
                if element.tag == "table":
                    wrapper = etree.Element("div", {"class": "table-wrap table-wrap--prose"})
                    wrapper.append(element)
                    parent.remove(element)
                    parent.insert(index, wrapper)


class _LearnExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After the inline patterns (which make the links) and attr_list, before toc.
        md.treeprocessors.register(_Links(md), "learn_links", 7)


def _markdown() -> _LearnMarkdown:
    return _LearnMarkdown(
        extensions=["tables", "attr_list", "sane_lists", "smarty", "toc", _LearnExtension()],
        extension_configs={"toc": {"toc_depth": "2-3"}},
        output_format="html",
    )


def parse_front_matter(text: str, name: str) -> tuple[dict[str, Any], str]:
    match = FRONT_MATTER.match(text)
    if not match:
        raise ContentError(f"{name}: the file must start with front matter between --- lines")
    meta: dict[str, Any] = {}
    for line in match["meta"].splitlines():
        key, colon, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not colon or key not in FRONT_MATTER_KEYS:
            raise ContentError(f"{name}: unknown front matter line {line!r}")
        meta[key] = value
    if missing := FRONT_MATTER_KEYS - meta.keys():
        raise ContentError(f"{name}: front matter lacks {', '.join(sorted(missing))}")
    try:
        meta["order"] = int(meta["order"])
        meta["reviewed"] = datetime.date.fromisoformat(meta["reviewed"])
    except ValueError as error:
        raise ContentError(f"{name}: {error}") from None
    keys = [key.strip() for key in meta["sources"].split(",") if key.strip()]
    if unknown := [key for key in keys if key not in SOURCES]:
        raise ContentError(f"{name}: unknown sources {unknown}; add them to SOURCES")
    meta["sources"] = tuple(Source(*SOURCES[key]) for key in keys)
    return meta, match["body"]


def _sections(toc_tokens: list[dict[str, Any]]) -> tuple[Heading, ...]:
    return tuple(Heading(token["id"], token["name"]) for token in toc_tokens if token["level"] == 2)


def parse(text: str, slug: str) -> Page:
    """A page from its file's text. Raises ContentError for anything a writer must fix."""
    meta, body = parse_front_matter(text, slug)
    md = _markdown()
    raw_html = md.convert(body)
    html = nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"https"},
        link_rel=None,
    )
    try:
        live.check(html)
    except ValueError as error:
        raise ContentError(f"{slug}: {error}") from None
    ids = frozenset(HEADING_ID.findall(html))
    return Page(
        slug=slug,
        title=meta["title"],
        summary=meta["summary"],
        order=meta["order"],
        reviewed=meta["reviewed"],
        sources=meta["sources"],
        html=html,
        sections=_sections(md.toc_tokens),
        ids=ids,
        page_links=tuple(md.page_links),
        app_links=tuple(md.app_links),
        placeholders=tuple(live.placeholders_in(html)),
    )


@functools.lru_cache(maxsize=128)
def _parse_file(path: Path, mtime_ns: int) -> Page:
    # mtime_ns is only part of the cache key: an edited file is parsed again.
    return parse(path.read_text(encoding="utf-8"), path.stem)


def all_pages() -> tuple[Page, ...]:
    """Every page in reading order. Costs a stat per file; each file is parsed once."""
    pages = [_parse_file(path, path.stat().st_mtime_ns) for path in CONTENT_DIR.glob("*.md")]
    return tuple(sorted(pages, key=lambda page: (page.order, page.slug)))


def get_page(slug: str) -> tuple[Page | None, Page | None, Page | None]:
    """The page, the one before it and the one after it (None where there is none)."""
    pages = all_pages()
    for index, page in enumerate(pages):
        if page.slug == slug:
            previous = pages[index - 1] if index else None
            following = pages[index + 1] if index + 1 < len(pages) else None
            return page, previous, following
    return None, None, None
