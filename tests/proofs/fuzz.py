"""A fuzz harness for every form and POST view: hostile values, and what must follow.

Each ``Target`` is one form or view. Its hostile values come from its form's fields (a number
field gets huge, negative, infinite and non-numeric numbers; a date field dates far in the
past and future and impossible ones; a choice field values it does not offer; a text field
10 MB of text, a NUL character, one character too many) or from a ``payload`` strategy of its
own (a JSON document for an import). Two properties are checked (tests/proofs/test_fuzz.py):

- strict targets: a valid submission with one hostile value is refused, with a 4xx or the
  form again with an error, and nothing stored changes;
- every target: anything at all (hostile values in any field, unknown fields, the wrong
  content type) never gets a 500.

Adding a target is one line in TARGETS below; for a JSON import, for example:

    Target("accounts:import", form=None, payload=hostile_json_documents(),
           send=upload_json_file("file")),
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote_from_bytes, urlencode

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse
from hypothesis import strategies as st

from accounts.forms import (
    EmailAuthenticationForm,
    FriendlyPasswordChangeForm,
    ProfileForm,
    SignupForm,
)
from experiments.forms import AnswerForm, ExperimentForm
from foods.forms import AmountForm, FoodSearchForm, PersonalFoodForm
from journal.forms import (
    AddFoodForm,
    ChangeAmountForm,
    CrampForm,
    DayFactorForm,
    DrinkForm,
    ExerciseForm,
    HistoryForm,
    MealForm,
    NightAnswerForm,
    RecipeFoodForm,
    RecipeForm,
    SupplementForm,
    UsualSupplementForm,
)
from journal.forms.basket import BasketForm
from journal.offline import QuickCrampForm, QuickDrinkForm
from reminders.forms import PushSubscriptionForm, ReminderSettingsForm
from reports.forms import PeriodForm
from tests import factories

# Over Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB): the request is refused with a 400.
TEN_MB = "x" * (10 * 1024 * 1024)
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class RawBytes:
    """A value sent as these bytes, percent-encoded: invalid UTF-8 reaches the server."""

    data: bytes


# --- Hostile values, by kind of field ----------------------------------------------------

huge_numbers = st.one_of(
    st.integers(min_value=10**6, max_value=10**400).map(str),
    st.sampled_from(["1e309", "9" * 5000, "1e18", "2147483648", "9223372036854775808"]),
)
negative_numbers = st.one_of(
    st.integers(max_value=-1).map(str), st.sampled_from(["-0.0001", "-1e309", "-inf"])
)
not_numbers = st.sampled_from(["nan", "NaN", "inf", "Infinity", "abc", "1,5", "0x10", "½", "1e"])
invalid_utf8 = st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80"]).map(
    RawBytes
)
with_nul = st.text(max_size=20).map(lambda text: f"{text}\x00{text}")
wrong_types = st.one_of(
    st.lists(st.sampled_from(["abc", "-1", "1e309"]), min_size=2, max_size=4),  # many values
    st.sampled_from(["[]", "{}", "null", "true", '{"$gt": ""}', "[1, 2]"]),
)
far_dates = st.one_of(
    st.dates(max_value=datetime.date(1899, 12, 31)),
    st.dates(min_value=datetime.date(2200, 1, 1)),
)
impossible_dates = st.sampled_from(
    ["2024-02-30", "2023-13-01", "0000-00-00", "2024-1-1-1", "yesterday", "99999-01-01"]
)


def hostile_numbers(field: forms.Field):
    values = [huge_numbers, not_numbers, wrong_types, invalid_utf8]
    lowest = getattr(field, "min_value", None)
    if lowest is None or lowest >= 0:  # a field that takes negatives has its own bounds
        values.append(negative_numbers)
    return st.one_of(values)


def hostile_dates(field: forms.Field):
    if isinstance(field, forms.DateTimeField):
        dated = far_dates.map(lambda day: f"{day.isoformat()}T03:00")
        impossible = impossible_dates.map(lambda text: f"{text}T03:00")
    else:
        dated, impossible = far_dates.map(lambda day: day.isoformat()), impossible_dates
    return st.one_of(dated, impossible, st.just(TEN_MB), wrong_types, invalid_utf8)


def hostile_choices(field: forms.ChoiceField):
    offered = {str(value) for value, _ in field.choices}
    unknown = st.text(min_size=1, max_size=40).filter(
        lambda text: text.strip() and text not in offered
    )
    values = st.one_of(unknown, st.just(TEN_MB), invalid_utf8, with_nul)
    if isinstance(field, forms.MultipleChoiceField):
        return st.lists(values, min_size=1, max_size=3)
    return values


def hostile_text(field: forms.CharField):
    values = [st.just(TEN_MB), with_nul]
    if field.max_length:
        values.append(st.just("é" * (field.max_length + 1)))
    if isinstance(field, forms.EmailField):
        values.append(st.sampled_from(["not an email", "@", "a@", "<img>@x", "a@b@c"]))
    return st.one_of(values)


def hostile_uuids(field: forms.Field):
    return st.one_of(
        # Blank is no token at all (the field is optional), not a bad one.
        st.text(min_size=1, max_size=50).filter(lambda text: text.strip() and not _is_uuid(text)),
        st.just(TEN_MB),
        invalid_utf8,
    )


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def hostile_values_for(field: forms.Field):
    """Values this field must refuse, or None for a field that takes anything (a checkbox)."""
    if isinstance(field, forms.UUIDField):
        return hostile_uuids(field)
    if isinstance(field, forms.IntegerField | forms.FloatField | forms.DecimalField):
        return hostile_numbers(field)
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return hostile_dates(field)
    if isinstance(field, forms.ChoiceField):
        return hostile_choices(field)
    if isinstance(field, forms.CharField):
        return hostile_text(field)
    return None


# Anything at all, for the "never a 500" property: the hostile values above, HTML and htmx
# attributes, arbitrary text, and plausible values.
anything = st.one_of(
    huge_numbers,
    negative_numbers,
    not_numbers,
    invalid_utf8,
    with_nul,
    wrong_types,
    far_dates.map(str),
    impossible_dates,
    st.just(TEN_MB),
    st.sampled_from(['<img src=x onerror=alert(1)> hx-get="/x"', "<script>alert(1)</script>"]),
    st.sampled_from(["", "1", "0", "250", "water", "calf", "lunch", "g", "metric"]),
    st.text(max_size=200),
)


def hostile_json_documents():
    """JSON documents (as bytes) that an import must refuse: hostile values in any place,
    broken JSON, invalid UTF-8, 10 MB. For a JSON import target."""
    leaves = st.one_of(
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=False),
        st.text(max_size=50),
        st.booleans(),
        st.none(),
        st.sampled_from(["<img src=x onerror=alert(1)>", "0001-01-01", "9999-12-31", "-1"]),
    )
    documents = st.recursive(
        leaves,
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=12), children, max_size=4)
        ),
        max_leaves=20,
    ).map(lambda value: json.dumps(value).encode())
    broken = st.sampled_from([b"{", b'{"a": }', b"\xff\xfe{}", b"NaN", b"[" * 10_000])
    return st.one_of(documents, broken, st.just(TEN_MB.encode()))


# --- How a payload is sent -----------------------------------------------------------------


def send_form(client, method: str, url: str, data: dict, headers: dict):
    """Form-encoded, as a browser sends it; raw bytes for invalid UTF-8."""
    if method == "GET":
        return client.get(url, _plain(data), headers=headers)
    if any(isinstance(value, RawBytes) for value in data.values()):
        return client.generic(
            method, url, _encode_raw(data), content_type=FORM_CONTENT_TYPE, headers=headers
        )
    return client.post(url, _plain(data), headers=headers)


def _plain(data: dict) -> dict:
    return {
        name: value.data.decode("latin-1") if isinstance(value, RawBytes) else value
        for name, value in data.items()
    }


def _encode_raw(data: dict) -> bytes:
    parts = []
    for name, value in data.items():
        if isinstance(value, RawBytes):
            parts.append(f"{quote_from_bytes(name.encode())}={quote_from_bytes(value.data)}")
        else:
            parts.append(urlencode({name: value}, doseq=True))
    return "&".join(parts).encode()


def send_json(client, method, url, data, headers):
    """The wrong content type for a form: the fields as a JSON body."""
    body = json.dumps(_plain({k: v for k, v in data.items() if v is not TEN_MB}), default=str)
    return client.generic(method, url, body, content_type="application/json", headers=headers)


def upload_json_file(field_name: str):
    """Sends a payload of bytes as an uploaded file, as an import form takes it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    def send(client, method, url, payload: bytes, headers):
        upload = SimpleUploadedFile("import.json", payload, content_type="application/json")
        return client.post(url, {field_name: upload}, headers=headers)

    return send


