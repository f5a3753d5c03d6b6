"""The usual supplements and medicines, and the profile's medicine questions: one truth.

The profile asks yes/no questions about some kinds of medicine (a diuretic, a statin); the
usual list names the medicines themselves. ``PROFILE_QUESTIONS`` maps a kind on the list to
the profile's question about it; a kind the profile does not ask about (yet) maps to nothing.
A new question in the profile (an inhaler, an ACE inhibitor) is one line here and, when the
list needs a kind for it, one choice in ``UsualSupplement.Medicine``.

They agree in one direction by themselves: saving a medicine of a kind the profile asks about
answers that question "yes". The other direction is the person's to decide: a "yes" in the
profile with no such medicine on the list is shown as a note (``profile_without_list``),
never changed silently, and a medicine taken off the list leaves the profile as it was.
"""

from __future__ import annotations

from collections.abc import Iterable

from accounts.models import Profile

from .models import UsualSupplement

Medicine = UsualSupplement.Medicine

# A kind of medicine on the list -> (the profile's field, what a "yes" says about the person).
PROFILE_QUESTIONS: dict[str, tuple[str, str]] = {
    Medicine.DIURETIC: ("takes_diuretic", "a diuretic"),
    Medicine.STATIN: ("takes_statin", "a statin"),
    Medicine.INHALER: ("uses_long_acting_inhaler", "a long-acting asthma inhaler"),
    Medicine.PRIL_SARTAN: ("takes_pril_or_sartan", "a -pril or -sartan medicine"),
}


def agree_with_profile(profile: Profile, items: Iterable[UsualSupplement]) -> list[str]:
    """Answers "yes" to the profile's question about each item's kind of medicine, where it
    said no; returns what it now says ("you take a statin"), for the confirmation."""
    changed: dict[str, str] = {}
    for item in items:
        question = PROFILE_QUESTIONS.get(item.medicine)
        if question and not getattr(profile, question[0]):
            setattr(profile, question[0], True)
            changed[question[0]] = question[1]
    if changed:
        profile.save(update_fields=list(changed))
    return list(changed.values())


def profile_without_list(profile: Profile, items: Iterable[UsualSupplement]) -> list[str]:
    """The kinds of medicine the profile says the person takes and the list has none of."""
    kinds = {item.medicine for item in items}
    return [
        what
        for kind, (field, what) in PROFILE_QUESTIONS.items()
        if getattr(profile, field) and kind not in kinds
    ]
