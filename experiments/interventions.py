"""What people can test, with the words each needs: the guided list of issue 16.

Plain data, no Django. ``label`` is the choice, ``doing`` fits "fewer cramps while ...",
``assignment`` is what Today says in a test block, ``question`` what it asks every day (on
usual days too: doing it then is worth knowing), ``guidance`` the advice on the design page.
``needs_clinician`` marks supplements and medicines: they are chosen only after talking with
a clinician, which the design form asks the person to confirm. ``mineral`` names what people
with kidney disease or on a diuretic must be careful with. ``slow`` marks a change that takes
weeks to act and to wear off (magnesium): no randomised verdict, an open try watched week by
week. ``fluid`` marks the extra-fluid test, which asks about fluid limits first.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Intervention:
    key: str
    label: str
    doing: str
    assignment: str
    usual: str
    question: str
    guidance: str
    needs_clinician: bool = False
    mineral: str = ""
    slow: bool = False
    fluid: bool = False


INTERVENTIONS: dict[str, Intervention] = {
    item.key: item
    for item in [
        Intervention(
            key="stretching",
            label="Stretching calves and hamstrings before bed",
            doing="stretching",
            assignment="stretch your calves and hamstrings before bed",
            usual="your usual routine, no stretching before bed",
            question="Did you stretch before bed today?",
            guidance=(
                "In a trial of adults over 55, stretching the calves and the backs of the "
                "thighs every night just before sleep went with fewer night cramps; calf "
                "stretches alone did not show a clear benefit. Hold each stretch gently, "
                "without pain."
            ),
        ),
        Intervention(
            key="potassium_snack",
            label="A potassium-rich evening snack",
            doing="having the evening snack",
            assignment="have a potassium-rich snack in the evening (a banana, a few dried "
            "apricots, a glass of milk or a small potato)",
            usual="your usual evening, no extra snack",
            question="Did you have the evening snack today?",
            guidance=(
                "Food is the gentle way to add potassium. The experiment tests the snack "
                "itself: whether your nights go better on the evenings you have it. It cannot "
                "show whether low potassium is behind your cramps (a snack brings more than "
                "potassium, and your blood level is not measured)."
            ),
            mineral="potassium",
        ),
        Intervention(
            key="fluid",
            label="An extra 500 ml of fluid in the afternoon",
            doing="drinking the extra fluid",
            assignment="drink an extra 500 ml in the afternoon",
            usual="drink as you usually do",
            question="Did you drink the extra 500 ml today?",
            guidance=(
                "Fluid is a factor worth checking, not a proven cause. Drink to thirst "
                "otherwise: forcing down large amounts of water is dangerous. Not for anyone "
                "told to limit fluids (for example with heart failure, on dialysis or with "
                "low blood sodium)."
            ),
            fluid=True,
        ),
        Intervention(
            key="magnesium",
            label="A magnesium supplement agreed with a clinician",
            doing="taking magnesium",
            assignment="take the magnesium supplement your clinician agreed",
            usual="no magnesium supplement",
            question="Did you take the magnesium today?",
            guidance=(
                "Trials found magnesium unlikely to help most older adults with cramps, but "
                "some people want to know for themselves. Supplements add up: more than "
                "350 mg a day from supplements often upsets the stomach, and laxatives and "
                "antacids can contain magnesium too."
            ),
            needs_clinician=True,
            mineral="magnesium",
            slow=True,
        ),
        Intervention(
            key="own",
            label="Something else (describe it)",
            doing="doing it",
            assignment="do what you are testing",
            usual="your usual routine",
            question="Did you do it today?",
            guidance=(
                "Choose one change you can switch on and off from one night to the next, such "
                "as a warm bath before bed. A prescribed medicine is never stopped, started "
                "or changed as an experiment: talk to whoever prescribed it. Anything else "
                "only after talking it through with a clinician, and never quinine or tonic "
                "water."
            ),
            needs_clinician=True,
        ),
    ]
}

OWN = "own"
CHOICES = [(item.key, item.label) for item in INTERVENTIONS.values()]