# --- Targets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One form or view to fuzz.

    ``url`` builds the URL for the owner (it may create the object a view needs); ``valid``
    builds a submission that the view accepts, to which the strict property adds one hostile
    value. ``strict=False`` for views with no value to refuse (a button that only carries
    an optional request token): those are checked for "never a 500" only.
    """

    label: str
    url: Callable
    form: type | None = None
    valid: Callable = lambda owner: {}
    method: str = "POST"
    as_visitor: bool = False
    strict: bool = True
    payload: st.SearchStrategy | None = None
    send: Callable = send_form
    # Form fields left out of the hostile values (set by the view, not typed by people).
    skip: tuple[str, ...] = field(default=())

    def hostile_fields(self) -> dict:
        if self.form is None:
            return {}
        strategies = {}
        for name, form_field in self.form.base_fields.items():
            if name in self.skip:
                continue
            values = hostile_values_for(form_field)
            if values is not None:
                strategies[name] = values
        return strategies

    def field_names(self) -> list[str]:
        return list(self.form.base_fields) if self.form else []


def _url(name, **kwargs):
    return lambda owner: reverse(name, kwargs=kwargs or None)


def _entry_url(view, kind, factory):
    return lambda owner: reverse(view, kwargs={"kind": kind, "pk": factory(user=owner).pk})


def _food(owner):
    food = factories.PersonalFoodFactory(owner=owner, name="Lentil soup")
    food.portions.create(label="1 bowl", grams=300, is_default=True)
    return food


def _valid_food(owner):
    return {"food": _food(owner).pk, "quantity": "1", "unit": "g", "meal_kind": "lunch"}


def _meal_item(owner):
    return factories.MealItemFactory(meal=factories.MealFactory(user=owner))


def _recipe(owner):
    recipe = factories.RecipeFactory(user=owner)
    factories.RecipeItemFactory(recipe=recipe)
    return recipe


def _recipe_url(name):
    return lambda owner: reverse(f"journal:{name}", kwargs={"pk": _recipe(owner).pk})


def _usual_url(name):
    return lambda owner: reverse(
        f"journal:{name}", kwargs={"pk": factories.UsualSupplementFactory(user=owner).pk}
    )


def _own_factor(owner):
    from journal.models import DayFactor

    return DayFactor.objects.get_or_create(user=owner, name="Stood all day")[0]


def _running_experiment(owner):
    """The owner's running experiment (one at a time), started today if there is none."""
    from experiments import running
    from experiments.models import Experiment

    active = Experiment.objects.for_user(owner).active().first()
    if active is None:
        return factories.started_experiment(owner)
    return running.resume(active) if active.status == "paused" else active


