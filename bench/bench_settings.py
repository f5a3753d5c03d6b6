"""Settings for the gunicorn server that bench/quick_entry.py starts: the site's own settings,
with the bare-insert view of bench/ceiling_urls.py added to its URLs.

Everything else (middleware, database options, templates, security headers) stays exactly as
in production, so that the bare view pays for the same stack as the journal's views. The
environment must say HTTPS=false: on plain-HTTP loopback the HTTPS redirect would answer every
request with a 301, and the HTTPS settings are derived from that one variable.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "ceiling_urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]

# Production serves static files from collectstatic's manifest; the benchmark never runs
# collectstatic, and only the login page (used once, to sign in) names a static file.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if SECURE_SSL_REDIRECT:  # noqa: F405
    raise RuntimeError("bench_settings needs HTTPS=false in the environment.")
