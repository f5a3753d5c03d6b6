"""Finding foods the way people expect, identically on SQLite and PostgreSQL.

Every query word must begin a word of the food's name ("ham" finds "Ham, sliced" but not
"Graham crackers"); a word that begins none is mended against the catalog's own words
("potatoe" → "potato", "yoghurt" → "yogurt", ``foods.ranking``) and the answer says so.
Matching runs on the stored folded name, so case, accents and plurals do not matter.

The matches are found in the word index (``FoodWord``), fetched as slim rows and ordered in
Python by ``foods.ranking`` (the food itself before dishes made of it, featured foods
first, the person's own and recent foods first); only the page shown is fetched in full.
"""

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, QuerySet, Value
from django.db.models.functions import Length

from .models import Favourite, Food, FoodQuerySet, FoodWord, Person
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
    mended = _foods_with_all_words(user, typed) if typed else None
    if mended is None:
        return Found([])
    words, candidate_ids, many = mended
    rows = Food.objects.visible_to(user)
    if candidate_ids is not None:  # words too common to list are checked in Python below
        rows = rows.filter(pk__in=candidate_ids)
    else:  # only common words, a letter or two typed: rank the likeliest, a subquery each
        for word in many:
            rows = rows.filter(pk__in=_with_word(word).values("food_id"))
        rows = rows.order_by("-featured", Length("search_head"))[:MAX_RANKED]
    wanted = {*(favourites or ()), *preferred}
    candidates = _candidates(_slim_rows(user, rows, favourites is None), wanted, many)
    order = [candidate.id for candidate in ranked(words, candidates)]
    page = order[offset : offset + limit]
    by_id = {food.pk: food for food in _with_default_portion(page)}
    foods = [by_id[pk] for pk in page if pk in by_id]
    return Found(
        foods,
        corrected=_as_written(words, foods) if words != typed else "",
        more=len(order) > offset + limit,
        words=words,
    )


def best_matches(user: Person, queries: list[str], preferred: Collection[int] = ()) -> list[Found]:
    """The best food for each query (a typed meal's phrases), as ``find_foods`` with a limit
    of 1 would give, in a few queries for them all: the word index once per distinct word,
    then the matching rows of all of them together, then the chosen foods."""
    looked_up: dict[str, set[int]] = {}
    prepared = []
    for query in queries:
        typed = search_words(query)[:MAX_QUERY_WORDS]
        prepared.append((typed, _foods_with_all_words(user, typed, looked_up) if typed else None))
    listed = set().union(*(m[1] for _, m in prepared if m is not None and m[1] is not None))
    rows = _slim_rows(user, Food.objects.visible_to(user).filter(pk__in=listed), True)
    by_id = {row[0]: row for row in rows}
    best: list[tuple[list[str], list[str], int | None]] = []
    for (typed, mended), query in zip(prepared, queries, strict=True):
        if mended is None:
            best.append((typed, typed, None))
            continue
        words, ids, many = mended
        if ids is None:  # only very common words: the one-query way
            found = find_foods(user, query, limit=1, preferred=preferred)
            best.append((typed, words, found.foods[0].pk if found.foods else None))
            continue
        own_rows = [by_id[pk] for pk in ids if pk in by_id]
        order = ranked(words, _candidates(own_rows, set(preferred), many))
        best.append((typed, words, order[0].id if order else None))
    foods = {food.pk: food for food in _with_default_portion([pk for *_, pk in best if pk])}
    answers = []
    for typed, words, pk in best:
        food = foods.get(pk) if pk else None
        if food is None:
            answers.append(Found([]))
            continue
        corrected = _as_written(words, [food]) if words != typed else ""
        answers.append(Found([food], corrected=corrected, words=words))
    return answers


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


def _candidates(rows: list[SlimRow], wanted: set[int], many: list[str]) -> list[Candidate]:
    """Ranking's view of the rows; ``many`` are query words too common to have been listed,
    checked here against the folded name."""
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
        if all(f" {word}" in name for word in many)
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


def _with_default_portion(ids: list[int]) -> list[Food]:
    """The foods with their portions prefetched, each with ``default_label`` and
    ``default_grams`` set (None without a default portion) and the minerals of that portion
    (or of 100 g) in ``portion_values``, in two queries."""
    foods = list(Food.objects.filter(pk__in=ids).prefetch_related("portions"))
    for food in foods:
        portion = next((p for p in food.portions.all() if p.is_default), None)
        food.default_label = portion.label if portion else None
        food.default_grams = portion.grams if portion else None
        # What a result shows: the default portion's minerals, else 100 g's.
        food.portion_values_grams = portion.grams if portion else 100.0
        food.portion_values = food.nutrients_for(food.portion_values_grams).rounded()
    return foods


def _with_word(word: str) -> QuerySet[FoodWord]:
    """The index rows of words that start with ``word``: a range scan of the word index."""
    low, high = prefix_range(word)
    bounds = {"word__gte": low} | ({"word__lt": high} if high else {})
    return FoodWord.objects.filter(**bounds)


def _ids_with_word(word: str) -> set[int]:
    """Ids of foods with a word that starts with ``word``; more than ``MAX_RANKED`` means
    "many" (the set is then incomplete)."""
    ids = _with_word(word).values_list("food_id", flat=True)[: MAX_RANKED * 4]
    return set(ids)


def _foods_with_all_words(
    user: Person, words: list[str], looked_up: dict[str, set[int]] | None = None
) -> tuple[list[str], set[int] | None, list[str]] | None:
    """The query's words (a word that begins no word of any name mended) and the ids of
    foods having, for every word, a word that starts with it, or None for the ids when there
    are too many to list (a letter or two typed); None when no food has them all.

    Listed ids go to the ranking query as a plain list, which lets PostgreSQL fetch those
    rows by key instead of scanning the table. ``looked_up`` keeps each word's ids across
    calls (a typed meal's phrases).
    """
    looked_up = {} if looked_up is None else looked_up

    def ids_of(word: str) -> set[int]:
        if word not in looked_up:
            looked_up[word] = _ids_with_word(word)
        return looked_up[word]

    found: set[int] | None = None
    final = list(words)
    many: list[str] = []
    for index in sorted(range(len(words)), key=lambda i: -len(words[i])):  # fewest first
        ids = ids_of(words[index])
        if not ids:  # mended: the likeliest word that goes with the other words
            others = found is not None
            for better in corrections(words[index], _vocabulary(user), further=others):
                ids = ids_of(better)
                if ids and (found is None or found & ids or len(ids) > MAX_RANKED):
                    final[index] = better
                    break
            else:
                return None
        if len(ids) > MAX_RANKED:
            many.append(final[index])  # filtered in SQL instead
            continue
        found = ids if found is None else found & ids
        if not found:
            return None
    return final, found, many


# The catalog's words and how many foods have each, kept per process: read again when the
# index has grown (a food added or renamed writes new rows with higher ids). A word whose
# last food went away can stay a while; mending a query to it then finds nothing, as before.
_catalog_words: dict[str, object] = {"last_id": None, "words": {}}


def _vocabulary(user: Person) -> Mapping[str, int]:
    """The words a query may be mended to: the active catalog's and the person's own foods'
    (never another person's private words)."""
    last_id = FoodWord.objects.aggregate(last=Max("id"))["last"]
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
