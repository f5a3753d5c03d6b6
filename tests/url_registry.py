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
    notes: str = field(default="", compare=False)

    @property
    def has_object(self) -> bool:
        return self.kwargs is not None


def _password_reset_kwargs(owner):
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(owner.pk)),
        "token": default_token_generator.make_token(owner),
    }


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


ROUTES = [
    Route("home", public=True, tour_as=(VISITOR, OWNER), methods=("GET",)),
    Route("signup", public=True, tour_as=(VISITOR,)),
    Route("login", public=True, tour_as=(VISITOR,)),
    Route("logout", public=True, tour_as=(), methods=("POST",), notes="POST only"),
    Route("account", public=False, methods=("GET",)),
    Route("profile", public=False),
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
]

# URL namespaces served by Django's admin: staff only, guarded by the admin's own login.
# The registry test checks that a signed-in non-staff user is turned away from each pattern.
STAFF_NAMESPACES = {"admin"}

ROUTES_BY_NAME = {route.name: route for route in ROUTES}
