"""Walks the project's URLconf and builds URLs for tests, from the registry in url_registry."""

import sysconfig
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse


@dataclass(frozen=True)
class Pattern:
    name: str | None  # "namespace:name" as reverse() takes it; None for an unnamed pattern
    route: str  # the full pattern text, for messages
    namespace: str | None
    arguments: tuple[str, ...]  # the names of the URL's keyword arguments


def iter_patterns(resolver=None, namespace=None, prefix="", arguments=()):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace
            full_namespace = ":".join(part for part in (namespace, inner) if part) or None
            inner_arguments = arguments + tuple(entry.pattern.regex.groupindex)
            yield from iter_patterns(
                entry, full_namespace, prefix + str(entry.pattern), inner_arguments
            )
        elif isinstance(entry, URLPattern):
            full_name = ":".join(p for p in (namespace, entry.name) if p) if entry.name else None
            own_arguments = arguments + tuple(entry.pattern.regex.groupindex)
            yield Pattern(full_name, prefix + str(entry.pattern), namespace, own_arguments)


def url_for(route, owner):
    """The route's URL for the owner's object, after creating what the page needs."""
    if route.setup:
        route.setup(owner)
    url = reverse(route.name, kwargs=route.kwargs(owner) if route.kwargs else None)
    return f"{url}?{route.query}" if route.query else url


def project_models():
    """The models of our own apps (not Django's or third parties'), for before/after checks."""
    base = str(settings.BASE_DIR)
    # The virtualenv usually lives inside the project folder (.venv/): its packages are not ours.
    installed = sysconfig.get_paths()["purelib"]
    return [
        model
        for model in apps.get_models()
        if model._meta.app_config.path.startswith(base)
        and not model._meta.app_config.path.startswith(installed)
    ]


def snapshot_rows():
    """Every row of every project model, to prove that a request changed nothing."""
    return {
        model._meta.label: sorted(model.objects.values_list(), key=repr)
        for model in project_models()
    }
