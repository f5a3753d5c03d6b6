"""The Learn pages are written in our own words: no run of 12 words matches a source article.

The source articles live beside the project, in ../shared/sources (as on the CI machine and
the developers' machines). Where they are absent the check is skipped, since it cannot look.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from education.pages import CONTENT_DIR

SOURCES_DIR = Path(settings.BASE_DIR).parent / "shared" / "sources"
TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates" / "education"
RUN = 12


def words(text: str) -> list[str]:
    """Lower case words, with punctuation, apostrophes and typography ignored."""
    text = text.lower().replace("’", "").replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def readable_text(markdown: str) -> str:
    """The words a reader sees: without link targets, heading ids and placeholders."""
    markdown = re.sub(r"\]\([^)]*\)", "]", markdown)
    markdown = re.sub(r"\{#[^}]*\}", "", markdown)
    markdown = re.sub(r"\[\[[^\]]*\]\]", " ", markdown)
    return re.sub(r"\{[%{][^}]*[%}]\}|<[^>]+>", " ", markdown)


def runs(tokens: list[str], size: int = RUN) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def our_texts():
    for path in sorted(CONTENT_DIR.glob("*.md")) + sorted(TEMPLATES_DIR.glob("*.html")):
        yield path, readable_text(path.read_text(encoding="utf-8"))


def source_runs() -> dict[tuple[str, ...], str]:
    found = {}
    for path in sorted(SOURCES_DIR.glob("*.txt")):
        for run in runs(words(path.read_text(encoding="utf-8"))):
            found.setdefault(run, path.name)
    return found


def test_it_finds_a_copied_run():
    sentence = "The quick brown fox jumps over the lazy dog again and again today."
    copied = readable_text(
        "Here: [the quick](x.md) brown fox jumps over the lazy dog again and again!"
    )
    assert runs(words(sentence)) & runs(words(copied))


def test_it_shares_no_run_of_twelve_words_with_the_source_articles():
    if not any(SOURCES_DIR.glob("*.txt")):
        pytest.skip(f"The source articles are not at {SOURCES_DIR}")
    sources = source_runs()
    copied = [
        f"{path.name}: “{' '.join(run)}” (as in {sources[run]})"
        for path, text in our_texts()
        for run in sorted(runs(words(text)) & sources.keys())
    ]
    assert not copied, "Runs of 12 words copied from a source article:\n" + "\n".join(copied)
