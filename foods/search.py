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

from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Length

from .models import Food
from .text import search_words

RESULT_LIMIT = 20
MAX_QUERY_WORDS = 8


def search_foods(user, query: str, limit: int = RESULT_LIMIT):
    """The best matches for ``query`` among the foods ``user`` may log, best first."""
    words = search_words(query)[:MAX_QUERY_WORDS]
    if not words:
        return Food.objects.none()
    phrase = " ".join(words)
    matches = Food.objects.visible_to(user)
    for word in words:
        # search_name starts with a space, so this finds the word's start anywhere.
        matches = matches.filter(search_name__contains=f" {word}")
    return matches.annotate(
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
