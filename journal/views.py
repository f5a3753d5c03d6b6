"""The journal's pages: a day (Today is the current one), quick entry, editing, history.

Every action is a real form that posts and redirects, so the journal works without
JavaScript; with htmx the same views answer with the fragment to swap and announce the
change with a "journalChanged" event, which the totals and the entry list listen for.
"""

import datetime
import uuid
from urllib.parse import urlsplit

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from foods.models import Favourite, Portion
from foods.search import search_foods

from . import offline, services
from .entries import KINDS
from .forms import (
    EARLIEST_YEAR,
    AddFoodForm,
    DayFactorForm,
    HistoryForm,
)
from .history import history_days
from .models import (
    Cramp,
    DayFactor,
    DayFactorMark,
    DayStatus,
    Drink,
    Exercise,
    Meal,
    MealItem,
    Supplement,
)
from .quick import QUICK_WATER_ML, drink_food
from .totals import day_totals, progress_bars, targets_for

CHANGED = "journalChanged"
RECENT_FOODS = 6
RECENT_MEALS = 3


# --- Ownership-scoped fetch helpers ------------------------------------------------------


def _get_kind(slug):
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404("No such kind of entry.") from None


def _get_entry(request, kind, pk):
    """The signed-in person's entry of this kind, or 404 for anyone else's."""
    return get_object_or_404(kind.model.objects.for_user(request.user), pk=pk)


def _get_meal_item(request, pk):
    items = MealItem.objects.select_related("meal").filter(meal__user=request.user)
    return get_object_or_404(items, pk=pk)


def _local_today():
    return timezone.localdate()


def _day_url(day):
    if day == _local_today():
        return reverse("journal:today")
    return reverse("journal:day", kwargs={"day": day})


def _changed(response):
    trigger_client_event(response, CHANGED)
    return response


# Where a tap's short status message goes on the day page: the quick panel (the cramp's
# details) or the status line. An inline edit targets its own form, inside the entry list.
STATUS_TARGETS = ("journal-status", "quick-panel")


def _after_change(request, day, message=None):
    """After a change a plain form goes back to the day. An htmx request gets a short status
    message, with the day's totals and entries when it came from that day's page."""
    if request.htmx:
        status = {"message": message or "Already saved.", "day": day}
        return _htmx_after_change(request, day, "status", status)
    if message:
        messages.success(request, message)
    return redirect(_day_url(day))


def _htmx_after_change(request, day, fragment, context):
    """One response per tap: the fragment asked for, and, when the page shows ``day``, its
    totals and entry list swapped out of band, so that nothing has to be fetched again.

    From any other page the change is announced with "journalChanged" instead. A target
    inside the entry list (an inline edit) would be swapped away by the new list: then the
    status goes to the status line, out of band too, and nothing is swapped in place.
    """
    if not _shows_day(request, day):
        return _changed(render(request, f"journal/day.html#{fragment}", context))
    panels = {**_day_context(request, day), **context, "oob": True, "fragment": fragment}
    if request.htmx.target in STATUS_TARGETS:
        return render(request, "journal/day.html#changed", panels)
    response = render(request, "journal/day.html#changed", {**panels, "status_oob": True})
    response["HX-Reswap"] = "none"
    return response


def _shows_day(request, day):
    """Whether the htmx request came from the page of ``day`` (Today or its own page)."""
    current = urlsplit(request.htmx.current_url or "").path
    pages = {reverse("journal:day", kwargs={"day": day})}
    if day == _local_today():
        pages.add(reverse("journal:today"))
    return current in pages


# --- The day page -------------------------------------------------------------------------


def _timeline(request, day):
    """All of a day's entries, newest first, in a fixed number of queries."""
    user = request.user
    items = Prefetch("items", queryset=MealItem.objects.order_by("pk"))
    groups = [
        ("cramp", Cramp.objects.for_user(user).on_day(day)),
        ("meal", Meal.objects.for_user(user).on_day(day).prefetch_related(items)),
        ("drink", Drink.objects.for_user(user).on_day(day)),
        ("exercise", Exercise.objects.for_user(user).on_day(day)),
        ("supplement", Supplement.objects.for_user(user).on_day(day)),
    ]
    timeline = [
        {"kind": KINDS[slug], "entry": entry} for slug, queryset in groups for entry in queryset
    ]
    timeline.sort(key=lambda row: row["entry"].occurred_at, reverse=True)
    return timeline


