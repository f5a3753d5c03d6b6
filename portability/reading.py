"""An uploaded export file read into Python, or refused with a reason a person can act on.

What is refused here is a file that is not an export at all (too large, not UTF-8, not JSON,
an unknown version) and what no record check could say better: a number too long to be any
field's value (Python refuses to read integers of over 4,300 digits), text that is not
Unicode (a lone surrogate such as ``\\ud800``, which no database can store), and a file with
more records than one import takes.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings

from . import READABLE_VERSIONS

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UPLOAD_TEXT = "20 MB"
# No field of the format holds a number this long (the largest, an experiment's seed, has 16
# digits); refusing early keeps a 5,000-digit "pairs" from ever reaching int().
MAX_NUMBER_DIGITS = 30
# Rows that count towards the import's cap: the records and what they carry inside them.
NESTED_ROWS = ("items", "portions", "days", "answers", "changes")


class ImportFileError(ValueError):
    """The upload is not an export file at all: too large, not UTF-8, not JSON, wrong version."""


def max_records() -> int:
    return int(settings.IMPORT_MAX_RECORDS)


def _whole_number(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise ImportFileError(
            f"The file has a number of {len(digits.lstrip('-')):,} digits; no value of an "
            f"export has more than {MAX_NUMBER_DIGITS}."
        )
    return int(digits)


def read_document(raw: bytes) -> dict[str, Any]:
    """The parsed file, or ImportFileError with a reason a person can act on."""
    if len(raw) > MAX_UPLOAD_BYTES:
        raise ImportFileError(f"The file is larger than {MAX_UPLOAD_TEXT}.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            "The file is not UTF-8 text. Upload the .json file that “Export JSON” saved."
        ) from None
    try:
        document = json.loads(text, parse_int=_whole_number)
    except (json.JSONDecodeError, RecursionError) as error:
        line = getattr(error, "lineno", None)
        where = f" (line {line})" if line else ""
        raise ImportFileError(
            f"The file is not valid JSON{where}. Upload the .json file that “Export JSON” "
            "saved (the CSV zip cannot be imported)."
        ) from None
    if not isinstance(document, dict) or "schema_version" not in document:
        raise ImportFileError(
            "The file is JSON but not a Cramp Journal export: it has no schema_version."
        )
    version = document["schema_version"]
    if version not in READABLE_VERSIONS or isinstance(version, bool):
        *earlier, latest = (str(v) for v in READABLE_VERSIONS)
        readable = f"{', '.join(earlier)} and {latest}" if earlier else latest
        raise ImportFileError(
            f"The file has schema_version {json.dumps(version)}; this site reads versions "
            f"{readable}."
        )
    if place := _first_lone_surrogate(document, "file"):
        raise ImportFileError(
            f"{place} has text that is not valid Unicode (a lone surrogate, such as \\ud800); "
            "no record can keep it."
        )
    if (count := count_records(document)) > max_records():
        raise ImportFileError(
            f"The file has {count:,} records; one import takes at most {max_records():,}. "
            "Split it into smaller files (for example by year) and import each."
        )
    return document


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _first_lone_surrogate(value: object, place: str) -> str | None:
    """Where the first text that UTF-8 cannot hold is, as the import names places."""
    if isinstance(value, str):
        return place if _has_lone_surrogate(value) else None
    if isinstance(value, list):
        for index, item in enumerate(value, start=1):
            if found := _first_lone_surrogate(item, f"{place} #{index}"):
                return found
    elif isinstance(value, dict):
        for key, item in value.items():
            if _has_lone_surrogate(key):
                return f"{place} (a key)"
            inner = key if place == "file" else f"{place} ({key})"
            if found := _first_lone_surrogate(item, inner):
                return found
    return None


def count_records(document: dict[str, Any]) -> int:
    """Records in the file's arrays and the rows nested in them (meal items, answers…)."""
    total = 0
    for value in document.values():
        if not isinstance(value, list):
            continue
        total += len(value)
        for record in value:
            if isinstance(record, dict):
                total += sum(
                    len(record[key]) for key in NESTED_ROWS if isinstance(record.get(key), list)
                )
    return total
