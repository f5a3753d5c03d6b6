"""How fast a meal typed in words is parsed and matched to foods (issue 24).

A 6-item phrase ("2 eggs, a banana, a cup of coffee with milk, 150 g oatmeal, 1 tbsp honey
and a glass of orange juice") and a few others, each parsed (foods/meal_text.py) and every
phrase matched through the forgiving search with its amount in grams (foods/meal_match.py),
over the full catalog; and the whole htmx request that fills the basket with it, next to
the same request with nothing typed (a baseline measured in the same run).
Target: a median of at most 50 ms for the 6-item phrase, parsed and matched.

    .venv/bin/python bench/meal_text.py             # SQLite
    .venv/bin/python bench/meal_text.py --postgres  # the local PostgreSQL server
    BENCH_DATABASE=cj_mine .venv/bin/python bench/meal_text.py --postgres
"""

import time

from _setup import configure_django, median, parse_args, percentile

SIX_ITEMS = (
    "2 eggs, a banana, a cup of coffee with milk, 150 g oatmeal, 1 tbsp honey and a glass of "
    "orange juice"
)
OTHERS = [
    "150 g oatmeal, 1 tbsp honey",
    "2 slices of whole wheat bread with butter, half an avocado",
    "a bowl of porridge, 1 cup of yoghurt, 3 oz chiken",
    "rice, black beans and salsa, a can of cola",
    "1 1/2 cups of spinach, 2 potatoes, 8 fl oz milk",
]
ROUNDS = 30


def main():
    args = parse_args(__doc__)
    label = configure_django(args.postgres)

    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from foods.meal_match import match_meal
    from foods.meal_text import parse_meal

    call_command("import_foods", verbosity=0)
    user = User.objects.create_user("bench@example.com", "bench-password-123")
    client = Client()
    client.force_login(user)
    url = reverse("journal:basket")

    def timed(call, rounds=ROUNDS):
        call()
        samples = []
        for _ in range(rounds):
            started = time.perf_counter()
            call()
            samples.append((time.perf_counter() - started) * 1000)
        return samples

    def fill(text):
        data = {"text": text, "parse": "1", "meal_kind": "breakfast", "prev_kind": "breakfast"}
        response = client.post(url, data, headers={"HX-Request": "true"})
        assert response.status_code == 200
        return response

    matched = match_meal(user, SIX_ITEMS)
    parse = timed(lambda: parse_meal(SIX_ITEMS))
    six = timed(lambda: match_meal(user, SIX_ITEMS))
    request = timed(lambda: fill(SIX_ITEMS))
    baseline = timed(lambda: fill(""))  # the same request with nothing typed
    others = [median(timed(lambda t=text: match_meal(user, t), 10)) for text in OTHERS]

    print(f"Meal typed in words on {label}: {len(matched)} phrases in the 6-item meal")
    for item in matched:
        found = item.food.name if item.food else "NOT FOUND"
        print(f"  {item.phrase.text!r:32} -> {found} ({item.grams:g} g)")
    print(f"  {'':40} {'median':>8} {'p90':>8} {'max':>8}")
    for name, values in [
        ("parsing alone (ms)", parse),
        ("6 items parsed and matched (ms)", six),
        ("whole htmx request filling the basket", request),
        ("baseline: that request, nothing typed", baseline),
        ("5 other meals, parsed and matched (ms)", others),
    ]:
        print(
            f"  {name:40} {median(values):8.2f} {percentile(values, 0.9):8.2f} {max(values):8.2f}"
        )
    print(f"  whole request / baseline: {median(request) / median(baseline):.2f}x")
    verdict = "met" if median(six) <= 50 else "NOT met"
    print(f"  target: median 6-item parse and match <= 50 ms: {verdict}")


if __name__ == "__main__":
    main()
