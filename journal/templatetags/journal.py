import uuid
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def post_to(
    action: str,
    target: str = "#journal-status",
    swap: str = "innerHTML",
    disable_while_sent: bool = False,
) -> SafeString:
    """The attributes of a journal form that posts to ``action``: a real form (it works
    without JavaScript) that htmx sends in the background, answering into ``target``.

    One place for the pair, so that a form's action and its htmx post never drift apart.
    """
    disable = format_html(' data-hx-disabled-elt="{}"', "find button") if disable_while_sent else ""
    return format_html(
        'method="post" action="{0}" data-hx-post="{0}" data-hx-target="{1}" data-hx-swap="{2}"{3}',
        action,
        target,
        swap,
        disable,
    )


@register.simple_tag
def new_token() -> uuid.UUID:
    """A fresh request token for a quick-entry form: the server adds one entry per token."""
    return uuid.uuid4()


@register.filter
def duration(seconds: int | None) -> str:
    """Seconds as people say them: "45 s", "1 min 30 s", "3 min", "1 h 20 min".

    Under an hour the seconds are kept: a 90-second cramp is "1 min 30 s", never "2 min".
    """
    if not seconds:
        return ""
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        minutes, rest = divmod(round(seconds), 60)
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    hours, rest = divmod(round(seconds / 60), 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


@register.simple_tag(takes_context=True)
def own_recipes(context: template.Context) -> list[Any]:
    """The signed-in person's recipes with their number of foods, for "Your recipes" (one
    query)."""
    from django.db.models import Count

    from ..models import Recipe

    user = context["request"].user
    return list(Recipe.objects.for_user(user).annotate(food_count=Count("items")))


@register.filter
def unit_choices(line: Any, system: str) -> list[tuple[str, str]]:
    """A basket line's units: its food's portions, then grams and ounces in the person's
    order (``journal.basket.Line.unit_choices``)."""
    choices: list[tuple[str, str]] = line.unit_choices(system)
    return choices