def _recent_foods(user):
    """The person's most logged foods of the last weeks, for one-tap adding."""
    since = timezone.now() - datetime.timedelta(days=45)
    return (
        MealItem.objects.filter(meal__user=user, meal__occurred_at__gte=since, food__isnull=False)
        .values("food_id", "food_name", "amount_label")
        .annotate(times=Count("pk"), last=Max("pk"))
        .order_by("-times", "-last")[:RECENT_FOODS]
    )


def _favourites(user):
    """The person's favourite foods with their default portion, for one-tap adding."""
    defaults = Portion.objects.filter(is_default=True)
    return (
        Favourite.objects.filter(user=user)
        .select_related("food")
        .prefetch_related(Prefetch("food__portions", queryset=defaults, to_attr="default_portions"))
    )


def _recent_meals(user, day):
    items = Prefetch("items", queryset=MealItem.objects.order_by("pk"))
    return (
        Meal.objects.for_user(user)
        .filter(local_date__lt=day + datetime.timedelta(days=1))
        .annotate(item_count=Count("items"))
        .filter(item_count__gt=0)
        .prefetch_related(items)
        .order_by("-occurred_at")[:RECENT_MEALS]
    )


def _own_factors(user, day):
    """The person's own factors, each with whether it is marked on ``day``: one query."""
    marks = DayFactorMark.objects.filter(factor=OuterRef("pk"), date=day)
    factors = DayFactor.objects.filter(user=user).annotate(marked=Exists(marks))
    return [(factor, factor.marked) for factor in factors]


def _day_context(request, day):
    user = request.user
    totals = day_totals(user, day)
    status = DayStatus.objects.filter(user=user, date=day).first()
    today = _local_today()
    return {
        "day": day,
        "is_today": day == today,
        "previous_day": day - datetime.timedelta(days=1),
        "next_day": day + datetime.timedelta(days=1) if day < today else None,
        "next_url": _day_url(day + datetime.timedelta(days=1)) if day < today else None,
        "timeline": _timeline(request, day),
        "bars": progress_bars(totals, targets_for(user.profile, today)),
        "complete": bool(status and status.food_log_complete),
        "own_factors": _own_factors(user, day),
        "quick_water": QUICK_WATER_ML,
        "favourites": _favourites(user),
        "recent_foods": _recent_foods(user),
        "recent_meals": _recent_meals(user, day),
        "undo": request.session.get("journal_undo"),
    }


@require_http_methods(["GET"])
def day_view(request, day=None):
    day = day or _local_today()
    if day > _local_today():
        raise Http404("That day has not come yet.")
    if day.year < EARLIEST_YEAR:
        raise Http404(f"The journal starts in {EARLIEST_YEAR}.")
    context = _day_context(request, day)
    template = "journal/day.html"
    target = request.htmx.target if request.htmx else None
    if target in ("day-totals", "day-entries"):
        template += "#" + target.removeprefix("day-")
    return render(request, template, context)


@require_http_methods(["GET"])
def today(request):
    return day_view(request)


# --- Quick entry --------------------------------------------------------------------------


@require_POST
def log_cramp(request):
    """First tap: a cramp, now. The optional details panel loads right after, by itself, so
    that the tap itself stays as fast as an insert can be."""
    form = offline.QuickCrampForm(request.POST)
    if not form.is_valid():
        return offline.refused(form) if form.sent_later else _invalid(request, "cramp", form)
    cramp, created = _saved(services.save_entry(form, request.user))
    if form.sent_later:
        return offline.synced(created)
    if request.htmx:
        context = {"cramp": cramp}
        return _htmx_after_change(request, cramp.local_date, "cramp-logged", context)
    messages.success(request, "Cramp logged. Add details now or later.")
    return redirect("journal:edit", kind="cramp", pk=cramp.pk)


@require_POST
def quick_drink(request):
    form = offline.QuickDrinkForm(request.POST)
    if not form.is_valid():
        return offline.refused(form) if form.sent_later else _invalid(request, "drink", form)
    form.instance.count_minerals(drink_food(form.cleaned_data["kind"]))
    drink, created = _saved(services.save_entry(form, request.user))
    if form.sent_later:
        return offline.synced(created)
    message = f"{drink.volume_ml} ml {drink.get_kind_display().lower()} added."
    return _after_change(request, drink.local_date, message if created else None)


def _invalid(request, slug, form, status=422):
    """The form again, with its errors (nothing saved); htmx gets just the form."""
    template = "journal/entry_form.html" + ("#entry-form" if request.htmx else "")
    context = {"form": form, "kind": KINDS[slug], "entry": None}
    return render(request, template, context, status=status)


