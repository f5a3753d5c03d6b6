"""Daily reference intakes for adults and teenagers: the one place the app's targets come from.

Plain Python, no Django: Today, the reports and the Learn pages all read these values, so
they cannot disagree. Sources:

- Potassium and sodium: National Academies of Sciences, Engineering, and Medicine (2019),
  Dietary Reference Intakes for Sodium and Potassium. Potassium Adequate Intake 3,400 mg for
  men and 2,600 mg for women (2,900 mg in pregnancy, 2,800 mg while breastfeeding); there is
  no upper limit for potassium from food. Sodium Adequate Intake 1,500 mg; intakes above
  2,300 mg a day are worth reducing (the Chronic Disease Risk Reduction intake). These
  replace the 2005 potassium figure of 4,700 mg, which is no longer a target.
- Magnesium: Institute of Medicine (1997), Dietary Reference Intakes for Calcium,
  Phosphorus, Magnesium, Vitamin D and Fluoride; NIH Office of Dietary Supplements.
  Recommended Dietary Allowance 400 mg (men 19-30), 420 mg (men 31+), 310 mg (women 19-30),
  320 mg (women 31+); pregnancy 350 mg (19-30) and 360 mg (31+); breastfeeding as not pregnant.
- Calcium: Institute of Medicine (2011), Dietary Reference Intakes for Calcium and Vitamin D.
  RDA 1,000 mg for adults 19-50 and men up to 70; 1,200 mg for women 51+ and men 71+.
- Water: Institute of Medicine (2005). Adequate Intake of total water 3.7 L for men and
  2.7 L for women, about 80% of it from drinks: about 3.0 L and 2.2 L of fluid.

Teenagers (the app accepts ages 13 and up) have values of their own in the same references:

- 14-18: calcium RDA 1,300 mg (both sexes, 9-18; Institute of Medicine 2011); magnesium RDA
  410 mg (boys) and 360 mg (girls) (Institute of Medicine 1997); potassium AI 3,000 mg (boys)
  and 2,300 mg (girls) and sodium AI 1,500 mg, reduce above 2,300 mg (National Academies
  2019); water from drinks about 2.6 L (boys) and 1.8 L (girls) (Institute of Medicine 2005).
- 9-13 (so age 13 here): calcium 1,300 mg; magnesium 240 mg; potassium 2,500 mg (boys) and
  2,300 mg (girls); sodium AI 1,200 mg, reduce above 1,800 mg; water from drinks about 1.8 L
  (boys) and 1.6 L (girls).

The references set separate values for pregnancy and breastfeeding under 19 that this module
does not hold: a pregnant or breastfeeding teenager gets the girls' values, with a caveat.

Magnesium from supplements (not food) has a Tolerable Upper Intake Level of 350 mg a day for
adults (Institute of Medicine 1997): Today shows supplement magnesium apart, against it.

An Adequate Intake is the typical intake of healthy people, not a requirement: being below
it is not a deficiency, and a food log cannot diagnose one. Say "below the Adequate Intake".
"""

from dataclasses import dataclass
from enum import StrEnum


class Basis(StrEnum):
    AI = "Adequate Intake"
    RDA = "Recommended Dietary Allowance"


@dataclass(frozen=True)
class Target:
    nutrient: str  # "potassium", "magnesium", "calcium", "sodium" or "fluid"
    amount: float
    unit: str  # "mg" or "ml"
    basis: Basis
    source: str
    # For sodium the point is to stay below this too (the Chronic Disease Risk Reduction
    # intake); for the others there is no upper figure to show.
    reduce_above: float | None = None
    caveat: str = ""

    @property
    def is_ceiling(self) -> bool:
        """Whether a day is measured against the upper figure alone: sodium's Adequate Intake
        is what healthy people typically get, not an amount to reach."""
        return self.reduce_above is not None

    @property
    def goal(self) -> float:
        """The amount a day is measured against: the upper figure for a ceiling, else the
        reference amount to reach."""
        return self.reduce_above if self.reduce_above is not None else self.amount


SOURCES = {
    "potassium": "National Academies, 2019",
    "sodium": "National Academies, 2019",
    "magnesium": "Institute of Medicine, 1997; NIH Office of Dietary Supplements",
    "calcium": "Institute of Medicine, 2011",
    "fluid": "Institute of Medicine, 2005",
}

