"""Which push endpoints we will send to: only the browsers' push services.

A subscription's endpoint is a URL the client chose, and the worker will POST to it. Left
open, anyone could aim the worker at an address inside our network (a metadata service, a
database port) or at a server that answers slowly on purpose. So an endpoint must be https
on one of ``settings.PUSH_SERVICE_HOSTS``, name its host (no IP literal), carry no user or
password, and use the default port. An entry of that setting that is a full origin
(``http://127.0.0.1:9999``) allows exactly that origin: a test receiver, added on purpose.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings

REFUSED = "This is not the address of a browser's push service, so it was not saved."


def _origin(scheme: str, host: str, port: int | None) -> str:
    return f"{scheme}://{host}" + (f":{port}" if port is not None else "")


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _host_listed(host: str, allowed: list[str]) -> bool:
    for entry in allowed:
        entry = entry.lower()
        if entry.startswith("*."):
            if host.endswith(entry[1:]):
                return True
        elif host == entry:
            return True
    return False


def endpoint_problem(endpoint: str) -> str | None:
    """None when we may send to ``endpoint``, else why not, in words for the person."""
    try:
        parts = urlsplit(endpoint)
        port = parts.port
    except ValueError:
        return REFUSED
    host = (parts.hostname or "").lower()
    allowed = list(settings.PUSH_SERVICE_HOSTS)
    if _origin(parts.scheme, host, port) in allowed and parts.username is None:
        return None  # an origin listed exactly: the loopback test receiver
    if parts.scheme != "https":
        return "A push endpoint must be an https address."
    if parts.username is not None or parts.password is not None:
        return REFUSED
    if not host or _is_ip_literal(host) or port not in (None, 443):
        return REFUSED
    if not _host_listed(host, [entry for entry in allowed if "://" not in entry]):
        return REFUSED
    return None