def _stopped_experiment(owner):
    """The owner's experiment stopped a moment ago (its stop can be undone), or another."""
    from experiments import running

    return running.stop_early(_running_experiment(owner))


def _experiment_url(name, make=lambda owner: factories.ExperimentFactory(owner=owner)):
    return lambda owner: reverse(f"experiments:{name}", kwargs={"pk": make(owner).pk})


def _today_answer(owner):
    from django.utils import timezone

    return {"day": timezone.localdate().isoformat(), "did_it": "yes", "back": "today"}


NEW_PASSWORD = "another quite long passphrase"
CRAMP = {"muscle": "calf", "side": "left", "severity": "5"}
DRINK = {"kind": "water", "volume_ml": "250"}
EXERCISE = {"activity": "walking", "duration_minutes": "30", "intensity": "light", "sweat": "some"}
SUPPLEMENT = {"name": "Magnesium citrate", "mineral": "magnesium", "mineral_mg": "200"}
FOOD = {"name": "Soup", "basis_grams": "100", "potassium_mg": "300", "portion_label": "1 bowl"}
PROFILE = {"sex": "female", "time_zone": "Europe/London", "units": "metric", "birth_year": "1970"}
REMINDERS = {
    "morning_enabled": "on",
    "morning_time": "07:00",
    "evening_time": "20:30",
    "quiet_start": "22:00",
    "quiet_end": "06:00",
    "by_email": "on",
}
PUSH_SUBSCRIPTION = {
    "endpoint": "https://fcm.googleapis.com/fcm/send/abc",
    "p256dh": "BA" + "A" * 85,  # 65 bytes in base64url
    "auth": "A" * 22,  # 16 bytes
}
EXPERIMENT = {"intervention": "stretching", "mode": "randomised", "design": "blocks", "weeks": "12"}


