import uuid

from django import template

register = template.Library()


@register.simple_tag
def new_token():
    """A fresh request token for a quick-entry form: the server adds one entry per token."""
    return uuid.uuid4()


@register.filter
def duration(seconds):
    """Seconds as people say them: "45 s", "3 min", "1 h 20 min"."""
    if not seconds:
        return ""
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"
