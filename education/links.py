"""Where other pages send people to read more: one mapping, so that links never drift.

Reports and Today import :func:`learn_url`; tests/education/test_links.py follows every entry
and checks that its heading id exists on the rendered page.
"""

from django.urls import reverse

# key -> (page slug, heading id or None for the top of the page)
LEARN_LINKS: dict[str, tuple[str, str | None]] = {
    "potassium": ("food-sources", "potassium"),
    "magnesium": ("food-sources", "magnesium"),
    "calcium": ("other-electrolytes", "calcium"),
    "sodium": ("other-electrolytes", "sodium"),
    "fluid": ("relief-and-prevention", "hydration"),
    "exercise": ("causes", "overuse"),
    "alcohol": ("causes", "alcohol"),
    "caffeine": ("causes", "caffeine"),
    "clinician": ("see-a-clinician", None),
    "stretching": ("relief-and-prevention", "stretching"),
    # Used by Today.
    "relief": ("relief-and-prevention", "relief"),
    "causes": ("causes", None),
    "targets": ("daily-targets", None),
    # Used by the profile's kidney and diuretic questions.
    "careful": ("supplements", "careful"),
    # Used by the profile's medicine questions.
    "medicines": ("causes", "medicines"),
    # Used by the cramp form's help.
    "is-it-a-cramp": ("is-it-a-cramp", None),
    # Used by Experiments.
    "experiments": ("self-experiments", None),
}


def learn_url(key: str) -> str:
    """The Learn page (and heading) about ``key``: ``/learn/food-sources/#potassium``."""
    slug, anchor = LEARN_LINKS[key]
    url = reverse("education:page", kwargs={"slug": slug})
    return f"{url}#{anchor}" if anchor else url
