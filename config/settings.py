"""Settings for Cramp Journal: one file, driven by the environment (see .env.example).

Development defaults are safe to run as they are; production values fail loudly when missing
or weak instead of starting with an insecure configuration.
"""

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import django_stubs_ext
import environ
from django.core.exceptions import ImproperlyConfigured

# Generic classes may be written with what they hold (ModelForm[Food], ModelAdmin[Food]): the
# type checker reads it, and this lets Python run it (django-stubs-ext).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# Under pytest the settings relax what only matters for real traffic (hashing, HTTPS).
TESTING = env.bool("TESTING", default="pytest" in sys.modules)

# A development key is only acceptable while DEBUG is on. Django's own deploy check calls a
# key weak when it is short, has few distinct characters or keeps the "django-insecure" prefix.
_DEV_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production-0123456789"


def _is_weak_secret_key(key: str) -> bool:
    return len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure")


SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY and (DEBUG or TESTING):
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and not TESTING and _is_weak_secret_key(SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY is missing or weak and DEBUG is off. Set SECRET_KEY to at least 50 random "
        "characters, for example the output of: python -c 'import secrets; "
        "print(secrets.token_urlsafe(64))'. For local development set DEBUG=true instead."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # the form renderer finds field templates in templates/forms/
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "foods",
    "journal",
    "reports",
    "experiments",
    "reminders",
    "education",
    "backups",
    "portability",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "accounts.middleware.PermissionsPolicyMiddleware",
    "accounts.middleware.HeadAsGetMiddleware",  # before CommonMiddleware measures the body
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 503 "down for maintenance" while `restore` works (static files above still served).
    "backups.maintenance.MaintenanceMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.htmx, and Vary: HX-Request on whatever read it (the login redirect included).
    "accounts.middleware.HtmxMiddleware",
    "accounts.middleware.LoginRequiredMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "accounts.middleware.PrivateResponseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes must come last: it turns a lockout raised during authentication into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "config.context_processors.navigation",
                "config.context_processors.unit_system",
                "config.context_processors.offline",
            ],
            # As in Django 6, where partials are built in: no {% load %} in every template.
            "builtins": ["template_partials.templatetags.partials"],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
# SQLite is the default. It is tuned for several users writing at once: the WAL journal lets
# readers and one writer work together, the busy timeout waits for a lock instead of failing,
# and IMMEDIATE transactions take the write lock up front so two writers never deadlock on a
# lock upgrade. Foreign keys are enforced by Django's SQLite backend already; the pragma makes
# it explicit. tests/test_database.py reads these back from a live connection.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,  # seconds; sqlite3 turns it into the connection's busy_timeout
    }
    # Tests use a file, not memory, so that they run on the same journal mode as the site;
    # one per process, so that two test runs on one machine never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"cramp-journal-test-{os.getpid()}.sqlite3")
    }
# Persistent connections: opening one costs milliseconds per request on PostgreSQL.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

FORM_RENDERER = "config.forms.FormRenderer"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# --- Accounts and authentication ----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out username and address never reach the password check.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.EmailBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "journal:today"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
]
if TESTING:
    # Hashing is deliberately slow; tests create many users and need no such protection.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# django-axes: five failed logins for one email from one address lock that pair out for a
# while. Another address (the owner on their phone network, say) can still sign in, so an
# attacker cannot lock a person out of their own diary from elsewhere.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
AXES_VERBOSE = False
# Behind a reverse proxy, how many proxies append to X-Forwarded-For (0: use the peer address).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"

SESSION_COOKIE_AGE = 60 * 60 * 24 * 30  # a month: people log at 3 a.m. and should not re-type
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Email --------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Cramp Journal <noreply@localhost>")

# --- Reminders: the site's address in their links, where push may go (issue 22) ----------
# SITE_URL is the site's own address, for links in emails and notifications (no request to
# read it from). It defaults to what `make run` serves (the Makefile passes HOST and PORT);
# in production set it to the https address: `check --deploy` fails without it
# (reminders.checks), as without a real DEFAULT_FROM_EMAIL.
SITE_URL = env.str(
    "SITE_URL",
    default=f"http://{env.str('HOST', default='127.0.0.1')}:{env.int('PORT', default=8000)}",
)
# Push subscription endpoints are accepted only on these hosts (https, no IP literal, no
# credentials); "*." covers subdomains. A full origin such as "http://127.0.0.1:9999" is
# allowed exactly as written: only for a test receiver on loopback (reminders.endpoints).
PUSH_SERVICE_HOSTS = env.list(
    "PUSH_SERVICE_HOSTS",
    default=[
        "fcm.googleapis.com",
        "updates.push.services.mozilla.com",
        "*.notify.windows.com",
        "web.push.apple.com",
        "*.push.apple.com",
    ],
)
# --- end of the reminders block -------------------------------------------------------------
# An optional mailto: target in List-Unsubscribe, beside the https one ("" for none).
REMINDER_UNSUBSCRIBE_MAILTO = env.str("REMINDER_UNSUBSCRIBE_MAILTO", default="")

