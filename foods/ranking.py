"""How search orders its matches, and mends a query word that matches nothing.

Plain Python, no Django: ``foods.search`` fetches the candidates and hands them here.

Order, as a person expects it whatever the word order they type:

1. a name that is exactly the query's words ("whole milk" finds "Milk, whole");
2. the person's own foods, favourites and recently logged foods, when their food part (the
   name before the first comma) holds the query;
3. the food itself before dishes made of it: the food part is the query ("Egg, raw"), a kind
   of it ("Black tea", "Brown rice") or a part of it ("Chicken breast"), but not a dish
   ("Sweet potato pie", "Banana chips", "Chicken broth");
4. then food parts that hold every query word, then food parts that hold one of them (the
   rest being in the name: "skim milk" finds "Milk, skim"), then names that hold the query as
   a phrase, then the rest;

and within each step featured (common, plainly named) foods first, then the food part equal
to the query before a kind or a part of it, the person's own foods, and shorter names.

A query word that begins no word of any name is mended: first from the British spelling or
name of a food to the catalog's American one ("yoghurt", "courgette"), then to the nearest
word of the catalog's own vocabulary by edit distance (rapidfuzz): "potatoe" becomes
"potato", "brocoli" "broccoli".
"""

from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

# Words that, after a food's name, make another food of it: "banana chips", "chicken broth".
DISH_WORDS = frozenset({
    "bar", "bread", "broth", "butter", "cake", "candy", "casserole", "chip", "chips",
    "chocolate", "cookie", "cracker", "cream", "crisp", "curry", "dip", "dressing", "drink",
    "flake", "flour", "fry", "gravy", "ice", "jam", "jelly", "juice", "milk", "muffin",
    "noodle", "oil", "pasta", "pastry", "pie", "pizza", "powder", "pudding", "roll",
    "salad", "sandwich", "sauce", "soup", "spread", "stew", "stock", "syrup", "tart",
    "water", "bran", "nectar", "shake", "smoothie", "sprout", "seed", "leaf", "greens",
    "paste",
})  # fmt: skip

# British spellings and names (folded, singular, as ``foods.text.search_words`` gives them)
# to the catalog's American words. Used only for a word that matches nothing as typed.
SPELLINGS: Mapping[str, str] = {
    "yoghurt": "yogurt",
    "yoghourt": "yogurt",
    "courgette": "zucchini",
    "aubergine": "eggplant",
    "chilli": "chili",
    "chillie": "chili",
    "porridge": "oatmeal",
    "beetroot": "beet",
    "rocket": "arugula",
    "coriander": "cilantro",
    "prawn": "shrimp",
    "sultana": "raisin",
    "swede": "rutabaga",
    "mangetout": "snow",
    "treacle": "molasses",
    "biscuit": "cookie",
    "crisp": "chip",
    "mince": "ground",
    "wholemeal": "wheat",
    "wholegrain": "whole",
    "flavour": "flavor",
    "flavoured": "flavored",
    "savoury": "savory",
    "fibre": "fiber",
    "colour": "color",
    "coloured": "colored",
    "grey": "gray",
    "donut": "doughnut",
    "ketchup": "catsup",
    "jacket": "baked",
    "gammon": "ham",
    "marrow": "squash",
    "icing": "frosting",
    "caster": "granulated",
    "skimmed": "skim",
    "lolly": "candy",
    "sweetcorn": "corn",
    "maize": "corn",
    "tinned": "canned",
    "tin": "can",
    "candyfloss": "cotton",
}


@dataclass(frozen=True)
class Candidate:
    """What ranking needs of a matching food: its folded keys and who it is for."""

    id: int
    search_name: str  # " milk whole": the folded name, starting with a space
    search_head: str  # "milk": the folded food part, before the first comma
    featured: bool
    own: bool  # the person's private food
    preferred: bool  # the person's own food, a favourite or a recently logged food
    name_length: int


