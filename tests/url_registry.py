"""Every URL pattern of the site, registered once: public or private, and how to build it.

tests/test_url_registry.py walks the URLconf and fails for any pattern missing here, then
checks each entry: private pages send anonymous visitors to the login page, object pages give
a stranger 404 and change nothing, and the page tour (tests/browser) visits every page.

To add a route: add a ``Route`` below. ``kwargs`` builds the URL's arguments for an object
that the owner has (it receives the owner and may create rows).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from education.pages import all_pages
from tests import factories

VISITOR = "visitor"
OWNER = "owner"


@dataclass(frozen=True)
class Route:
    name: str
    public: bool
    # Builds reverse() kwargs for an object the owner has; None for routes without arguments.
    kwargs: Callable | None = None
    # Who the page tour visits the page as; empty for routes that are not pages (POST-only
    # actions, redirects, downloads). htmx partials are listed as pages only if they are.
    tour_as: tuple[str, ...] = (OWNER,)
    # The methods the route answers; the anonymous and stranger checks try each of them.
    methods: tuple[str, ...] = ("GET", "POST")
    # Creates what the page needs to show something (it receives the owner), and a query
    # string for the URL: the page tour then sees the page in use, not empty.
    setup: Callable | None = None
    query: str = ""
    # False when the arguments are not an object of the owner's (a date, a kind of entry):
    # a stranger then sees their own data under the same URL, not the owner's.
    owner_scoped: bool = True
    # Tells apart several entries for one route name, each with its own arguments (one per
    # Learn page, say): the page tour then visits and photographs each of them.
    variant: str = ""
    notes: str = field(default="", compare=False)

    @property
    def has_object(self) -> bool:
        return self.kwargs is not None and self.owner_scoped

    @property
    def label(self) -> str:
        """The route's name, and its variant if it has one: "education:page/potassium"."""
        return f"{self.name}/{self.variant}" if self.variant else self.name


def _check_in_kwargs(owner):
    from journal.nights import last_night
    from reminders.links import check_in_token

    night = last_night(_yesterday(owner)["day"])
    return {"token": check_in_token(owner.pk, night, "email")}


def _unsubscribe_kwargs(owner):
    from reminders.links import unsubscribe_token
    from reminders.models import ReminderSettings

    ReminderSettings.objects.get_or_create(user=owner, defaults={"morning_enabled": True})
    return {"token": unsubscribe_token(owner.pk, "morning")}


def _reminders_on(owner):
    from datetime import time

    from reminders.models import ReminderSettings

    ReminderSettings.objects.get_or_create(
        user=owner,
        defaults={"morning_enabled": True, "quiet_start": time(22), "quiet_end": time(6)},
    )


def _password_reset_kwargs(owner):
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(owner.pk)),
        "token": default_token_generator.make_token(owner),
    }


def waiting_signup_kwargs(owner):
    """A sign-up waiting for its confirmation, and the link mailed for it."""
    from accounts.models import User
    from accounts.signup import confirmation_token

    waiting, _ = User.objects.get_or_create(
        email=f"waiting-{owner.pk}@example.com", defaults={"is_active": False}
    )
    return {"token": confirmation_token(waiting)}


def _personal_food(owner):
    food = factories.PersonalFoodFactory(owner=owner, name="Electrolyte drink, lemon")
    food.portions.create(label="1 bottle", grams=500, is_default=True)
    return {"pk": food.pk}


def _catalog_foods(owner):
    """A few catalog foods and one of the owner's, so that search has results to show."""
    banana = factories.CatalogFoodFactory(name="Banana", featured=True, potassium_mg=358)
    banana.portions.create(label="1 medium", grams=118, is_default=True)
    factories.CatalogFoodFactory(name="Banana chips", potassium_mg=536)
    factories.PersonalFoodFactory(owner=owner, name="Banana smoothie, homemade")


