"""Search text: one spelling for what people type and what the catalog says.

Case, accents, punctuation and plurals must not matter: "Bananas" finds "banana", "jalapeño"
finds "jalapeno", "potatoes" finds "potato". Plain Python, no Django: tested on its own.
"""

import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+")

# Plural endings, longest first. Only endings common in food names; a word that merely ends in
# "s" (hummus, couscous, asparagus, swiss, molasses) must stay as it is.
_KEEP_AS_IS = {
    "asparagus", "couscous", "hummus", "molasses", "swiss", "citrus", "octopus", "gras",
    "bass", "grass", "glass", "cress", "watercress", "harris", "chips", "oats", "grits",
    "greens", "series", "species", "is", "us", "gas", "plus", "less", "ss", "yes",
}  # fmt: skip


def fold(text: str) -> str:
    """Lower case, accents removed: "Jalapeño Crème" becomes "jalapeno creme"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def singular(word: str) -> str:
    """A search key for a food word: the same for its singular and plural.

    Keys need not be real words, only equal for forms that mean the same and prefixes of each
    other while someone is still typing. "berries", "berry", "cookies" and "cookie" become
    "berrie" and "cookie": a final consonant + "y" is written "ie", so that "berr" and "cooki"
    both keep matching as the word is typed.
    """
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiouy":
        return word[:-1] + "ie"  # berry -> berrie, like berries
    if len(word) <= 3 or word in _KEEP_AS_IS or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-1]  # berries -> berrie, cookies -> cookie, pies -> pie
    if word.endswith("oes"):
        return word[:-2]  # potatoes -> potato, tomatoes -> tomato
    if word.endswith(("ches", "shes", "xes", "zes")):
        return word[:-2]  # peaches -> peach, radishes -> radish
    if word.endswith("ves") and word not in {"chives", "olives"}:
        return word[:-3] + "f"  # loaves -> loaf, halves -> half
    if word.endswith("s"):
        return word[:-1]
    return word


def search_words(text: str) -> list[str]:
    """The words of a name or query, folded and in the singular."""
    return [singular(word) for word in _WORD.findall(fold(text))]


def search_text(text: str) -> str:
    """The normalised form stored for matching: words joined by single spaces."""
    return " ".join(search_words(text))


def search_keys(name: str) -> tuple[str, str]:
    """The stored keys of a food name: the whole name, and the part before the first comma.

    Catalog names read "Food, how prepared", so the part before the comma names the food.
    The whole-name key starts with a space, so that one ``LIKE '% word%'`` finds a word
    start anywhere in it, the first word included.
    """
    return " " + search_text(name), search_text(name.split(",", 1)[0])


def prefix_range(prefix: str) -> tuple[str, str | None]:
    """Bounds ``low <= word < high`` that hold exactly the words starting with ``prefix``.

    A range on an indexed column is fast in every database, where ``LIKE 'x%'`` may not use
    the index. Words hold only a-z and 0-9, which sort the same in byte order and in the
    usual linguistic collations, so the bound is the prefix with its last character moved
    one step on ("swee" -> "swef"); past "9" the next possible character is "a", and a
    trailing "z" carries over ("az" -> "b"). ``None``: no upper bound (the prefix is all z).
    """
    stem = prefix.rstrip("z")
    if not stem:
        return prefix, None
    last = stem[-1]
    following = "a" if last == "9" else chr(ord(last) + 1)
    return prefix, stem[:-1] + following
