"""Deleting an account removes every row the person owns, in every app, and their sessions.

The models are found by walking the app registry, not listed by hand: a model added later
with a foreign key to the user (or to something the user owns) is covered at once, and this
test fails if its rows would outlive the account (on_delete=PROTECT or SET_NULL, say) or if
tests/journal_of_everything.py makes no row of it to check.
"""

from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.test import Client
from django.urls import reverse

from accounts.models import Session, User
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.journal_of_everything import fill_everything

MAX_HOPS = 3


def ownership_paths() -> dict:
    """Every model whose rows belong to a user, with the lookups from it to the user:
    {MealItem: ["meal__user", "food__owner"], Profile: ["user"], ...}."""
    user_model = get_user_model()
    paths = {user_model: [""]}
    for _ in range(MAX_HOPS):
        for model in apps.get_models(include_auto_created=True):
            if model is user_model:
                continue
            for field in model._meta.get_fields():
                if not (field.concrete and (field.many_to_one or field.one_to_one)):
                    continue
                target = field.related_model
                for path in paths.get(target, []):
                    lookup = f"{field.name}__{path}" if path else field.name
                    if lookup not in paths.setdefault(model, []):
                        paths[model].append(lookup)
    del paths[user_model]
    return paths


def rows_of(user) -> dict:
    """Every row of every owned model that belongs to ``user``, by model label."""
    rows = {}
    for model, lookups in ownership_paths().items():
        mine = Q()
        for lookup in lookups:
            mine |= Q(**{lookup: user})
        rows[model._meta.label] = sorted(model.objects.filter(mine).values_list(), key=repr)
    return rows


def test_the_walk_finds_the_models_people_own():
    labels = {model._meta.label for model in ownership_paths()}
    assert {
        "accounts.Profile", "portability.PendingImport", "journal.Cramp", "journal.Meal",
        "journal.MealItem", "journal.Drink", "journal.Exercise", "journal.Supplement",
        "journal.DayStatus", "foods.Food", "foods.Portion", "foods.FoodWord", "foods.Favourite",
        "admin.LogEntry", "accounts.User_groups", "accounts.User_user_permissions",
        "accounts.Session",
    } <= labels  # fmt: skip


def test_it_deletes_every_row_the_user_owns_and_nothing_of_anybody_else(client, owner, stranger):
    fill_everything(owner)
    fill_everything(stranger)
    owned = rows_of(owner)
    empty = [label for label, rows in owned.items() if not rows]
    assert not empty, (
        f"The owner has no rows of {empty}, so this test cannot prove they are deleted: add "
        "one to fill_everything() in tests/journal_of_everything.py."
    )
    strangers_before = rows_of(stranger)
    client.force_login(owner)

    response = client.post(reverse("delete_account"), {"password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(pk=owner.pk).exists()
    survivors = {}
    for model, _ in ownership_paths().items():
        label = model._meta.label
        pks = [row[0] for row in owned[label]]
        if left := model.objects.filter(pk__in=pks).count():
            survivors[label] = left
    assert not survivors, f"Rows that outlived the account: {survivors}"
    assert rows_of(stranger) == strangers_before


def test_it_ends_every_session_of_the_user_and_only_theirs(owner, stranger):
    phone, laptop, strangers = Client(), Client(), Client()
    phone.force_login(owner)
    laptop.force_login(owner)
    strangers.force_login(stranger)
    assert Session.objects.count() == 3

    response = phone.post(reverse("delete_account"), {"password": DEFAULT_PASSWORD}, follow=True)

    assert "Your account and everything in it are deleted." in response.content.decode()
    assert Session.objects.count() == 1
    assert laptop.get(reverse("journal:today")).status_code == 302  # sent to log in
    assert strangers.get(reverse("journal:today")).status_code == 200
    assert phone.get(reverse("account")).url.startswith(reverse("login"))


def test_it_forgets_the_login_history_of_the_address(owner_client, owner):
    common = {"user_agent": "test", "ip_address": "127.0.0.1", "http_accept": "*/*",
              "path_info": "/accounts/login/"}  # fmt: skip
    AccessLog.objects.create(username=owner.email, **common)
    AccessAttempt.objects.create(
        username=owner.email, get_data="", post_data="", failures_since_start=1, **common
    )
    AccessLog.objects.create(username="stranger@example.com", **common)

    owner_client.post(reverse("delete_account"), {"password": DEFAULT_PASSWORD})

    assert list(AccessLog.objects.values_list("username", flat=True)) == ["stranger@example.com"]
    assert not AccessAttempt.objects.exists()


def test_a_wrong_password_deletes_nothing(owner_client, owner):
    fill_everything(owner)
    before = rows_of(owner)

    response = owner_client.post(reverse("delete_account"), {"password": "not my password"})

    assert response.status_code == 422
    assert "That is not your password; nothing was deleted." in response.content.decode()
    assert rows_of(owner) == before
    assert owner_client.get(reverse("account")).status_code == 200


def test_the_page_asks_for_the_password(owner_client):
    page = owner_client.get(reverse("delete_account")).content.decode()
    assert 'autocomplete="current-password"' in page
    assert "cannot be undone" in page


def test_get_deletes_nothing(owner_client, owner):
    owner_client.get(reverse("delete_account"))
    assert User.objects.filter(pk=owner.pk).exists()


def test_signing_up_again_with_the_same_email_works(client, owner):
    client.force_login(owner)
    client.post(reverse("delete_account"), {"password": DEFAULT_PASSWORD})

    again = UserFactory(email=owner.email)

    assert again.pk != owner.pk


def test_the_admin_log_keeps_no_address_of_a_deleted_person(client, owner, stranger):
    """Failed on de20a7f: a curator's edits of the account stayed in the admin log under
    the person's email address after the account was deleted."""
    curator = UserFactory(email="curator@example.com", is_staff=True, is_superuser=True)
    admin = Client()
    admin.force_login(curator)
    change_url = reverse("admin:accounts_user_change", args=[owner.pk])
    form = admin.get(change_url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(email="Owner@Example.com", is_active="on", date_joined_0="2026-01-01",
                date_joined_1="10:00:00", groups=[], user_permissions=[])  # fmt: skip
    for name in ("last_login", "date_joined", "password", "usable_password"):
        data.pop(name, None)
    assert admin.post(change_url, data).status_code == 302
    LogEntry.objects.log_actions(
        user_id=curator.pk, queryset=[stranger], action_flag=CHANGE,
        change_message=f"Merged duplicate owner@example.com into {stranger.email}",
    )  # fmt: skip
    assert LogEntry.objects.filter(object_repr__icontains="owner@example.com").exists()
    client.force_login(owner)

    client.post(reverse("delete_account"), {"password": DEFAULT_PASSWORD})

    entries = list(LogEntry.objects.values_list("object_repr", "change_message"))
    assert entries, "staff's history stays"
    assert not [entry for entry in entries if "owner@example.com" in " ".join(entry).lower()]
    about_owner = LogEntry.objects.get(object_id=str(owner.pk))
    assert about_owner.object_repr == f"deleted account #{owner.pk}"
    merged = LogEntry.objects.get(object_id=str(stranger.pk))
    assert merged.change_message == (
        f"Merged duplicate deleted account #{owner.pk} into stranger@example.com"
    )