def _featured_foods(owner):
    """Everyday foods with their usual portions, for the Learn page's food tables."""
    foods = [
        # name, potassium and magnesium per 100 g, default portion, grams
        ("Potato, baked, with skin", 535, 28, "1 medium", 173),
        ("Spinach, boiled", 466, 87, "1 cup", 180),
        ("Banana", 358, 27, "1 medium", 118),
        ("Pumpkin seeds, shelled", 809, 592, "1 oz", 28.35),
        ("Almonds", 733, 270, "1 oz (23 almonds)", 28.35),
        ("Yogurt, plain, low fat", 234, 17, "1 cup (8 oz)", 245),
    ]
    for name, potassium, magnesium, label, grams in foods:
        food = factories.CatalogFoodFactory(
            name=name, featured=True, potassium_mg=potassium, magnesium_mg=magnesium
        )
        food.portions.create(label=label, grams=grams, is_default=True)
    # Beans at half a cup, for the comparison with the banana.
    for name, potassium, magnesium, grams in [
        ("White beans, boiled", 561, 63, 89.5),
        ("Lentils, boiled", 369, 36, 99),
        ("Chickpeas, boiled", 291, 48, 82),
    ]:
        food = factories.CatalogFoodFactory(
            name=name,
            featured=True,
            potassium_mg=potassium,
            magnesium_mg=magnesium,
            food_group="Legumes and legume products",
        )
        food.portions.create(label="1/2 cup", grams=grams, is_default=True)


def _journal_day(owner):
    """A day of the owner's with one entry of each kind, so that pages show them in use."""
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now() - timedelta(minutes=5)
    cramp = factories.CrampFactory(user=owner, occurred_at=now, muscle="calf", severity=6)
    meal = factories.MealFactory(user=owner, occurred_at=now)
    factories.MealItemFactory(meal=meal)
    factories.DrinkFactory(user=owner, occurred_at=now)
    factories.ExerciseFactory(user=owner, occurred_at=now)
    factories.SupplementFactory(user=owner, occurred_at=now)
    _owner_favourite(owner)
    _owner_factors(owner)  # two own factors, one marked today: Today shows both buttons
    _owner_usual(owner)  # Today's "Took my usual" and its items
    _owner_recipe(owner)  # and "Your recipes"
    return {"cramp": cramp, "meal": meal}


def _owner_cramp(owner):
    return {"kind": "cramp", "pk": factories.CrampFactory(user=owner).pk}


def _owner_meal(owner):
    meal = factories.MealFactory(user=owner)
    factories.MealItemFactory(meal=meal)
    return {"pk": meal.pk}


def _owner_meal_item(owner):
    return {"pk": factories.MealItemFactory(meal=factories.MealFactory(user=owner)).pk}


def _owner_favourite(owner):
    food = factories.CatalogFoodFactory(name="Lentils, boiled")
    return {"pk": owner.favourite_foods.create(food=food).pk}


def _owner_recipe(owner):
    return {"pk": factories.RecipeItemFactory(recipe=factories.RecipeFactory(user=owner)).recipe_id}


def _owner_recipe_item(owner):
    return {"pk": factories.RecipeItemFactory(recipe=factories.RecipeFactory(user=owner)).pk}


def _owner_usual(owner):
    factories.UsualSupplementFactory(user=owner, name="Atorvastatin", dose="20 mg",
                                     magnesium_mg=None, medicine="statin")  # fmt: skip
    return {"pk": factories.UsualSupplementFactory(user=owner).pk}


def _owner_factors(owner):
    """Two of the owner's own day factors, one marked today."""
    from django.utils import timezone

    from journal.models import DayFactor, DayFactorMark

    slept, _ = DayFactor.objects.get_or_create(user=owner, name="Slept badly")
    DayFactor.objects.get_or_create(user=owner, name="Stood all day")
    DayFactorMark.objects.get_or_create(user=owner, factor=slept, date=timezone.localdate())
    return slept


def _owner_factor(owner):
    return {"pk": _owner_factors(owner).pk}


def _owner_factor_on_a_day(owner):
    from datetime import timedelta

    from django.utils import timezone

    return {"day": timezone.localdate() - timedelta(days=1), "pk": _owner_factors(owner).pk}


def _yesterday(owner):
    from datetime import timedelta

    from django.utils import timezone

    _journal_day(owner)
    return {"day": timezone.localdate() - timedelta(days=1)}


def _two_months_of_journal(owner):
    """Enough complete days for the reports to show numbers, with a pattern to find."""
    from journal.models import DayStatus
    from tests.reports.journal_data import fill_journal

    if not DayStatus.objects.filter(user=owner).exists():  # one journal for both report pages
        fill_journal(owner, 60)