# --- Full forms: create, edit, delete, undo -----------------------------------------------


@require_http_methods(["GET", "POST"])
def create(request, kind):
    kind = _get_kind(kind)
    if not kind.creatable:
        raise Http404("Meals are built by adding foods.")
    form = kind.form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if kind.slug == "drink":
            form.instance.count_minerals(drink_food(form.cleaned_data["kind"]))
        entry, created = _saved(services.save_entry(form, request.user))
        message = f"{kind.label} added." if created else None
        return _after_change(request, entry.local_date, message)
    return _invalid(request, kind.slug, form, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def edit(request, kind, pk):
    kind = _get_kind(kind)
    entry = _get_entry(request, kind, pk)
    form = kind.form(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        if kind.slug == "drink" and {"kind", "volume_ml"} & set(form.changed_data):
            entry.count_minerals(drink_food(form.cleaned_data["kind"]))
        form.save()
        return _after_change(request, entry.local_date, f"{kind.label} saved.")
    template = "journal/entry_form.html"
    context = {"form": form, "kind": kind, "entry": entry}
    if request.htmx:
        template += "#entry-form"
        # The form under "Cramp logged" sends its answer to the quick panel, not to itself.
        context["form_target"] = request.GET.get("panel") and "#quick-panel"
    status = 422 if form.errors else 200
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
def delete(request, kind, pk):
    kind = _get_kind(kind)
    entry = _get_entry(request, kind, pk)
    if request.method == "GET":
        confirm = {
            "question": f"Delete this {kind.label.lower()}?",
            "explanation": f"{entry}, logged for {entry.local_date:%A} {entry.local_date.day} "
            f"{entry.local_date:%B}. You can undo it right after.",
            "action": reverse("journal:delete", args=[kind.slug, entry.pk]),
            "keep_url": reverse("journal:today"),
        }
        return render(request, "confirm_delete.html", confirm)
    day = entry.local_date
    _remember_for_undo(request, kind, entry)
    entry.delete()
    return _after_change(request, day, f"{kind.label} deleted.")


@require_POST
def delete_item(request, pk):
    item = _get_meal_item(request, pk)
    meal = item.meal
    _remember_for_undo(request, KINDS["meal"], meal, only_item=item)
    item.delete()
    if not meal.items.exists():
        meal.delete()
    return _after_change(request, meal.local_date, f"{item.food_name} removed.")


def _remember_for_undo(request, kind, entry, only_item=None):
    """Keeps what is deleted in the session, so that Undo can put it back as it was."""
    request.session["journal_undo"] = services.undo_record(kind.slug, entry, only_item)


@require_POST
def undo(request):
    saved = request.session.pop("journal_undo", None)
    if not saved:
        messages.info(request, "There is nothing to undo.")
        return redirect("journal:today")
    day = services.restore(request.user, saved)
    return _after_change(request, day, f"{saved['label']} is back.")


# --- Meals: add food, repeat a meal --------------------------------------------------------


@require_http_methods(["GET", "POST"])
def add_food(request):
    """Search, pick, say how much: the food goes into this meal of the day."""
    if request.method == "POST":
        form = AddFoodForm(request.POST, user=request.user)
        if form.is_valid():
            item, created = _saved(services.log_food(request.user, form))
            message = f"{item.food_name} added." if created else None
            return _after_change(request, item.meal.local_date, message)
        status = 422
    else:
        food = AddFoodForm._find_food(request.user, request.GET.get("food"))
        form = AddFoodForm(user=request.user, food=food, initial={"day": _day_param(request)})
        status = 200
    query = request.GET.get("q", "")[:100]
    results = search_foods(request.user, query) if query and not form.food_obj else []
    day = form.cleaned_data.get("day") if form.is_bound and form.is_valid() else None
    context = {
        "form": form,
        "food": form.food_obj,
        "query": query,
        "results": results,
        "day": day or _day_param(request),
    }
    template = "journal/add_food.html"
    if request.htmx and request.method == "GET" and request.htmx.target == "food-picker":
        template += "#picker"
    return render(request, template, context, status=status)


def _day_param(request):
    """The past day named by ?day=YYYY-MM-DD, or None for today (and for anything invalid)."""
    try:
        day = datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return None
    return day if day < _local_today() else None


@require_POST
def add_favourite(request, pk):
    """One tap on a favourite: one default portion (or 100 g) in the meal of this time of day."""
    favourite = get_object_or_404(
        Favourite.objects.select_related("food"), pk=pk, user=request.user
    )
    item, created = _saved(services.log_favourite(request.user, favourite, _token(request)))
    return _after_change(request, item.meal.local_date, _added(item, created))


@require_POST
def add_again(request, pk):
    """One tap on a recent food: the same amount again, in the meal of this time of day."""
    source = _get_meal_item(request, pk)
    item, created = _saved(services.log_again(request.user, source, _token(request)))
    return _after_change(request, item.meal.local_date, _added(item, created))


@require_POST
def repeat_meal(request, pk):
    """A past meal again, now: same foods, same amounts, nutrients as logged."""
    meal = _get_entry(request, KINDS["meal"], pk)
    copy, created = _saved(services.repeat_meal(request.user, meal, _token(request)))
    message = f"{meal.get_kind_display()} repeated." if created else None
    return _after_change(request, copy.local_date, message)


def _saved(written):
    return written.row, written.created


def _added(item, created):
    return f"{item.food_name} added." if created else None


def _token(request):
    try:
        return uuid.UUID(request.POST.get("request_token", ""))
    except ValueError:
        return None


@require_POST
def day_complete(request, day):
    if day > _local_today():
        raise Http404("That day has not come yet.")
    if day.year < EARLIEST_YEAR:
        raise Http404("The journal starts in 2000.")
    complete = request.POST.get("complete") == "1"
    DayStatus.objects.update_or_create(
        user=request.user, date=day, defaults={"food_log_complete": complete}
    )
    if request.htmx:  # the totals are all that changed
        return render(request, "journal/day.html#totals", _day_context(request, day))
    messages.success(request, "Day marked complete." if complete else "Day marked as still open.")
    return redirect(_day_url(day))


# --- Your own factors ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def factors(request):
    """Define your own yes/no day factors, see them, delete them."""
    form = DayFactorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                DayFactor.objects.create(user=request.user, name=form.cleaned_data["name"])
        except IntegrityError:  # the same name sent twice at once
            pass
        messages.success(request, f"“{form.cleaned_data['name']}” added: tap it on Today.")
        return redirect("journal:factors")
    own = DayFactor.objects.filter(user=request.user).annotate(days=Count("marks"))
    status = 422 if request.method == "POST" else 200
    return render(request, "journal/factors.html", {"form": form, "factors": own}, status=status)


@require_POST
def factor_delete(request, pk):
    factor = get_object_or_404(DayFactor, pk=pk, user=request.user)
    name = factor.name
    factor.delete()
    messages.success(request, f"“{name}” deleted, with the days it was marked.")
    return redirect("journal:factors")


@require_POST
def factor_mark(request, day, pk):
    """Marks (``on=1``) or unmarks (``on=0``) one of your factors on a day: saying which,
    rather than toggling, makes a double tap harmless."""
    if day > _local_today():
        raise Http404("That day has not come yet.")
    if day.year < EARLIEST_YEAR:
        raise Http404("The journal starts in 2000.")
    factor = get_object_or_404(DayFactor, pk=pk, user=request.user)
    on = request.POST.get("on") == "1"
    if on:
        try:
            with transaction.atomic():
                DayFactorMark.objects.get_or_create(user=request.user, factor=factor, date=day)
        except IntegrityError:  # marked by a request at the same moment
            pass
    else:
        DayFactorMark.objects.filter(user=request.user, factor=factor, date=day).delete()
    if request.htmx:
        context = {"day": day, "own_factors": _own_factors(request.user, day)}
        return render(request, "journal/day.html#own-factors", context)
    return redirect(_day_url(day))


# --- History ------------------------------------------------------------------------------

HISTORY_DAYS = 7


@require_http_methods(["GET"])
def history(request):
    """Day by day, newest first, a week a page: each day's totals and entries."""
    form = HistoryForm(request.GET or None)
    today = _local_today()
    until = today
    kind = ""
    if form.is_valid():
        until = min(form.cleaned_data.get("until") or today, today)
        kind = form.cleaned_data.get("kind") or ""
    first = until - datetime.timedelta(days=HISTORY_DAYS - 1)
    days = history_days(request.user, first, until, kind)
    context = {
        "form": form,
        "days": days,
        "kind": kind,
        "older": first - datetime.timedelta(days=1),
        "newer": until + datetime.timedelta(days=HISTORY_DAYS) if until < today else None,
        "today": today,
    }
    return render(request, "journal/history.html", context)
