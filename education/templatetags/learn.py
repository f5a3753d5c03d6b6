from django import template

from education.links import learn_url as _learn_url

register = template.Library()


@register.simple_tag
def learn_url(key: str) -> str:
    """``{% learn_url "stretching" %}``: the Learn page and heading about a topic."""
    return _learn_url(key)
