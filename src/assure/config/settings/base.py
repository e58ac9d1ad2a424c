"""Settings shared by every environment.

Everything that differs between a laptop demo and a production deployment is read from the
environment in ``local.py`` / ``production.py``; this module holds only what is true everywhere.
"""

import os
from pathlib import Path

from django.utils.csp import CSP

from assure.core.client_ip import parse_networks

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent

# The embedded installation keeps its database, secret key and uploads in one folder, so a second
# folder gives a second, independent installation (data contract, part 2).
DATA_DIR = Path(os.environ.get("ASSURE_DATA_DIR", "assure-data")).resolve()
# Where the demo keeps the synthetic case data it generates (assure.indicators.demo); None is
# DATA_DIR/synth-cache. Files are keyed by the generator's digest, so the folder may be shared.
ASSURE_SYNTH_CACHE = (
    Path(os.environ["ASSURE_SYNTH_CACHE"]) if os.environ.get("ASSURE_SYNTH_CACHE") else None
)

# The day the service's rules treat as today (assure.core.clock): None is the real day. Only a
# demo installation pins it (local.py); production refuses to.
ASSURE_TODAY = None

# The data folder holds the secret key, the database and people's evidence: everything this
# process writes (SQLite's database and WAL files, uploads, exports, the cache) is for its owner
# only, so files are created 0600 and folders 0700 whatever the caller's umask was.
os.umask(0o077)
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Only the embedded and test settings may load the demo's fictional people and passwords.
DEMO_ALLOWED = True

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_ratelimit",
    "assure.core",
    "assure.accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "assure.twofactor",
    "assure.inspections",
    "assure.plans",
    "assure.governance",
    "django_tasks_db",
    "assure.indicators",
    "assure.notifications",
    "assure.site",
    "assure.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "assure.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor sign-in: which device (if any) verified this session, then send a person who
    # owes a code, or must enrol, there before anything else (assure/twofactor/middleware.py).
    "django_otp.middleware.OTPMiddleware",
    "assure.twofactor.middleware.SecondFactorMiddleware",
    "assure.core.middleware.ResponseHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After auth and messages: signs out an idle session with a message for the sign-in page.
    "assure.accounts.middleware.IdleTimeoutMiddleware",
    # Inside sessions, auth and messages, so the 405 page has the signed-in header.
    "assure.core.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes last, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "assure.config.urls"
WSGI_APPLICATION = "assure.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "assure.site.context_processors.navigation",
                "assure.core.context_processors.clock",
            ],
            "builtins": ["django.templatetags.static"],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "assure.accounts.hashers.LowPriorityArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "accounts:sign_in"

# Sign-in throttling (django-axes): five wrong passwords lock that account, from any address,
# for fifteen minutes. Locking by username rather than IP stops a password-guessing run against
# one officer's account even when it is spread over many addresses.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
# Attempts while locked do not restart the fifteen minutes, so nobody can keep an account locked
# just by typing its address; and the person's coordinator can lift a lock at once.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "assure.accounts.views.locked_out"
AXES_VERBOSE = False
# axes.W006 asks us to lock by IP address too. We deliberately do not: a force's staff reach us
# through a few shared egress addresses, and locking one would lock the whole force out.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Two-factor sign-in (assure/twofactor, docs/adr/0011-two-factor-qr-codes-with-segno.md): people
# with privileged roles must use a TOTP app; anyone may. ASSURE_TWO_FACTOR_OPTIONAL lets everyone
# sign in with a password alone (people who enrolled are still asked for a code): the demo sets it
# (local.py) so its two commands just work; production refuses it.
ASSURE_TWO_FACTOR_OPTIONAL = False
OTP_TOTP_ISSUER = "Assure"
# django-otp's own back-off on each device after a wrong code (1 s, 2 s, 4 s, … doubling), kept
# across sign-ins; django-axes locks sign-in after five wrong codes as after five wrong passwords.
OTP_TOTP_THROTTLE_FACTOR = 1

# Sign-in rate limits (django-ratelimit, docs/adr/0010-sign-in-rate-limits.md), checked before
# the password is hashed: each Argon2 hash costs about 0.3 s of the whole machine, so unlimited
# attempts with made-up e-mail addresses would slow every signed-in page. One-second windows, so
# no burst at the start of a window; per address (a force's shared egress signs in far less than
# once a second) and in all.
SIGN_IN_RATE_PER_ADDRESS = os.environ.get("ASSURE_SIGN_IN_RATE_PER_ADDRESS", "1/s")
SIGN_IN_RATE_GLOBAL = os.environ.get("ASSURE_SIGN_IN_RATE_GLOBAL", "3/s")
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "assure.core.client_ip.client_ip"
AXES_CLIENT_IP_CALLABLE = "assure.core.client_ip.client_ip"

