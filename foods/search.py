"""Finding foods the way people expect, identically on SQLite and PostgreSQL.

Every query word must begin a word of the food's name ("ham" finds "Ham, sliced" but not
"Graham crackers"). Among the matches, a name that is exactly the query comes first; then
names whose food part (before the first comma) is the query, which are that food prepared
some way ("Sweet potato, baked"); then names that begin with the query but name another food
("Sweet potato pie", "Banana chips"); then names that contain it as a phrase ("Pie, sweet
potato"); then the rest. Among equals: the person's own foods, then featured
foods, then shorter (plainer) names. Matching runs on the stored folded name, so case, accents
and plurals do not matter.
"""

from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Length

from .models import Food, FoodQuerySet, FoodWord, Person, Portion
from .text import prefix_range, search_words

RESULT_LIMIT = 20
MAX_QUERY_WORDS = 8


def search_foods(user: Person, query: str, limit: int = RESULT_LIMIT) -> FoodQuerySet:
    """The best matches for ``query`` among the foods ``user`` may log, best first."""
    words = search_words(query)[:MAX_QUERY_WORDS]
    if not words:
        return Food.objects.none()
    candidates = _foods_with_all_words(words)
    if not candidates:
        return Food.objects.none()
    phrase = " ".join(words)
    default_portion = Portion.objects.filter(food=OuterRef("pk"), is_default=True)
    matches = Food.objects.visible_to(user).filter(pk__in=candidates)
    return matches.annotate(
        default_label=Subquery(default_portion.values("label")[:1]),
        default_grams=Subquery(default_portion.values("grams")[:1]),
        match_rank=Case(
            When(search_name=f" {phrase}", then=Value(0)),
            When(search_head=phrase, then=Value(1)),
            When(search_name__startswith=f" {phrase} ", then=Value(2)),
            When(search_name__contains=f" {phrase}", then=Value(3)),
            default=Value(4),
            output_field=IntegerField(),
        ),
        own_rank=Case(When(owner=user, then=Value(0)), default=Value(1)),
        name_length=Length("name"),
    ).order_by("match_rank", "own_rank", "-featured", "name_length", "name")[:limit]


def _foods_with_all_words(words: list[str]) -> set[int]:
    """Ids of foods having, for every query word, a word that starts with it.

    Each word is an index range scan of FoodWord. The ids then go to the ranking query as a
    plain list, which lets PostgreSQL fetch those rows by key instead of scanning the table.
    """
    found: set[int] | None = None
    for word in sorted(words, key=len, reverse=True):  # longest first: the fewest matches
        low, high = prefix_range(word)
        bounds = {"word__gte": low} | ({"word__lt": high} if high else {})
        ids = set(FoodWord.objects.filter(**bounds).values_list("food_id", flat=True))
        found = ids if found is None else found & ids
        if not found:
            return set()
    return found or set()
