"""How many examples each property test tries, by Hypothesis profile.

The "ci" profile, loaded when CI=true (as .ci/run sets), keeps the counts the suite has
always had: 30 payloads per fuzz target, 10 values per hostile field, 300 for the statistics
properties. The "dev" profile, the default elsewhere, tries a third of each for a quicker
local run; `HYPOTHESIS_PROFILE=ci make test` runs the full counts on a laptop.
"""

import os

from hypothesis import settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or (
    "ci" if os.environ.get("CI") == "true" else "dev"
)
SHARES = {"ci": 1.0, "dev": 1 / 3}

settings.register_profile("ci", deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile(PROFILE)


def examples(ci_count: int) -> int:
    """The number of examples for a test that tries ``ci_count`` of them in CI."""
    return max(1, round(ci_count * SHARES[PROFILE]))