# Reverse proxies whose X-Forwarded-For we believe (docs/deployment.md): addresses or networks,
# comma-separated. Empty: the client is REMOTE_ADDR.
TRUSTED_PROXIES = parse_networks(os.environ.get("ASSURE_TRUSTED_PROXIES", ""))


def cache_from_url(url: str) -> dict:
    """The cache the workers share: a folder in the data folder, or Redis for several machines."""
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    return {
        "BACKEND": "assure.core.cache.LockingFileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }


def side_cache_from_url(url: str, *, prefix: str, folder: str, max_entries: int) -> dict:
    """A cache beside the default one, so that culling it never forgets a sign-in count there:
    a key prefix on Redis, else a folder of its own in the data folder. Cheap to lose."""
    if url.startswith(("redis://", "rediss://")):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / folder),
        "OPTIONS": {"MAX_ENTRIES": max_entries},
    }


CACHES = {
    "default": cache_from_url(os.environ.get("ASSURE_CACHE_URL", "")),
    # Parts of pages (core/page_cache.py): zlib-compressed HTML, tens of KB each at most.
    "pages": side_cache_from_url(
        os.environ.get("ASSURE_CACHE_URL", ""),
        prefix="pages",
        folder="page-cache",
        max_entries=5000,
    ),
    # Copies of sessions (SESSION_ENGINE cached_db); a lost copy is read from the database.
    "sessions": side_cache_from_url(
        os.environ.get("ASSURE_CACHE_URL", ""),
        prefix="sessions",
        folder="session-cache",
        max_entries=20000,
    ),
}
# django-ratelimit knows only memcached and django-redis as atomic; our file cache makes add and
# incr atomic itself (assure/core/cache.py), and Django's own Redis cache increments atomically.
SILENCED_SYSTEM_CHECKS += ["django_ratelimit.W001"]

# Features no page needs; the header forbids them to the page and to anything injected into it.
PERMISSIONS_POLICY = dict.fromkeys(
    [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    ],
    (),
)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j F Y"  # one date style everywhere (GOV.UK)
DATETIME_FORMAT = "j F Y, H:i"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "files"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Strict CSP: only our own origin, scripts only with the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
# Sessions are read from a cache of their own and written through to the database: one query
# fewer on every signed-in page, which under load waits its turn for the database like any other.
# Nothing deletes session rows behind the store's back (a signed-out or disabled account is
# refused by the authentication check, not by a missing row).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "sessions"
# A session unused for this long ends (assure.accounts.middleware); the person signs in again.
ASSURE_SESSION_IDLE_MINUTES = int(os.environ.get("ASSURE_SESSION_IDLE_MINUTES", "30"))
# Links to choose a password: a reset link lasts an hour, an invitation a week; each works once.
PASSWORD_RESET_TIMEOUT = 60 * 60
ASSURE_INVITATION_DAYS = 7
# Password-reset requests are limited like sign-in (per address and in all), and each e-mail
# address gets at most this many reset e-mails, so no one can flood a person's mailbox.
PASSWORD_RESET_RATE_PER_ACCOUNT = os.environ.get("ASSURE_PASSWORD_RESET_RATE_PER_ACCOUNT", "3/h")
CSRF_COOKIE_HTTPONLY = True
# A stale form keeps what the person typed: see assure.core.views.csrf_failure.
CSRF_FAILURE_VIEW = "assure.core.views.csrf_failure"
# A form post's body, files apart: far above the longest text Assure takes (core.limits),
# so a 24 MB "narrative" is refused with the 413 page (core.views.bad_request) unread.
DATA_UPLOAD_MAX_MEMORY_SIZE = 8 * 1024 * 1024  # core.limits.REQUEST_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail goes through Django's backends. The embedded default writes each message as a file into
# ASSURE_DATA_DIR/mail/ so a person can open what was sent; production sends by SMTP.
# Django 6.1's MAILERS (EMAIL_BACKEND and friends are deprecated).
MAIL_DIR = DATA_DIR / "mail"
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(MAIL_DIR)},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("ASSURE_FROM_EMAIL", "Assure <assure@localhost>")
# Links in e-mails need the service's own address: there is no request to build them from.
ASSURE_BASE_URL = os.environ.get("ASSURE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}


def database_from_url(url: str) -> dict:
    """One DATABASES entry from a URL; SQLite gets WAL and a busy timeout for concurrent users."""
    import dj_database_url

    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # No JIT compilation: the pages' grouped queries are estimated dear enough to trigger it,
        # and compiling took 30 ms of the national view's 364 ms to save nothing measurable.
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return config


# Background tasks (django.tasks) stored in the database and run by `db_worker`, which
# `assure serve` starts beside the web server for the embedded default (docs/adr/0008).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Costly parts of pages are kept until the data version moves (core/page_cache.py). 0: off.
ASSURE_PAGE_CACHE = os.environ.get("ASSURE_PAGE_CACHE", "1") != "0"