def _check_in_url(owner):
    from reminders.links import check_in_token

    token = check_in_token(owner.pk, datetime.date(2026, 3, 9), "email")
    return reverse("reminders:check_in", kwargs={"token": token})


def _unsubscribe_url(owner):
    from reminders.links import unsubscribe_token

    token = unsubscribe_token(owner.pk, "morning")
    return reverse("reminders:unsubscribe", kwargs={"token": token})


def _signup_confirm_url(owner):
    from tests.url_registry import waiting_signup_kwargs

    return reverse("signup_confirm", kwargs=waiting_signup_kwargs(owner))


TARGETS = [
    # The journal's forms.
    Target("log cramp", _url("journal:log_cramp"), QuickCrampForm, lambda owner: dict(CRAMP)),
    Target("quick drink", _url("journal:quick_drink"), QuickDrinkForm, lambda o: dict(DRINK)),
    Target("new cramp", _url("journal:create", kind="cramp"), CrampForm, lambda o: dict(CRAMP)),
    Target("new drink", _url("journal:create", kind="drink"), DrinkForm, lambda o: dict(DRINK)),
    Target(
        "new exercise", _url("journal:create", kind="exercise"), ExerciseForm,
        lambda owner: dict(EXERCISE),
    ),
    Target(
        "new supplement", _url("journal:create", kind="supplement"), SupplementForm,
        lambda owner: dict(SUPPLEMENT),
    ),
    Target(
        "edit cramp", _entry_url("journal:edit", "cramp", factories.CrampFactory), CrampForm,
        lambda owner: dict(CRAMP, severity="7"),
    ),
    Target(
        "edit meal", _entry_url("journal:edit", "meal", factories.MealFactory), MealForm,
        lambda owner: {"kind": "dinner", "note": "late"},
    ),
    Target(
        "edit exercise", _entry_url("journal:edit", "exercise", factories.ExerciseFactory),
        ExerciseForm, lambda owner: dict(EXERCISE, duration_minutes="45"),
    ),
    Target(
        "edit supplement", _entry_url("journal:edit", "supplement", factories.SupplementFactory),
        SupplementForm, lambda owner: dict(SUPPLEMENT, mineral_mg="250"),
    ),
    Target(
        "edit drink", _entry_url("journal:edit", "drink", factories.DrinkFactory), DrinkForm,
        lambda owner: dict(DRINK, volume_ml="330"),
    ),
    Target("add food", _url("journal:add_food"), AddFoodForm, _valid_food),
    Target(
        "save a meal basket",
        _url("journal:basket"),
        BasketForm,
        lambda owner: {
            "food": _food(owner).pk,
            "qty": "1",
            "unit": "g",
            "meal_kind": "lunch",
            "time": "00:00",
            "save": "1",
        },
        skip=("prev_kind",),
    ),
    Target(
        "change amount",
        lambda owner: reverse("journal:change_amount", kwargs={"pk": _meal_item(owner).pk}),
        ChangeAmountForm,
        lambda owner: {"quantity": "150", "unit": "g"},
    ),
    # Private foods.
    Target("new food", _url("foods:create"), PersonalFoodForm, lambda owner: dict(FOOD)),
    Target(
        "edit food", lambda owner: reverse("foods:edit", kwargs={"pk": _food(owner).pk}),
        PersonalFoodForm, lambda owner: dict(FOOD, name="Soup, thick"),
    ),
    # The account.
    Target("profile", _url("profile"), ProfileForm, lambda owner: dict(PROFILE)),
    Target(
        "password change", _url("password_change"), FriendlyPasswordChangeForm,
        lambda owner: {"old_password": factories.DEFAULT_PASSWORD,
                       "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    ),
    Target(
        "sign-up", _url("signup"), SignupForm,
        lambda owner: {"email": "new@example.com", "password1": NEW_PASSWORD,
                       "password2": NEW_PASSWORD, "time_zone": "UTC"},
        as_visitor=True,
    ),
    Target(
        "login", _url("login"), EmailAuthenticationForm,
        lambda owner: {"username": owner.email, "password": factories.DEFAULT_PASSWORD},
        as_visitor=True,
    ),
    Target(
        "password reset", _url("password_reset"), PasswordResetForm,
        lambda owner: {"email": owner.email}, as_visitor=True,
    ),
    Target("confirm sign-up", _signup_confirm_url, as_visitor=True, strict=False),
    Target("sign out everywhere", _url("sign_out_everywhere"), strict=False),
    # Your data: an import refuses every hostile document and stores nothing, not even the
    # upload it would otherwise keep for its preview.
    Target(
        "import", _url("import_data"), payload=hostile_json_documents(),
        send=upload_json_file("file"),
    ),
    # The morning question: "no cramps" or its undo, nothing else.
    Target(
        "night answer",
        lambda owner: reverse("journal:night_answer", kwargs={"night": datetime.date(2024, 1, 2)}),
        NightAnswerForm, lambda owner: {"answer": "no"},
    ),
    # Buttons: an optional request token and a flag; nothing to refuse, never a 500.
    Target(
        "day complete",
        lambda owner: reverse("journal:day_complete", kwargs={"day": datetime.date(2024, 1, 2)}),
        valid=lambda owner: {"complete": "1"}, strict=False,
    ),
    Target(
        "add again",
        lambda owner: reverse("journal:add_again", kwargs={"pk": _meal_item(owner).pk}),
        strict=False,
    ),
    Target(
        "repeat meal",
        lambda owner: reverse("journal:repeat_meal", kwargs={"pk": _meal_item(owner).meal_id}),
        strict=False,
    ),
    Target(
        "add favourite",
        lambda owner: reverse(
            "journal:add_favourite",
            kwargs={"pk": owner.favourite_foods.create(food=_food(owner)).pk},
        ),
        strict=False,
    ),
    Target(
        "favourite", lambda owner: reverse("foods:favourite", kwargs={"pk": _food(owner).pk}),
        valid=lambda owner: {"favourite": "1"}, strict=False,
    ),
    Target(
        "remove item",
        lambda owner: reverse("journal:delete_item", kwargs={"pk": _meal_item(owner).pk}),
        strict=False,
    ),
    Target("undo", _url("journal:undo"), strict=False),
    # Reminders (issue 17): the settings, a browser's push subscription, the signed links.
    Target("reminders", _url("reminders:settings"), ReminderSettingsForm,
           lambda owner: dict(REMINDERS)),
    Target("push subscribe", _url("reminders:push_subscribe"), PushSubscriptionForm,
           lambda owner: dict(PUSH_SUBSCRIPTION)),
    Target("push unsubscribe", _url("reminders:push_unsubscribe"), strict=False),
    Target("no cramps link", _check_in_url, as_visitor=True, strict=False),
    Target("unsubscribe link", _unsubscribe_url, as_visitor=True, strict=False),
    # Your own factors (issue 15): a name is refused unless it is one; the buttons never 500.
    Target(
        "new own factor", _url("journal:factors"), DayFactorForm,
        lambda owner: {"name": "Slept badly"},
    ),
    Target(
        "mark own factor",
        lambda owner: reverse(
            "journal:factor_mark",
            kwargs={"day": datetime.date(2024, 1, 2), "pk": _own_factor(owner).pk},
        ),
        valid=lambda owner: {"on": "1"}, strict=False,
    ),
    Target(
        "delete own factor",
        lambda owner: reverse("journal:factor_delete", kwargs={"pk": _own_factor(owner).pk}),
        strict=False,
    ),
    # Recipes and the usual supplements (issue 24).
    Target("new recipe", _url("journal:recipes"), RecipeForm,
           lambda owner: {"name": "Lentil soup", "servings": "4"}),
    Target("edit recipe", _recipe_url("recipe"), RecipeForm,
           lambda owner: {"name": "Porridge, thick", "servings": "3"}),
    Target(
        "save meal as recipe",
        lambda owner: reverse("journal:save_recipe", kwargs={"pk": _meal_item(owner).meal_id}),
        RecipeForm, lambda owner: {"name": "Dinner", "servings": "1"},
    ),
    Target(
        "recipe food", _recipe_url("recipe_add_food"), RecipeFoodForm,
        lambda owner: {"food": _food(owner).pk, "quantity": "100", "unit": "g"},
        skip=("meal_kind", "day", "request_token"),  # not fields of a recipe's food
    ),
    Target("log recipe", _recipe_url("log_recipe"), strict=False),
    Target("delete recipe", _recipe_url("recipe_delete"), strict=False),
    Target(
        "remove recipe food",
        lambda owner: reverse(
            "journal:recipe_remove_food", kwargs={"pk": _recipe(owner).items.get().pk}
        ),
        strict=False,
    ),
    Target("new usual", _url("journal:usual"), UsualSupplementForm,
           lambda owner: {"name": "Magnesium", "dose": "1 tablet", "magnesium_mg": "200"}),
    Target("edit usual", _usual_url("usual_edit"), UsualSupplementForm,
           lambda owner: {"name": "Atorvastatin", "dose": "20 mg", "medicine": "statin"}),
    Target("took usual", _url("journal:took_usual"), strict=False),
    Target("took one", _usual_url("took_one"), strict=False),
    Target("delete usual", _usual_url("usual_delete"), strict=False),
    # Experiments: the design form, the daily answer, and the buttons.
    Target("design experiment", _url("experiments:new"), ExperimentForm,
           lambda owner: dict(EXPERIMENT)),
    Target("edit experiment", _experiment_url("edit"), ExperimentForm,
           lambda owner: dict(EXPERIMENT, weeks="16")),
    Target("answer experiment", _experiment_url("answer", _running_experiment), AnswerForm,
           _today_answer),
    *(
        Target(f"{name} experiment", _experiment_url(name, make), strict=False)
        for name, make in [
            ("start", lambda owner: factories.ExperimentFactory(owner=owner)),
            ("pause", _running_experiment),
            ("resume", _running_experiment),
            ("stop", _running_experiment),
            ("undo_stop", _stopped_experiment),
            ("try_openly", lambda owner: factories.ExperimentFactory(owner=owner)),
            ("finish", _running_experiment),
            ("discard", lambda owner: factories.ExperimentFactory(owner=owner)),
        ]
    ),
    # Query strings: GET changes nothing, whatever it carries.
    Target("food search", _url("foods:search"), FoodSearchForm, method="GET", strict=False),
    Target("history", _url("journal:history"), HistoryForm, method="GET", strict=False),
    Target(
        "add food picker", _url("journal:add_food"), AddFoodForm, method="GET", strict=False
    ),
    Target(
        "food amount", lambda owner: reverse("foods:detail", kwargs={"pk": _food(owner).pk}),
        AmountForm, method="GET", strict=False,
    ),
    Target("reports", _url("reports:index"), PeriodForm, method="GET", strict=False),
    Target("report JSON", _url("reports:report_json"), PeriodForm, method="GET", strict=False),
]  # fmt: skip