# --- Background tasks (django-tasks, the backport of Django 6's django.tasks) ---------------
# TASKS_BACKEND=db (the default): tasks wait in the database for `manage.py run_worker`.
# TASKS_BACKEND=rq: tasks wait in Redis for RQ workers, for several app servers.
# docs/reminders.md says how to run either.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="db")
TASKS_QUEUE = env.str("TASKS_QUEUE", default="default")
REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
_TASK_BACKENDS = {"db": "django_tasks_db.DatabaseBackend", "rq": "django_tasks_rq.RQBackend"}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be db or rq, not {TASKS_BACKEND!r}.")
TASKS = {
    "default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": [TASKS_QUEUE]},
}
RQ_QUEUES = {TASKS_QUEUE: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 300}}
if TASKS_BACKEND == "rq":
    # Its `rqworker` command, and a queue dashboard in the admin, only where RQ is used; and
    # only there do rq and redis load (django_tasks_rq imports them), not in every worker.
    INSTALLED_APPS += ["django_tasks_rq", "django_rq"]

# --- Imports and maintenance (docs/your-data.md, docs/backups.md) ---------------------------
# The most records (nested rows included) that one import of an export file takes.
IMPORT_MAX_RECORDS = env.int("IMPORT_MAX_RECORDS", default=250_000)
# While this file exists the site answers 503 "down for maintenance" (`restore` sets it).
_flag_default = BASE_DIR / "maintenance.flag"
if TESTING:  # each test process its own, so that one test's restore downs no other's site
    _flag_default = Path(tempfile.gettempdir()) / f"cramp-journal-maintenance-{os.getpid()}.flag"
MAINTENANCE_FLAG = Path(env.str("MAINTENANCE_FLAG", default=str(_flag_default)))

# Web Push (VAPID). `make run` writes a development pair into .env; in production generate
# one with `manage.py generate_vapid_keys` and keep it: changing it voids every subscription.
VAPID_PUBLIC_KEY = env.str("VAPID_PUBLIC_KEY", default="")
VAPID_PRIVATE_KEY = env.str("VAPID_PRIVATE_KEY", default="")
VAPID_SUBJECT = env.str("VAPID_SUBJECT", default="mailto:noreply@localhost")

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # The manifest storage needs collectstatic, which tests and runserver do not run.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Without collectstatic (development, tests) WhiteNoise serves from the app folders directly.
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# --- Security headers ---------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# HTTPS settings are on by default whenever DEBUG is off; a proxy that terminates TLS sets
# SECURE_PROXY_SSL_HEADER through the environment.
_https = env.bool("HTTPS", default=not DEBUG and not TESTING)
SECURE_SSL_REDIRECT = _https
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
# Preloading is hard to undo (browsers ship the list): only when the operator asks for it,
# so the deploy check's reminder to preload (W021) is not a fault here.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Accounts: keys, sessions, sign-in limits (docs/security.md) --------------------------
# Rotating SECRET_KEY: put the old key here (comma-separated) until its sessions and links
# have expired; sessions signed with it stay valid and can still be found and ended.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
# Database sessions with a user column, so a person's sessions are found whatever key signed
# them (ended at a password change, "sign out on every device" and account deletion).
SESSION_ENGINE = "accounts.sessions"
# Failed logins per client address, whatever the email, counted in the shared cache
# (CACHE_URL: Redis when several app servers share the work).
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=20)
LOGIN_ADDRESS_WINDOW = timedelta(minutes=env.int("LOGIN_ADDRESS_WINDOW_MINUTES", default=15))
# How long the link that confirms a new account's email address works.
SIGNUP_CONFIRMATION_SECONDS = env.int("SIGNUP_CONFIRMATION_SECONDS", default=3 * 24 * 3600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