POTASSIUM_AI = {"male": 3400, "female": 2600, "pregnant": 2900, "breastfeeding": 2800}
# Magnesium from supplements, not food: the adults' Tolerable Upper Intake Level.
MAGNESIUM_SUPPLEMENT_LIMIT_MG = 350
SODIUM_AI = 1500
SODIUM_REDUCE_ABOVE = 2300
FLUID_AI_ML = {"male": 3000, "female": 2200, "pregnant": 2300, "breastfeeding": 3100}
# Magnesium RDA by sex and whether aged 31 or over.
MAGNESIUM_RDA = {
    ("male", False): 400,
    ("male", True): 420,
    ("female", False): 310,
    ("female", True): 320,
    ("pregnant", False): 350,
    ("pregnant", True): 360,
}
# Ages up to 18 by band: 9-13 (the app's youngest, 13) and 14-18; "male" and "female" as above.
TEEN_LAST_AGE = 18
CHILD_LAST_AGE = 13
TEEN_CALCIUM_RDA = 1300
TEEN_MAGNESIUM_RDA = {
    ("male", True): 410,
    ("female", True): 360,
    ("male", False): 240,
    ("female", False): 240,
}
TEEN_POTASSIUM_AI = {
    ("male", True): 3000,
    ("female", True): 2300,
    ("male", False): 2500,
    ("female", False): 2300,
}
TEEN_SODIUM_AI = {True: 1500, False: 1200}
TEEN_SODIUM_REDUCE_ABOVE = {True: 2300, False: 1800}
TEEN_FLUID_AI_ML = {
    ("male", True): 2600,
    ("female", True): 1800,
    ("male", False): 1800,
    ("female", False): 1600,
}
TEEN_MATERNITY_CAVEAT = (
    "Pregnancy and breastfeeding under 19 have values of their own that this app does not "
    "hold: these are the values for girls of your age. Ask your midwife or clinician."
)
KIDNEY_CAVEAT = (
    "This reference does not apply when the kidneys clear potassium poorly. Your clinician "
    "sets your potassium target."
)
DIURETIC_CAVEAT = (
    "Some diuretics lower blood potassium and others raise it: ask your clinician what "
    "intake suits you."
)


def _group(sex: str, maternity: str) -> str:
    """The reference group: pregnancy and breastfeeding have their own values."""
    if maternity in ("pregnant", "breastfeeding"):
        return maternity
    # "Prefer not to say": the men's values, the higher ones for potassium, magnesium and
    # fluid, so that those targets are never too low. (Calcium from 51 to 70 is the exception:
    # 1,000 mg for men, 1,200 mg for women; the Learn page and the profile say so.)
    return sex if sex in ("male", "female") else "male"


def daily_targets(
    *,
    sex: str,
    age: int | None,
    maternity: str = "",
    kidney_disease: bool = False,
    diuretic: bool = False,
) -> dict[str, Target]:
    """Reference daily intakes, by the facts in a person's profile.

    Without an age, the values for 31-50 are used (the most common adult band). Up to 18, the
    teenagers' values (see the module's sources).
    """
    if age is not None and age <= TEEN_LAST_AGE:
        return _teen_targets(
            sex=sex, age=age, maternity=maternity, kidney_disease=kidney_disease,
            diuretic=diuretic,
        )  # fmt: skip
    group = _group(sex, maternity)
    older = age is None or age >= 31
    potassium_caveat = _potassium_caveat(kidney_disease, diuretic)

    magnesium_group = "female" if group == "breastfeeding" else group
    calcium = 1000
    if (group in ("female", "pregnant", "breastfeeding") and age is not None and age >= 51) or (
        group == "male" and age is not None and age >= 71
    ):
        calcium = 1200

    return {
        "potassium": Target(
            "potassium", POTASSIUM_AI[group], "mg", Basis.AI, SOURCES["potassium"],
            caveat=potassium_caveat,
        ),
        "magnesium": Target(
            "magnesium", MAGNESIUM_RDA[(magnesium_group, older)], "mg", Basis.RDA,
            SOURCES["magnesium"],
        ),
        "calcium": Target("calcium", calcium, "mg", Basis.RDA, SOURCES["calcium"]),
        "sodium": Target(
            "sodium", SODIUM_AI, "mg", Basis.AI, SOURCES["sodium"],
            reduce_above=SODIUM_REDUCE_ABOVE,
        ),
        "fluid": Target("fluid", FLUID_AI_ML[group], "ml", Basis.AI, SOURCES["fluid"]),
    }  # fmt: skip


def _potassium_caveat(kidney_disease: bool, diuretic: bool) -> str:
    return KIDNEY_CAVEAT if kidney_disease else DIURETIC_CAVEAT if diuretic else ""


def _teen_targets(
    *, sex: str, age: int, maternity: str, kidney_disease: bool, diuretic: bool
) -> dict[str, Target]:
    """The values for 9-13 (age 13) or 14-18. "Prefer not to say": the boys' values, the
    higher ones; pregnancy and breastfeeding: the girls' values, with a caveat."""
    expecting = maternity in ("pregnant", "breastfeeding")
    group = "female" if expecting else sex if sex in ("male", "female") else "male"
    older = age > CHILD_LAST_AGE
    maternity_caveat = TEEN_MATERNITY_CAVEAT if expecting else ""
    potassium_caveat = _potassium_caveat(kidney_disease, diuretic) or maternity_caveat
    return {
        "potassium": Target(
            "potassium", TEEN_POTASSIUM_AI[(group, older)], "mg", Basis.AI, SOURCES["potassium"],
            caveat=potassium_caveat,
        ),
        "magnesium": Target(
            "magnesium", TEEN_MAGNESIUM_RDA[(group, older)], "mg", Basis.RDA,
            SOURCES["magnesium"], caveat=maternity_caveat,
        ),
        "calcium": Target(
            "calcium", TEEN_CALCIUM_RDA, "mg", Basis.RDA, SOURCES["calcium"],
            caveat=maternity_caveat,
        ),
        "sodium": Target(
            "sodium", TEEN_SODIUM_AI[older], "mg", Basis.AI, SOURCES["sodium"],
            reduce_above=TEEN_SODIUM_REDUCE_ABOVE[older],
        ),
        "fluid": Target(
            "fluid", TEEN_FLUID_AI_ML[(group, older)], "ml", Basis.AI, SOURCES["fluid"],
            caveat=maternity_caveat,
        ),
    }  # fmt: skip
