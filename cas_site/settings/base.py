"""Base settings: production-safe defaults, services switched on by environment variables.

Every service is configured from the environment (names fixed in DESIGN.md):
DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS, EMAIL_HOST…, DEFAULT_FROM_EMAIL,
CAS_STAFF_EMAIL, MEDIA_ROOT, API_DOCS_ENABLED, CAS_RATE_LIMIT.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The CAS content modules. Each is a plugin: its API router, admin, demo content,
# home-page section, search and sitemap entries are collected through registries
# (see home/registry.py), so adding a module means adding it here and nowhere else.
CAS_APPS = [
    "home",
    "volunteers",  # before the apps whose pages link partner organisations (seed order)
    "volunteers.people",  # the volunteer registry (app label "people")
    "volunteers.partners",  # the partner portal (app label "partners"); public while CAS_PARTNERS_PUBLIC
    "campaigns",
    "campaigns.workshops",  # after campaigns: its seed links the demo campaigns to workshops
    "initiatives",
    "initiatives.rooms",  # the meeting place (app label "rooms"); public while CAS_ROOMS_PUBLIC
]

INSTALLED_APPS = [
    *CAS_APPS,
    "wagtail.api.v3",
    "wagtail_modeladmin",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "axes",
    # The partner portal's second factor (TOTP): django-otp and its TOTP devices.
    "django_otp",
    "django_otp.plugins.otp_totp",
]

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses locked-out username+address pairs before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cas_site.middleware.RequestSizeMiddleware",  # before anything reads the body (sessions, CSRF)
    # Outside everything that touches the database: a 503 while PostgreSQL is unreachable.
    "cas_site.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cas_site.middleware.ApiLanguageMiddleware",
    # After the language is known (part of the key), before anything per person.
    "cas_site.middleware.ResponseCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session passed the second factor (partner portal)?
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cas_site.middleware.SecurityHeadersMiddleware",
    # The site's strict policy; the admin's and the API docs' come with their routes (CAS_*_CSP).
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cas_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cas_site.wsgi.application"

# SQLite file in the project unless DATABASE_URL says otherwise (PostgreSQL in CI and production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# Rate-limit counters live in a cache of their own: flooding the response cache with unique
# addresses (or clearing it) must never evict or reset a counter (cas_site/ratelimit.py).
RATELIMIT_CACHE = "ratelimit"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cas",
        },
        RATELIMIT_CACHE: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Another Redis database (or server) keeps the counters out of a FLUSHDB of the cache.
            "LOCATION": os.environ.get("CAS_RATELIMIT_REDIS_URL") or REDIS_URL,
            "KEY_PREFIX": "cas-ratelimit",
        },
    }
else:
    # One process only (``make run``); each LOCATION is a separate store.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cas-default"},
        RATELIMIT_CACHE: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cas-ratelimit",
        },
    }

# Anonymous public reads are kept this long in the shared cache (0 switches it off); any
# content change empties it sooner (cas_site/response_cache.py).
CAS_RESPONSE_CACHE_SECONDS = int(os.environ.get("CAS_RESPONSE_CACHE_SECONDS", "60"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages: Polish first; English and Ukrainian under /en/ and /uk/. ---
LANGUAGE_CODE = "pl"
LANGUAGES = [
    ("pl", "Polski"),
    ("en", "English"),
    ("uk", "Українська"),
]
# Each CAS app keeps its own catalogue in <app>/locale; project templates use this one.
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("pl", "Polski")]

# --- Static and media files ---
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or str(BASE_DIR / "media")
MEDIA_URL = "/media/"
# Generated files that must leave only through a checked view (campaign material packs):
# never under MEDIA_ROOT, which the web server serves as it is.
CAS_PRIVATE_ROOT = os.environ.get("CAS_PRIVATE_ROOT") or str(BASE_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "cas_site.storage.PrivateStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Request bodies (JSON APIs, forms) stay small; uploads go through the admin's file fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- E-mail: SMTP whenever EMAIL_HOST is set, console otherwise (dev overrides). ---
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CAS Sosnowiec <cas@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
CAS_STAFF_EMAIL = os.environ.get("CAS_STAFF_EMAIL", "cas@example.org")

# Rate limit of public writes per client address, e.g. "20/h"; "off" disables it.
CAS_RATE_LIMIT = os.environ.get("CAS_RATE_LIMIT", "20/h")
# Rate limit of partner API writes per member (whatever token or address they use), e.g. "120/h".
CAS_PARTNER_API_WRITE_RATE = os.environ.get("CAS_PARTNER_API_WRITE_RATE", "120/h")
# Reverse proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR and
# ignore the header). Rate limits and the admin lockout count per this address (cas_site/ratelimit.py).
CAS_TRUSTED_PROXIES = int(os.environ.get("CAS_TRUSTED_PROXIES", "0"))

# --- Retention of personal data (manage.py purge_personal_data, nightly; see home/privacy.py) ---
# Days unless named otherwise; records that statistics need are anonymised, not deleted.
CAS_RETENTION_UNCONFIRMED_DAYS = int(os.environ.get("CAS_RETENTION_UNCONFIRMED_DAYS", "7"))
CAS_VOLUNTEER_INACTIVE_MONTHS = int(os.environ.get("CAS_VOLUNTEER_INACTIVE_MONTHS", "24"))
CAS_RETENTION_BOOKINGS_DAYS = int(os.environ.get("CAS_RETENTION_BOOKINGS_DAYS", "365"))
CAS_RETENTION_SCHOOL_REQUESTS_DAYS = int(os.environ.get("CAS_RETENTION_SCHOOL_REQUESTS_DAYS", "730"))
CAS_RETENTION_IDEAS_DAYS = int(os.environ.get("CAS_RETENTION_IDEAS_DAYS", "1095"))
CAS_RETENTION_MESSAGES_DAYS = int(os.environ.get("CAS_RETENTION_MESSAGES_DAYS", "30"))
# Room bookings: the contact data of a group is erased this long after its meeting ended.
CAS_RETENTION_ROOM_BOOKINGS_DAYS = int(os.environ.get("CAS_RETENTION_ROOM_BOOKINGS_DAYS", "365"))
# The record of who saw applicants' data (people.ApplicantDataAccess) is kept this long.
CAS_RETENTION_DATA_ACCESS_DAYS = int(os.environ.get("CAS_RETENTION_DATA_ACCESS_DAYS", "730"))
# Youth projects co-organised with organisations: this long after a project was closed, the
# people it names are unlinked and its comment thread is cleared.
CAS_RETENTION_PROJECTS_DAYS = int(os.environ.get("CAS_RETENTION_PROJECTS_DAYS", "1095"))
# Partner organisations see an applicant's contact data until this long after the application
# was closed (declined, completed, withdrawn); the rest of it stays in their history.
CAS_PARTNER_CONTACT_ACCESS_DAYS = int(os.environ.get("CAS_PARTNER_CONTACT_ACCESS_DAYS", "90"))

# Workshop bookings: how long a seat waits for its booker to confirm the e-mail, and how many
# such unconfirmed bookings one client address may hold in one session.
CAS_BOOKING_EMAIL_HOLD_MINUTES = int(os.environ.get("CAS_BOOKING_EMAIL_HOLD_MINUTES", "45"))
CAS_BOOKING_UNCONFIRMED_PER_CLIENT = int(os.environ.get("CAS_BOOKING_UNCONFIRMED_PER_CLIENT", "3"))

# Rooms lent to groups (initiatives.rooms). Its website routes, API operations and home-page
# entries are mounted only when this is on: the feature is built in slices (issue 17).
CAS_ROOMS_PUBLIC = env_bool("CAS_ROOMS_PUBLIC", default=True)
# A request starts at least this many working days (Mon–Fri except Polish public holidays,
# home.workdays) after today and at most this many days ahead.
CAS_ROOMS_MIN_WORKING_DAYS_AHEAD = int(os.environ.get("CAS_ROOMS_MIN_WORKING_DAYS_AHEAD", "3"))
CAS_ROOMS_MAX_DAYS_AHEAD = int(os.environ.get("CAS_ROOMS_MAX_DAYS_AHEAD", "61"))
# How long a request nobody has confirmed by e-mail holds its slot (and equipment).
CAS_ROOMS_EMAIL_HOLD_MINUTES = int(os.environ.get("CAS_ROOMS_EMAIL_HOLD_MINUTES", "60"))
# The most occurrences one recurring request may ask for.
CAS_ROOMS_MAX_OCCURRENCES = int(os.environ.get("CAS_ROOMS_MAX_OCCURRENCES", "26"))
# The longest range ``GET rooms/{id}/availability`` answers, in days.
CAS_ROOMS_AVAILABILITY_MAX_DAYS = int(os.environ.get("CAS_ROOMS_AVAILABILITY_MAX_DAYS", "62"))
# Two no-shows whose meetings began within this many days of each other block new requests
# from that e-mail address for CAS_ROOMS_NO_SHOW_BLOCK_DAYS after the second one (keep their sum
# below CAS_RETENTION_ROOM_BOOKINGS_DAYS: anonymised bookings no longer count).
CAS_ROOMS_NO_SHOW_WINDOW_DAYS = int(os.environ.get("CAS_ROOMS_NO_SHOW_WINDOW_DAYS", "180"))
CAS_ROOMS_NO_SHOW_BLOCK_DAYS = int(os.environ.get("CAS_ROOMS_NO_SHOW_BLOCK_DAYS", "90"))

# The partner portal (volunteers.partners, issue 16): organisations' accounts at /partnerzy/ and
# the partner API under /api/v3/partner/. Every portal route answers 404 and no partner API
# operation is mounted while this is off: the feature is built in slices.
CAS_PARTNERS_PUBLIC = env_bool("CAS_PARTNERS_PUBLIC", default=True)
# Join requests (an organisation asking to join with its KRS number) are deleted this many days
# after a coordinator decided on them (or after they came, if nobody did).
CAS_RETENTION_PARTNER_JOIN_REQUESTS_DAYS = int(
    os.environ.get("CAS_RETENTION_PARTNER_JOIN_REQUESTS_DAYS", "365")
)
# Invitations to the portal are deleted this many days after they were accepted, revoked or expired.
CAS_RETENTION_PARTNER_INVITATIONS_DAYS = int(os.environ.get("CAS_RETENTION_PARTNER_INVITATIONS_DAYS", "30"))
# A partner account with no organisation left is anonymised this many days after its last membership ended.
CAS_RETENTION_PARTNER_ACCOUNTS_DAYS = int(os.environ.get("CAS_RETENTION_PARTNER_ACCOUNTS_DAYS", "90"))
# The name authenticator apps show next to the partner's six-digit codes.
OTP_TOTP_ISSUER = "CAS Sosnowiec"

# --- Background jobs (django-tasks): the database backend + `manage.py db_worker`. ---
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Wagtail ---
WAGTAIL_SITE_NAME = "CAS Sosnowiec"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILAPI_BASE_URL = os.environ.get("WAGTAILAPI_BASE_URL", WAGTAILADMIN_BASE_URL)
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
# The raw image library (original files, photos of people) answers only a valid Wagtail API
# token: its reads lose Wagtail's anonymous fallback (cas_site.api.require_tokens).
CAS_API_TOKEN_ONLY_PREFIXES = ["/api/v3/images/"]
WAGTAILAPI_DOCS_ENABLED = env_bool("API_DOCS_ENABLED", default=False)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "docx",
    "odt",
    "pptx",
    "odp",
    "xlsx",
    "ods",
    "png",
    "jpg",
    "mp4",
    "zip",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Every upload form (admin views, v3 API) checks content, not only names: home/uploads.py.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "home.uploads.DocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.uploads.ImageForm"
# Only PDFs open in the browser; everything else is a download. Served documents carry
# "Content-Security-Policy: default-src 'none'" and nosniff (Wagtail's serve view).
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"cas": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# The site's own name as shown to people, translated.
CAS_SITE_TITLE = _("Centrum Aktywności Społecznej")

# --- Security headers (django-csp 4) ---
# The public site: no inline scripts or styles, nothing from other hosts (the only
# exception is video embeds that editors place in pages). The Wagtail admin gets its
# own, looser policy in cas_site.middleware (it relies on inline scripts and styles).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": [
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
        ],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
#: The admin's policy (``cas_site.routes.admin_route``): Wagtail uses inline scripts and styles
#: and previews pages in frames of its own origin; plugins and foreign origins stay forbidden.
CAS_ADMIN_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": [
        "'self'",
        "https://www.youtube-nocookie.com",
        "https://www.youtube.com",
        "https://player.vimeo.com",
    ],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
#: The interactive API docs' policy (``api_docs_route``): Swagger UI loads its assets from a CDN.
CAS_API_DOCS_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "https://cdn.jsdelivr.net"],
    "style-src": ["'self'", "'unsafe-inline'", "https://cdn.jsdelivr.net"],
    "img-src": ["'self'", "data:", "https://django-ninja.dev"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Admin login lockout (django-axes): 5 failures per username+address, 1 hour cool-off. ---
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_CLIENT_IP_CALLABLE = "cas_site.ratelimit.axes_client_ip"
AXES_VERBOSE = False
