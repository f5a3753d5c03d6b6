"""Finding foods the way people expect, identically on SQLite and PostgreSQL.

Every query word must begin a word of the food's name ("ham" finds "Ham, sliced" but not
"Graham crackers"); a word that begins none is mended against the catalog's own words
("potatoe" → "potato", "yoghurt" → "yogurt", ``foods.ranking``) and the answer says so.
Matching runs on the stored folded name, so case, accents and plurals do not matter.

The matches are found through the word index (``FoodWord``) in one query of slim rows (at
most ``MAX_RANKED``), ordered in Python by ``foods.ranking`` (the food itself before dishes
made of it, featured foods first, the person's own and recent foods first); only the page
shown is fetched in full, in a second query.
"""

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Length

from .models import Favourite, Food, FoodQuerySet, FoodWord, Person, Portion
from .ranking import Candidate, corrections, ranked
from .text import prefix_range, search_words

RESULT_LIMIT = 20
MAX_QUERY_WORDS = 8
MAX_RANKED = 400


@dataclass
class Found:
    """One page of search results."""

    foods: list[Food]
    corrected: str = ""  # the query as mended ("potato"), when a word of it was
    more: bool = False  # more matches after this page
    words: list[str] = field(default_factory=list)


def search_foods(
    user: Person, query: str, limit: int = RESULT_LIMIT, preferred: Collection[int] = ()
) -> list[Food]:
    """The best matches for ``query`` among the foods ``user`` may log, best first."""
    return find_foods(user, query, limit=limit, preferred=preferred).foods


def find_foods(
    user: Person,
    query: str,
    limit: int = RESULT_LIMIT,
    offset: int = 0,
    preferred: Collection[int] = (),
    favourites: Collection[int] | None = None,
) -> Found:
    """A page of matches for ``query``; ``preferred`` are food ids to offer first when they
    match (the journal's recently logged foods); favourites are read unless given."""
    typed = search_words(query)[:MAX_QUERY_WORDS]
    wanted = {*(favourites or ()), *preferred}
    words, order = _ranked_ids(user, typed, wanted, favourites is None)
    page = order[offset : offset + limit]
    by_id = {food.pk: food for food in _shown(page)}
    foods = [by_id[pk] for pk in page if pk in by_id]
    return Found(
        foods,
        corrected=_as_written(words, foods) if words != typed else "",
        more=len(order) > offset + limit,
        words=words,
    )


def best_matches(user: Person, queries: list[str], preferred: Collection[int] = ()) -> list[Found]:
    """The best food for each query (a typed meal's phrases), as ``find_foods`` with a limit
    of 1 gives it, with the foods' portions: the favourites once, one ranking query per
    phrase, then the chosen foods and their portions for all phrases together."""
    favourites = Favourite.objects.filter(user=user).values_list("food_id", flat=True)
    wanted = {*favourites, *preferred}
    best = []
    for query in queries:
        typed = search_words(query)[:MAX_QUERY_WORDS]
        words, order = _ranked_ids(user, typed, wanted, False)
        best.append((typed, words, order[0] if order else None))
    chosen = [pk for *_, pk in best if pk is not None]
    foods = {food.pk: food for food in _shown(chosen, all_portions=True)}
    answers = []
    for typed, words, pk in best:
        food = foods.get(pk) if pk is not None else None
        if food is None:
            answers.append(Found([]))
            continue
        corrected = _as_written(words, [food]) if words != typed else ""
        answers.append(Found([food], corrected=corrected, words=words))
    return answers


def _ranked_ids(
    user: Person, typed: list[str], wanted: set[int], with_favourites: bool
) -> tuple[list[str], list[int]]:
    """The words searched for (``typed``, or mended when a word of it begins no word of any
    name) and the ids of the matching foods, best first: usually one query."""
    if not typed:
        return typed, []
    rows = _slim_rows(user, _matching(user, typed), with_favourites)
    words = typed
    if not rows:  # a word matches nothing: mend it (or find that nothing matches)
        mended = _mended_words(user, typed)
        if mended is None or mended == typed:
            return typed, []
        words = mended
        rows = _slim_rows(user, _matching(user, words), with_favourites)
        if not rows:  # mended to words only foods the person may not see have
            return typed, []
    return words, [candidate.id for candidate in ranked(words, _candidates(rows, wanted))]


def _matching(user: Person, words: list[str]) -> FoodQuerySet:
    """The foods the person may see with, for every word, a word of the name that starts
    with it: a range scan of the word index per word, as a subquery. At most ``MAX_RANKED``
    of them, featured and short food parts first (more only when a letter or two is typed)."""
    rows = Food.objects.visible_to(user)
    for word in sorted(set(words), key=len, reverse=True):
        rows = rows.filter(pk__in=_with_word(word).values("food_id"))
    return rows.order_by("-featured", Length("search_head"), "pk")[:MAX_RANKED]


SlimRow = tuple[int, str, str, bool, int | None, int, bool]