def _pending_import(owner):
    """A file exported from another account, uploaded by the owner and waiting for a yes."""
    import json

    from portability.export import export_user
    from portability.forms import digest_of
    from portability.models import PendingImport
    from portability.tasks import check_pending_import

    other = factories.UserFactory(profile={"time_zone": "Europe/Berlin"})
    _journal_day(other)
    text = json.dumps(export_user(other))
    pending, _ = PendingImport.objects.update_or_create(
        user=owner,
        defaults={"file_name": "cramp-journal-2026-03-14.json", "content": text,
                  "digest": digest_of(text)},
    )  # fmt: skip
    check_pending_import(pending)  # as the background task does after an upload


def _pending_bad_import(owner):
    """An uploaded file with two bad records, so that the preview lists them."""
    import json

    from portability.export import export_user
    from portability.forms import digest_of
    from portability.models import PendingImport
    from portability.tasks import check_pending_import

    other = factories.UserFactory()
    _journal_day(other)
    data = export_user(other)
    data["cramps"][0]["severity"] = 12
    data["meals"][0]["items"][0]["grams"] = "a lot"
    text = json.dumps(data)
    pending, _ = PendingImport.objects.update_or_create(
        user=owner,
        defaults={"file_name": "edited.json", "content": text, "digest": digest_of(text)},
    )
    check_pending_import(pending)


def _draft_experiment(owner):
    return {"pk": factories.ExperimentFactory(owner=owner).pk}


def _running_experiment(owner):
    """An experiment in its second week, with a few answers and cramp nights."""
    from experiments import running

    experiment = factories.started_experiment(owner, days_ago=9, pairs=5)
    dates = running.calendar(experiment)
    for index in (1, 4, 8):
        factories.night_cramp(owner, dates[index])
    for day in dates[:9]:
        running.answer(experiment, day, True)
    return {"pk": experiment.pk}


def _stopped_experiment(owner):
    """An experiment stopped early a moment ago: its stop can still be undone."""
    from experiments import running

    experiment = running.stop_early(factories.started_experiment(owner, days_ago=9, pairs=5))
    return {"pk": experiment.pk}


def _finished_experiment(owner):
    experiment = factories.finished_experiment(
        owner, cramp_nights=(1, 3, 9, 10, 12, 20, 22, 24, 25, 40, 44, 45, 50), pairs=4
    )
    return {"pk": experiment.pk}


def _experiments(owner):
    _finished_experiment(owner)
    _draft_experiment(owner)


