"""The data-sufficiency gate: enough analysable days, with and without a cramp, before any
number is shown, and what exactly is missing otherwise (docs/reports.md, "The gate")."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "MIN_ANALYSABLE_DAYS",
    "MIN_CRAMP_DAYS",
    "MIN_CRAMP_FREE_DAYS",
    "Gate",
    "Shortfall",
    "read_gate",
]

MIN_ANALYSABLE_DAYS = 28
MIN_CRAMP_DAYS = 5
MIN_CRAMP_FREE_DAYS = 5


@dataclass(frozen=True)
class Shortfall:
    """One unmet condition of the data-sufficiency gate.

    ``logged_cramp_days`` counts days with a cramp whether or not their food log is complete,
    so that the message can say what is really missing: no cramps at all, or cramps on days
    whose food log was not marked complete.
    """

    what: str  # "analysable_days", "cramp_days" or "cramp_free_days"
    have: int
    need: int
    logged_cramp_days: int = 0

    @property
    def message(self) -> str:
        if self.what == "analysable_days":
            return self._analysable_days()
        if self.what == "cramp_days":
            return self._cramp_days()
        if self.what == "cramp_free_days":
            return self._cramp_free_days()
        return f"{self.more} more {self.what} (have {self.have} of {self.need})"

    @property
    def more(self) -> int:
        return self.need - self.have

    def _analysable_days(self) -> str:
        if self.have == 0:
            return (
                f"No day has its food log marked complete yet: patterns need "
                f"{self.need} complete days (mark a day complete on Today once its meals "
                f"and drinks are all in)"
            )
        return f"{self.more} more complete days logged (have {self.have} of {self.need})"

    def _cramp_days(self) -> str:
        if self.have == 0 and self.logged_cramp_days == 0:
            return (
                f"No cramp logged on a complete day: a comparison needs at least "
                f"{self.need} complete days with a cramp. If you have had none, there is "
                f"nothing to explain"
            )
        if self.logged_cramp_days > self.have:
            return (
                f"{self.more} more complete days with a cramp (have {self.have} of "
                f"{self.need}; {self.logged_cramp_days - self.have} other days with a "
                f"cramp do not have their food log marked complete)"
            )
        return f"{self.more} more complete days with a cramp (have {self.have} of {self.need})"

    def _cramp_free_days(self) -> str:
        if self.have == 0:
            return (
                f"Every complete day had a cramp: a comparison needs at least "
                f"{self.need} complete days without one"
            )
        return f"{self.more} more complete days without a cramp (have {self.have} of {self.need})"


@dataclass(frozen=True)
class Gate:
    """The analysable days of a period counted, and what the gate still misses."""

    analysable_days: int
    cramp_days: int
    missing: tuple[Shortfall, ...]

    @property
    def cramp_free_days(self) -> int:
        return self.analysable_days - self.cramp_days


def read_gate(complete: npt.NDArray[np.bool_], cramp: npt.NDArray[np.bool_]) -> Gate:
    """Count the outcome days (one slot each in ``complete`` and ``cramp``) that are
    analysable (marked complete) and their cramp days, and list every unmet condition."""
    analysable = int(complete.sum())
    cramp_days = int((complete & cramp).sum())
    logged_cramp_days = int(cramp.sum())
    missing = tuple(
        Shortfall(what, have, need, logged_cramp_days)
        for what, have, need in (
            ("analysable_days", analysable, MIN_ANALYSABLE_DAYS),
            ("cramp_days", cramp_days, MIN_CRAMP_DAYS),
            ("cramp_free_days", analysable - cramp_days, MIN_CRAMP_FREE_DAYS),
        )
        if have < need
    )
    return Gate(analysable, cramp_days, missing)
