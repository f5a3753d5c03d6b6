"""The one rule for records that a file names by a key (an id, a date, a name), when a file is
read into an account: a key seen twice in the file is an error naming the first record; a key
the account has already is skipped (importing a file twice adds nothing).

Plain Python, kept at the bottom layer so that every importer (portability/, experiments/,
the catalog's own) can use it.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Set
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)


class Verdict(enum.Enum):
    NEW = "new"
    ALREADY_THERE = "already there"
    REPEATED = "repeated"


class FileKeys(Generic[Key]):
    """Keys met so far in one kind of record (``kind`` as the file names it, "cramps")."""

    def __init__(self, kind: str, existing: Set[Key]) -> None:
        self.kind = kind
        self.existing = existing
        self.first_index: dict[Key, int] = {}

    def judge(self, key: Key, index: int) -> Verdict:
        """Whether record number ``index`` (from 1) is new, already there or a repeat; the
        first record with a key is remembered, so a later one names it."""
        if key in self.first_index:
            return Verdict.REPEATED
        self.first_index[key] = index
        return Verdict.ALREADY_THERE if key in self.existing else Verdict.NEW

    def remember(self, key: Key, index: int) -> None:
        """A record that failed its checks still claims its key: a later copy of it is the
        same mistake, reported once."""
        self.first_index.setdefault(key, index)

    def repeat_reason(self, key: Key) -> str:
        return f"is the same as {self.kind} #{self.first_index[key]}"

    @property
    def seen(self) -> Set[Key]:
        return self.first_index.keys()