ROUTES = [
    Route("home", public=True, tour_as=(VISITOR, OWNER), methods=("GET",)),
    Route("signup", public=True, tour_as=(VISITOR,)),
    Route("signup_sent", public=True, tour_as=(VISITOR,), methods=("GET",)),
    Route(
        "signup_confirm",
        public=True,
        kwargs=waiting_signup_kwargs,
        tour_as=(VISITOR,),
        owner_scoped=False,
        notes="token-protected, not owner-scoped: the signed token is the key",
    ),
    Route("login", public=True, tour_as=(VISITOR,)),
    Route("logout", public=True, tour_as=(), methods=("POST",), notes="POST only"),
    Route("sign_out_everywhere", public=False, tour_as=(), methods=("POST",)),
    Route("account", public=False, methods=("GET",)),
    Route("profile", public=False),
    # Your data: downloads are not pages; the import's preview needs an uploaded file.
    Route("account_data", public=False, methods=("GET",)),
    Route("export_json", public=False, methods=("GET",), tour_as=(), notes="a download"),
    Route("export_csv", public=False, methods=("GET",), tour_as=(), notes="a download"),
    Route("import_data", public=False),
    Route("import_preview", public=False, setup=_pending_import),
    Route("import_preview", public=False, setup=_pending_bad_import, variant="errors"),
    Route("delete_account", public=False),
    Route("password_change", public=False),
    Route("password_change_done", public=False, methods=("GET",)),
    Route("password_reset", public=True, tour_as=(VISITOR,)),
    Route("password_reset_done", public=True, tour_as=(VISITOR,), methods=("GET",)),
    Route(
        "password_reset_confirm",
        public=True,
        kwargs=_password_reset_kwargs,
        tour_as=(VISITOR,),
        notes="token-protected, not owner-scoped: the token is the key",
    ),
    Route("password_reset_complete", public=True, tour_as=(VISITOR,), methods=("GET",)),
    # Foods: the catalog search, and each person's private foods.
    Route("foods:search", public=False, methods=("GET",), setup=_catalog_foods, query="q=banana"),
    Route("foods:detail", public=False, kwargs=_personal_food, methods=("GET",)),
    Route("foods:mine", public=False, methods=("GET",), setup=_personal_food),
    Route("foods:create", public=False),
    Route("foods:edit", public=False, kwargs=_personal_food),
    Route("foods:delete", public=False, kwargs=_personal_food),
    Route("foods:favourite", public=False, kwargs=_personal_food, tour_as=(), methods=("POST",)),
    # The journal. Quick entries are POST-only actions; the day and history are pages.
    Route("journal:today", public=False, methods=("GET",), setup=_journal_day),
    Route("journal:manifest", public=True, tour_as=(), methods=("GET",), notes="JSON"),
    Route("journal:service_worker", public=True, tour_as=(), methods=("GET",), notes="a script"),
    Route("journal:offline", public=True, tour_as=(VISITOR,), methods=("GET",)),
    Route("journal:history", public=False, methods=("GET",), setup=_journal_day),
    Route("journal:day", public=False, methods=("GET",), kwargs=_yesterday, owner_scoped=False),
    Route(
        "journal:day_complete",
        public=False,
        kwargs=lambda owner: {"day": _yesterday(owner)["day"]},
        owner_scoped=False,
        tour_as=(),
        methods=("POST",),
    ),
    Route(
        "journal:night_answer",
        public=False,
        kwargs=lambda owner: {"night": _yesterday(owner)["day"]},
        owner_scoped=False,
        tour_as=(),
        methods=("POST",),
    ),
    Route("journal:factors", public=False, setup=_owner_factors),
    Route(
        "journal:factor_delete",
        public=False,
        kwargs=_owner_factor,
        tour_as=(),
        methods=("POST",),
    ),
    Route(
        "journal:factor_mark",
        public=False,
        kwargs=_owner_factor_on_a_day,
        tour_as=(),
        methods=("POST",),
    ),
    Route("journal:log_cramp", public=False, tour_as=(), methods=("POST",)),
    Route("journal:quick_drink", public=False, tour_as=(), methods=("POST",)),
    Route("journal:add_food", public=False, setup=_catalog_foods, query="q=banana"),
    Route("journal:basket", public=False, tour_as=(), methods=("POST",)),
    Route(
        "journal:add_again", public=False, kwargs=_owner_meal_item, tour_as=(), methods=("POST",)
    ),
    Route("journal:repeat_meal", public=False, kwargs=_owner_meal, tour_as=(), methods=("POST",)),
    Route(
        "journal:delete_item", public=False, kwargs=_owner_meal_item, tour_as=(), methods=("POST",)
    ),
    Route("journal:change_amount", public=False, kwargs=_owner_meal_item),
    Route("journal:undo", public=False, tour_as=(), methods=("POST",)),
    # Recipes and the usual supplements (issue 24).
    Route("journal:save_recipe", public=False, kwargs=_owner_meal),
    Route("journal:recipes", public=False, setup=_owner_recipe),
    Route("journal:recipe", public=False, kwargs=_owner_recipe, query="q=banana"),
    Route(
        "journal:recipe_add_food", public=False, kwargs=_owner_recipe, tour_as=(), methods=("POST",)
    ),
    Route(
        "journal:recipe_remove_food",
        public=False,
        kwargs=_owner_recipe_item,
        tour_as=(),
        methods=("POST",),
    ),
    Route("journal:recipe_delete", public=False, kwargs=_owner_recipe),
    Route("journal:log_recipe", public=False, kwargs=_owner_recipe, tour_as=(), methods=("POST",)),
    Route("journal:usual", public=False, setup=_owner_usual),
    Route("journal:usual_edit", public=False, kwargs=_owner_usual),
    Route("journal:usual_delete", public=False, kwargs=_owner_usual),
    Route("journal:took_usual", public=False, tour_as=(), methods=("POST",), setup=_owner_usual),
    Route("journal:took_one", public=False, kwargs=_owner_usual, tour_as=(), methods=("POST",)),
    Route(
        "journal:add_favourite",
        public=False,
        kwargs=_owner_favourite,
        tour_as=(),
        methods=("POST",),
    ),
    Route(
        "journal:create",
        public=False,
        kwargs=lambda owner: {"kind": "cramp"},
        owner_scoped=False,
        notes="a kind of entry, not an object",
    ),
    Route("journal:edit", public=False, kwargs=_owner_cramp),
    Route("journal:delete", public=False, kwargs=_owner_cramp),
    # Learn: public pages, one entry per page so that the tour sees each of them.
    Route("education:index", public=True, tour_as=(VISITOR,), methods=("GET",)),
    *(
        Route(
            "education:page",
            public=True,
            kwargs=lambda owner, slug=page.slug: {"slug": slug},
            tour_as=(VISITOR,),
            methods=("GET",),
            setup=_featured_foods if page.placeholders else None,
            owner_scoped=False,
            variant=page.slug,
        )
        for page in all_pages()
    ),
    # Reports read only the signed-in person's journal: no object URLs, nothing to guess.
    Route("reports:index", public=False, methods=("GET",), setup=_two_months_of_journal),
    Route(
        "reports:summary",
        public=False,
        methods=("GET",),
        setup=_two_months_of_journal,
        query="period=all",
    ),
    # Experiments: the list, the design form, one experiment in each state, its actions.
    Route("experiments:index", public=False, methods=("GET",), setup=_experiments),
    Route("experiments:new", public=False),
    Route(
        "experiments:detail",
        public=False,
        kwargs=_draft_experiment,
        methods=("GET",),
        variant="draft",
    ),
    # Finished before running: the Nu check builds every page for one owner, who can have
    # one running experiment at a time (a finished one was started first).
    Route(
        "experiments:detail",
        public=False,
        kwargs=_finished_experiment,
        methods=("GET",),
        variant="finished",
    ),
    Route(
        "experiments:detail",
        public=False,
        kwargs=_running_experiment,
        methods=("GET",),
        variant="running",
    ),
    Route("experiments:edit", public=False, kwargs=_draft_experiment),
    *(
        Route(f"experiments:{name}", public=False, kwargs=kwargs, tour_as=(), methods=("POST",))
        for name, kwargs in [
            ("start", _draft_experiment),
            ("answer", _running_experiment),
            ("pause", _running_experiment),
            ("resume", _running_experiment),
            ("stop", _running_experiment),
            ("undo_stop", _stopped_experiment),
            ("try_openly", _draft_experiment),
            ("finish", _running_experiment),
            ("discard", _draft_experiment),
        ]
    ),
    Route("experiments:remove_old_drafts", public=False, tour_as=(), methods=("POST",)),
    # Reminders (issue 17): the settings page, the browser's push subscription, and the
    # links inside a reminder, public because they are opened from an email or a
    # notification; each is signed for one person and one thing.
    Route("reminders:settings", public=False, setup=_reminders_on),
    Route("reminders:push_subscribe", public=False, tour_as=(), methods=("POST",)),
    Route("reminders:push_unsubscribe", public=False, tour_as=(), methods=("POST",)),
    Route(
        "reminders:check_in",
        public=True,
        kwargs=_check_in_kwargs,
        tour_as=(VISITOR,),
        owner_scoped=False,
        notes="token-protected, not owner-scoped: the signed token is the key",
    ),
    Route(
        "reminders:had_cramp",
        public=False,
        kwargs=lambda owner: {"night": _yesterday(owner)["day"]},
        tour_as=(),
        methods=("GET",),
        owner_scoped=False,
        notes="a redirect to the day the night ended",
    ),
    Route(
        "reminders:unsubscribe",
        public=True,
        kwargs=_unsubscribe_kwargs,
        tour_as=(VISITOR,),
        owner_scoped=False,
        notes="token-protected one-click unsubscribe (RFC 8058): no session, no CSRF token",
    ),
    Route(
        "reports:report_json",
        public=False,
        methods=("GET",),
        tour_as=(),
        notes="JSON, not a page",
    ),
]

# URL namespaces served by Django's admin: staff only, guarded by the admin's own login.
# The registry test checks that a signed-in non-staff user is turned away from each pattern.
STAFF_NAMESPACES = {"admin"}

ROUTES_BY_NAME = {route.name: route for route in ROUTES}
