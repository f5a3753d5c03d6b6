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
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from foods.models import Favourite, Portion
from foods.search import search_foods

from . import announcements, nights, offline, services
from .days import moment_from_wall_clock
from .entries import KINDS
from .forms import (
    EARLIEST_YEAR,
    AddFoodForm,
    ChangeAmountForm,
    DayFactorForm,
    HistoryForm,
    NightAnswerForm,
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
from .quick import drink_food, quick_water
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


# Where a tap's short status message goes on the day page: the status line, which is the
# page's one live region, or the quick panel (the cramp's details). An inline edit targets
# its own form, inside the entry list.
LIVE_REGION = "journal-status"
QUICK_PANEL = "quick-panel"


def _after_change(request, day, message=None, focus=None):
    """After a change a plain form goes back to the day. An htmx request gets a short status
    message, with the day's totals and entries when it came from that day's page; ``focus``
    says what in them takes the keyboard focus (``focus_undo``, ``focus_entry``)."""
    if request.htmx:
        status = {"message": message or announcements.ALREADY_SAVED, "day": day, **(focus or {})}
        return _htmx_after_change(request, day, "status", status)
    if message:
        messages.success(request, message)
    return redirect(_day_url(day))


def _htmx_after_change(request, day, fragment, context):
    """One response per tap: the fragment asked for, and, when the page shows ``day``, its
    totals and entry list swapped out of band, so that nothing has to be fetched again.

    From any other page the change is announced with "journalChanged" instead. The status
    line is the page's one live region: what was saved is said there, out of band when the
    tap answers into the quick panel. A target inside the entry list (an inline edit) would
    be swapped away by the new list: then nothing is swapped in place either.
    """
    if not _shows_day(request, day):
        return _changed(render(request, f"journal/day.html#{fragment}", context))
    panels = {**_day_context(request, day), **context, "oob": True, "fragment": fragment}
    if request.htmx.target == LIVE_REGION:
        return render(request, "journal/day.html#changed", panels)
    panels["in_panel"] = request.htmx.target == QUICK_PANEL
    response = render(request, "journal/day.html#changed", {**panels, "status_oob": True})
    if not panels["in_panel"]:
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
        "quick_water": quick_water(user.profile.units),
        "favourites": _favourites(user),
        "recent_foods": _recent_foods(user),
        "recent_meals": _recent_meals(user, day),
        "undo": request.session.get("journal_undo"),
        "night": nights.morning_question(user, timezone.localtime()) if day == today else None,
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
        context = {"cramp": cramp, "message": announcements.added(cramp)}
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
    return _after_change(request, drink.local_date, _added(drink, created))


def _form_options(request, kind):
    """A drink's volume is typed in the person's units; the other forms take none."""
    return {"units_system": request.user.profile.units} if kind.slug == "drink" else {}


def _invalid(request, slug, form, status=422, day=None):
    """The form again, with its errors (nothing saved); htmx gets just the form. ``day`` is
    the past day it adds to, when it came from that day's page."""
    template = "journal/entry_form.html" + ("#entry-form" if request.htmx else "")
    context = {"form": form, "kind": KINDS[slug], "entry": None, "day": day}
    return render(request, template, context, status=status)


def _catch_up_time(kind, day):
    """When an entry added afterwards to the past ``day`` is first taken to have happened:
    the kind's usual time that day (a cramp: that day's night), in the person's zone."""
    wall_clock = datetime.datetime.combine(day, kind.catch_up_at)
    return moment_from_wall_clock(wall_clock, timezone.get_current_timezone()).moment


def _with_time_note(message, form):
    """The confirmation, with what the time was stored as when a clock change applied."""
    return f"{message} {form.time_note}" if form.time_note else message


# --- Full forms: create, edit, delete, undo -----------------------------------------------


@require_http_methods(["GET", "POST"])
def create(request, kind):
    kind = _get_kind(kind)
    if not kind.creatable:
        raise Http404("Meals are built by adding foods.")
    # From a past day's page (?day=): that day, at the kind's usual time; else now.
    day = _day_param(request)
    initial = {"occurred_at": _catch_up_time(kind, day)} if day else None
    night = _night_param(request) if kind.slug == "cramp" else None
    if night:  # "Yes" to "Any cramps last night?": that night, on the morning it ended
        initial = {"occurred_at": _catch_up_time(kind, night + datetime.timedelta(days=1))}
    form = kind.form(request.POST or None, initial=initial, **_form_options(request, kind))
    if request.method == "POST" and form.is_valid():
        if kind.slug == "drink":
            form.instance.count_minerals(drink_food(form.cleaned_data["kind"]))
        entry, created = _saved(services.save_entry(form, request.user))
        message = _with_time_note(f"{kind.label} added.", form) if created else None
        if request.htmx and not _shows_day(request, entry.local_date):
            # The form on its own page goes back to the entry's day, as without JavaScript.
            if message:
                messages.success(request, message)
            return HttpResponseClientRedirect(_day_url(entry.local_date))
        return _after_change(request, entry.local_date, message)
    return _invalid(request, kind.slug, form, status=422 if form.errors else 200, day=day)


@require_http_methods(["GET", "POST"])
def edit(request, kind, pk):
    kind = _get_kind(kind)
    entry = _get_entry(request, kind, pk)
    form = kind.form(request.POST or None, instance=entry, **_form_options(request, kind))
    if request.method == "POST" and form.is_valid():
        if kind.slug == "drink" and {"kind", "volume_ml"} & set(form.changed_data):
            entry.count_minerals(drink_food(form.cleaned_data["kind"]))
        form.save()
        saved = {"focus_entry": [kind.slug, entry.pk]}  # its Edit link, where the form was
        message = _with_time_note(f"{kind.label} saved.", form)
        return _after_change(request, entry.local_date, message, focus=saved)
    template = "journal/entry_form.html"
    context = {"form": form, "kind": kind, "entry": entry}
    if request.htmx:
        template += "#entry-form"
        # The form under "Cramp logged" sends its answer to the quick panel, not to itself;
        # it appears after a tap, so it takes the focus (htmx honours autofocus in a swap).
        context["form_target"] = request.GET.get("panel") and "#quick-panel"
        if context["form_target"] and not form.is_bound:
            next(iter(form.fields.values())).widget.attrs["autofocus"] = True
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
    return _after_change(request, day, f"{kind.label} deleted.", focus={"focus_undo": True})


@require_POST
def delete_item(request, pk):
    item = _get_meal_item(request, pk)
    meal = item.meal
    _remember_for_undo(request, KINDS["meal"], meal, only_item=item)
    item.delete()
    if not meal.items.exists():
        meal.delete()
    return _after_change(
        request, meal.local_date, f"{item.food_name} removed.", focus={"focus_undo": True}
    )


@require_http_methods(["GET", "POST"])
def change_amount(request, pk):
    """A logged food's amount, changed in place: its nutrients are rescaled from its own."""
    item = _get_meal_item(request, pk)
    form = ChangeAmountForm(request.POST or None, item=item, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.change_amount(item, form)
        return _after_change(
            request, item.meal.local_date, f"{item.food_name}: {item.amount_label}."
        )
    status = 422 if form.errors else 200
    template = "journal/change_amount.html" + ("#amount-form" if request.htmx else "")
    context = {"form": form, "item": item, "day_url": _day_url(item.meal.local_date)}
    return render(request, template, context, status=status)


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
    back = {"focus_entry": saved.get("entry")}  # its Edit link: the entry is where Undo was
    return _after_change(request, day, f"{saved['label']} is back.", focus=back)


# --- Meals: add food, repeat a meal --------------------------------------------------------


@require_http_methods(["GET", "POST"])
def add_food(request):
    """Search, pick, say how much: the food goes into this meal of the day."""
    if request.method == "POST":
        form = AddFoodForm(request.POST, user=request.user)
        if form.is_valid():
            item, created = _saved(services.log_food(request.user, form))
            return _after_change(request, item.meal.local_date, _added(item, created))
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
    return day if day.year >= EARLIEST_YEAR and day < _local_today() else None


def _night_param(request):
    """The ended night named by ?night=YYYY-MM-DD (its evening), or None: a cramp logged for it
    starts at its catch-up time on the morning the night ended, if that is not in the future."""
    try:
        night = datetime.date.fromisoformat(request.GET.get("night", ""))
    except ValueError:
        return None
    if night.year < EARLIEST_YEAR or night >= _local_today():
        return None
    morning = _catch_up_time(KINDS["cramp"], night + datetime.timedelta(days=1))
    return night if morning <= timezone.now() else None


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
    return _after_change(request, copy.local_date, _added(copy, created))


def _saved(written):
    return written.row, written.created


def _added(row, created):
    """What was saved, or None when the request token had already saved it."""
    return announcements.added(row) if created else None


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


# --- The morning question: "Any cramps last night?" ---------------------------------------


@require_POST
def night_answer(request, night):
    """Today's one-tap "No cramps" for ``night`` (the evening it began), or its undo.

    A night with a logged cramp cannot be answered "no": the form says so and nothing is
    stored. htmx gets the card back (a confirmation with an undo, or the question again).
    """
    if night >= _local_today():
        raise Http404("That night has not ended yet.")
    if night.year < EARLIEST_YEAR:
        raise Http404(f"The journal starts in {EARLIEST_YEAR}.")
    form = NightAnswerForm(request.POST)
    message, status, answered = "", 200, False
    if not form.is_valid():
        message, status = " ".join(str(error) for error in form.errors["answer"]), 422
    elif form.cleaned_data["answer"] == NightAnswerForm.UNDO:
        nights.undo_no_cramps(request.user, night)
    elif nights.has_cramp(request.user, night):
        message, status = "A cramp is logged for that night, so it was not cramp-free.", 422
    else:
        nights.record_no_cramps(request.user, night)  # False on a repeat: already saved
        answered = True
    context = {"night": night, "night_answered": answered, "night_message": message}
    if request.htmx:
        return render(request, "journal/day.html#night-question", context, status=status)
    if message:  # the morning's page again, the question with what was wrong
        page = {**_day_context(request, night + datetime.timedelta(days=1)), **context}
        return render(request, "journal/day.html", page, status=status)
    if answered:
        messages.success(request, "Saved: no cramps that night.")
    return redirect(_day_url(night + datetime.timedelta(days=1)))


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