RankKey = tuple[bool, bool, int, bool, int, bool, int, str]


def _word_matches(target: str, word: str, prefix: bool) -> bool:
    return target == word or (prefix and target.startswith(word))


def _run_matches(targets: list[str], words: list[str]) -> bool:
    """``targets`` are ``words`` in order; the last word may be a prefix (still being typed)."""
    return len(targets) == len(words) and all(
        _word_matches(target, word, index == len(words) - 1)
        for index, (target, word) in enumerate(zip(targets, words, strict=True))
    )


def itself(words: list[str], head: list[str]) -> int | None:
    """How the food part ``head`` is the food the query names: 0 it is the query, 1 a part of
    it ("chicken breast"), 2 a kind of it ("black tea"); None when it is another food."""
    count = len(words)
    if sorted(head) == sorted(words) or _run_matches(head, words):
        return 0
    if len(head) == count + 1 and head[-1] not in DISH_WORDS and _run_matches(head[:count], words):
        return 1
    if len(head) > count and _run_matches(head[-count:], words):
        return 2
    return None


def _whole_words(words: list[str], head: list[str]) -> bool:
    return all(word in head for word in words)


def rank_key(words: list[str], candidate: Candidate) -> RankKey:
    """Sort key of a candidate for the query ``words``: smaller is better."""
    name = candidate.search_name.split()
    head = candidate.search_head.split()
    exact = sorted(name) == sorted(words)
    kind = itself(words, head)
    covers = all(any(part.startswith(word) for part in head) for word in words)
    if kind is not None:
        tier = 0 if _whole_words(words, head) else 1
    elif covers:
        tier = 2
    elif any(word in head for word in words):  # "skim milk": "Milk, skim (fat-free)"
        tier = 3
    elif f" {' '.join(words)}" in candidate.search_name:
        tier = 4
    else:
        tier = 5
    return (
        not exact,
        not (candidate.preferred and tier <= 2),
        tier,
        not candidate.featured,
        3 if kind is None else kind,
        not candidate.own,
        candidate.name_length,
        candidate.search_name,
    )


def ranked(words: list[str], candidates: list[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=lambda candidate: rank_key(words, candidate))


def allowed_distance(word: str) -> int:
    """Typos forgiven in a word of this length: none in 1-3 letters, 1 up to 5, 2 beyond."""
    if len(word) <= 3:
        return 0
    return 1 if len(word) <= 5 else 2


def corrections(
    word: str, vocabulary: Mapping[str, int], limit: int = 5, further: bool = False
) -> list[str]:
    """The words ``word`` may have meant, best first, when it begins no word of
    ``vocabulary``: its British-to-American replacement, then words within the edit distance
    it allows (``allowed_distance``), and with ``further`` those one edit further (for a word
    that other words of the query then confirm: "orange juse").

    ``vocabulary`` maps each catalog word to the number of foods that have it: among words
    at the same edit distance (a swap of two letters counts as one), one with the same first
    letter (people seldom mistype the first one), then the commoner, comes first.
    """
    found: list[str] = []
    if word in SPELLINGS and SPELLINGS[word] in vocabulary:
        found.append(SPELLINGS[word])
    allowed = allowed_distance(word)
    if not allowed:
        return found
    near = process.extract(
        word,
        vocabulary.keys(),
        scorer=DamerauLevenshtein.distance,
        score_cutoff=allowed + 1 if further else allowed,
        limit=None,
    )
    near.sort(key=lambda match: (match[1], match[0][:1] != word[:1], -vocabulary[match[0]]))
    found += [str(match[0]) for match in near if match[0] not in found]
    return found[:limit]


def correct_word(word: str, vocabulary: Mapping[str, int]) -> str | None:
    """The likeliest word meant by ``word`` (``corrections``), or None."""
    found = corrections(word, vocabulary, limit=1)
    return found[0] if found else None
