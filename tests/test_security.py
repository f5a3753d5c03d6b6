"""Security headers, private caching, and templates that respect the CSP."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_pages_carry_a_strict_content_security_policy(client, db):
    directives = csp_directives(client.get(reverse("home")))

    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_pages_carry_the_baseline_security_headers(client, db):
    response = client.get(reverse("login"))

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_signed_in_pages_are_never_stored_by_caches(owner_client):
    response = owner_client.get(reverse("account"))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_private_pages_keep_htmx_history_out_of_local_storage(owner_client):
    html = owner_client.get(reverse("account")).content.decode()

    assert 'data-hx-history="false"' in html
    assert '"historyCacheSize": 0' in html


def test_the_csrf_header_is_set_once_on_body(owner_client):
    html = owner_client.get(reverse("profile")).content.decode()

    assert html.count("x-csrftoken") == 1
    assert re.search(r"<body[^>]*data-hx-headers='\{\"x-csrftoken\": \"[^\"]+\"\}'", html)


def test_htmx_is_served_from_our_own_static_files(client, db):
    html = client.get(reverse("home")).content.decode()

    scripts = re.findall(r"<script[^>]*src=\"([^\"]+)\"", html)
    assert any("htmx" in src for src in scripts)
    assert all(src.startswith("/static/") for src in scripts), scripts


def _template_files():
    return sorted(TEMPLATES_DIR.rglob("*.html"))


def test_no_template_has_inline_scripts_styles_or_event_handlers():
    offenders = []
    for path in _template_files():
        text = path.read_text()
        for pattern, what in [
            (r"<script(?![^>]*\bsrc=)[^>]*>", "inline <script>"),
            (r"\son[a-z]+\s*=", "inline event handler"),
            (r"\sstyle\s*=", "inline style attribute"),
            (r"<style", "inline <style>"),
            (r"hx-on", "hx-on handler (needs eval)"),
            (r"\shx-[a-z-]+\s*=", "hx-* attribute: write data-hx-*, which is valid HTML"),
        ]:
            if re.search(pattern, text, flags=re.IGNORECASE):
                offenders.append(f"{path.relative_to(TEMPLATES_DIR)}: {what}")
    assert _template_files()
    assert not offenders, offenders