def _slim_rows(user: Person, rows: FoodQuerySet, with_favourites: bool) -> list[SlimRow]:
    """What ranking reads of each food: id, folded name and food part, featured, owner,
    name length, and whether it is one of the person's favourites."""
    liked: Exists | Value = Value(False)
    if with_favourites:
        liked = Exists(Favourite.objects.filter(user=user, food=OuterRef("pk")))
    return list(
        rows.values_list(
            "pk", "search_name", "search_head", "featured", "owner_id", Length("name"), liked
        )
    )


def _candidates(rows: list[SlimRow], wanted: set[int]) -> list[Candidate]:
    return [
        Candidate(
            id=pk,
            search_name=name,
            search_head=head,
            featured=featured,
            own=owner_id is not None,
            preferred=favourite or pk in wanted or owner_id is not None,
            name_length=length,
        )
        for pk, name, head, featured, owner_id, length, favourite in rows
    ]


def _as_written(words: list[str], foods: list[Food]) -> str:
    """The mended query as the catalog writes it: each search key ("strawberrie") as the
    word of the best match's name it stands for ("strawberries")."""
    names = [re.findall(r"[^\W_]+", food.name) for food in foods[:3]]
    written = []
    for word in words:
        spelled = (part for name in names for part in name if search_words(part) == [word])
        written.append(next(spelled, word).lower())
    return " ".join(written)


def _shown(ids: list[int], all_portions: bool = False) -> list[Food]:
    """The foods, each with ``default_label`` and ``default_grams`` (None without a default
    portion) and that portion's minerals, or 100 g's, in ``portion_values``: one query, and
    one more for every portion of them with ``all_portions`` (a typed meal's amounts)."""
    default = Portion.objects.filter(food=OuterRef("pk"), is_default=True)
    foods = Food.objects.filter(pk__in=ids).annotate(
        default_label=Subquery(default.values("label")[:1]),
        default_grams=Subquery(default.values("grams")[:1]),
    )
    shown = list(foods.prefetch_related("portions") if all_portions else foods)
    for food in shown:
        # What a result shows: the default portion's minerals, else 100 g's.
        grams: float | None = getattr(food, "default_grams", None)  # annotated above
        food.portion_values_grams = grams or 100.0
        food.portion_values = food.nutrients_for(food.portion_values_grams).rounded()
    return shown


def _with_word(word: str) -> QuerySet[FoodWord]:
    """The index rows of words that start with ``word``: a range scan of the word index."""
    low, high = prefix_range(word)
    bounds = {"word__gte": low} | ({"word__lt": high} if high else {})
    return FoodWord.objects.filter(**bounds)


def _ids_with_word(word: str) -> set[int]:
    """Ids of foods with a word that starts with ``word`` (at most a few hundred: enough to
    tell whether it goes with the other words)."""
    return set(_with_word(word).values_list("food_id", flat=True)[: MAX_RANKED * 4])


def _mended_words(user: Person, words: list[str]) -> list[str] | None:
    """``words`` with each word that begins no word of any name mended to the likeliest word
    of the catalog that goes with the others; None when a word cannot be mended or the words
    have no food in common."""
    found: set[int] | None = None
    final = list(words)
    for index in sorted(range(len(words)), key=lambda i: -len(words[i])):  # longest first
        ids = _ids_with_word(words[index])
        if not ids:
            others = found is not None
            for better in corrections(words[index], _vocabulary(user), further=others):
                ids = _ids_with_word(better)
                if ids and (found is None or found & ids or len(ids) >= MAX_RANKED * 4):
                    final[index] = better
                    break
            else:
                return None
        if len(ids) < MAX_RANKED * 4:  # a listed word narrows; a very common one cannot
            found = ids if found is None else found & ids
            if not found:
                return None
    return final


# The catalog's words and how many foods have each, kept per process: read again when the
# index has changed (a food added or renamed writes new rows with higher ids). A word whose
# last food went away can stay a while; mending a query to it then finds nothing, as before.
_catalog_words: dict[str, object] = {"last_id": None, "words": {}}


def _vocabulary(user: Person) -> Mapping[str, int]:
    """The words a query may be mended to: the active catalog's and the person's own foods'
    (never another person's private words)."""
    # The newest index row, and its word: an id can come back after a rollback, or after the
    # newest food was deleted (SQLite reuses the highest id), but then with other words.
    last_id = FoodWord.objects.order_by("-pk").values_list("pk", "word").first()
    if _catalog_words["last_id"] != last_id:
        counted = (
            FoodWord.objects.filter(food__owner__isnull=True, food__active=True)
            .values("word")
            .annotate(foods=Count("food_id"))
            .values_list("word", "foods")
        )
        _catalog_words["words"] = dict(counted)
        _catalog_words["last_id"] = last_id
    catalog: dict[str, int] = _catalog_words["words"]  # type: ignore[assignment]
    own = FoodWord.objects.filter(food__owner=user).values_list("word", flat=True)
    mine = {word: catalog.get(word, 0) + 1 for word in own}
    return catalog | mine if mine else catalog
