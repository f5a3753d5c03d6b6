"""The statistics cite their rules in the repository (issue 21): every section of
docs/reports.md that reports/ names exists, and nothing cites a guide outside the repository."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
HEADINGS = {
    line.lstrip("#").strip()
    for line in (ROOT / "docs" / "reports.md").read_text().splitlines()
    if line.startswith("#")
}
# docs/reports.md, "A" / docs/reports.md ("A") / docs/reports.md's "A" / ... "A" and "B"
CITATION = re.compile(r'docs/reports\.md(?:\'s|,|\s\(|;)?\s*((?:"[^"]+"(?:\s*(?:and|,)\s*)?)+)')


def sources() -> dict[str, str]:
    return {
        str(path.relative_to(ROOT)): " ".join(path.read_text().split())
        for path in sorted((ROOT / "reports").rglob("*.py"))
    }


def test_every_cited_section_of_docs_reports_exists():
    cited = {
        (name, title)
        for name, text in sources().items()
        for match in CITATION.finditer(text)
        for title in re.findall(r'"([^"]+)"', match.group(1))
    }
    assert len(cited) >= 10, cited  # the statistics cite their rules
    missing = sorted((name, title) for name, title in cited if title not in HEADINGS)
    assert not missing, f"cited sections not in docs/reports.md: {missing}"


def test_nothing_cites_a_guide_outside_the_repository():
    assert not [name for name, text in sources().items() if "GUIDE.md" in text]
