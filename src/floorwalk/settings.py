"""Floorwalk settings: one module, read from the environment through typed parsers."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from floorwalk.envparse import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent

DEBUG = envbool("DEBUG", default=False)
SECRET_KEY = envstr("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG and not envbool("FLOORWALK_INSECURE_DEV_KEY", default=False):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (see .env.example)."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "floorwalk.core",
    "floorwalk.accounts",
    "floorwalk.org",
    "floorwalk.metrics",
    "floorwalk.development",
    "floorwalk.hiring",
    "floorwalk.audit",
    "floorwalk.reviews",
    "floorwalk.coaching",
    "floorwalk.goals",
    "floorwalk.digest",
    "floorwalk.wfm",
    "floorwalk.scheduling",
    "floorwalk.learning",
    "floorwalk.experience",
    "floorwalk.core.apps.FloorwalkAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "floorwalk.accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "floorwalk.urls"
WSGI_APPLICATION = "floorwalk.wsgi.application"

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
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "floorwalk.core.context_processors.navigation",
            ],
        },
    },
]

DATABASE_URL = envstr(
    "DATABASE_URL", default=f"sqlite:///{PROJECT_DIR / 'var' / 'floorwalk.sqlite3'}"
)
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("CONN_MAX_AGE", default=0))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while a background job writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (imports) goes through Django's tasks API into the database; `floorwalk
# db_worker` runs it. Web and worker processes must share IMPORTS_DIR (uploads, rejected rows).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
IMPORTS_DIR = Path(envstr("IMPORTS_DIR", default=str(PROJECT_DIR / "var" / "imports")))
IMPORT_MAX_UPLOAD_MB = envint("IMPORT_MAX_UPLOAD_MB", default=2048)

# Email (the digests): the console prints messages in the demo and in development; production
# names an SMTP server. FLOORWALK_BASE_URL makes the links in emails absolute.
EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = envstr("EMAIL_HOST", default="localhost")
EMAIL_PORT = envint("EMAIL_PORT", default=25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", default="Floorwalk <floorwalk@localhost>")
FLOORWALK_BASE_URL = envstr("FLOORWALK_BASE_URL", default="http://127.0.0.1:8000")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "floorwalk.accounts.backends.PolicyPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed logins are counted per username and address; the tenth locks them out for a while.
AXES_ENABLED = envbool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("pl", _("Polish")),
    ("ru", _("Russian")),
    ("ro", _("Romanian")),
    ("fi", _("Finnish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(envstr("STATIC_ROOT", default=str(PROJECT_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Tests and the demo serve static files straight from the source tree.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Security: on by default, loosened only by DEBUG for the local demo.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "floorwalk.accounts.authentication.PreferencesTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Floorwalk API",
    "DESCRIPTION": "People, teams, metrics and schedules of a contact center's front line.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name with another get their own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "AssessmentSourceEnum": "floorwalk.development.models.AssessmentSource.choices",
        "QaEvaluationSourceEnum": "floorwalk.metrics.models.qa.QaEvaluationSource.choices",
        # An interviewer's recommendation and a decision share one set of choices.
        "RecommendationEnum": "floorwalk.hiring.models.Recommendation",
        "CandidateStatusEnum": "floorwalk.hiring.models.CandidateStatus",
        # Catalogue metric codes, wherever a field names a metric.
        "MetricCodeEnum": "floorwalk.metrics.models.interactions.METRIC_CHOICES",
        # One-to-one items and continuous feedback share one set of kinds.
        "FeedbackKindEnum": "floorwalk.development.models.FeedbackKind",
        # Shift swaps and offers.
        "ShiftTradeKindEnum": "floorwalk.scheduling.models.TradeKind",
        "ShiftTradeStatusEnum": "floorwalk.scheduling.models.TradeStatus",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", default="INFO")},
    # Lockouts and failures are still logged as warnings; successes are not news.
    "loggers": {"axes": {"level": "WARNING"}},
}
