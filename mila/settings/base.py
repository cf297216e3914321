"""Settings shared by every environment. Configuration comes from environment variables."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .release import release

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False

# Number of trusted reverse proxies in front of the app: the client address is then read from
# X-Forwarded-For (login lockouts, contact-form rate limit).
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

INSTALLED_APPS = [
    # modeltranslation must come before the apps whose models it translates.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "modeltranslation",
    "mila",
    "pages",
    "people",
    "publications",
    "partnerships",
    "sitesearch",
    "editorial",
    "news",
    "events",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.api.v2",
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
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    # Last: its French messages ("Ce champ est obligatoire.") must not override Wagtail's.
    "rest_framework",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "mila.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A Wagtail preview reads and stores nothing cached, whoever asks (mila/cache/scope.py).
    "mila.cache.scope.PreviewScopeMiddleware",
    # Before anything that reads the session or the database: a hit makes no query.
    "mila.cache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which authenticator app verified this session (two-step sign-in, mila/two_factor.py).
    "django_otp.middleware.OTPMiddleware",
    "mila.security.SiteCSPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The admin refused to a session that has not given the code its account requires.
    "mila.two_factor.AdminTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mila.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "mila.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
    # Sessions read from Redis and written through to the database: shared by every app
    # server, and an editor stays logged in when Redis is flushed, restarted or evicts keys
    # (docs/deploy.md).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The code's release, in every cache key (mila/cache/scope.py): a deploy never serves the HTML
# or values another release stored. Set RELEASE (the commit or image tag) in production;
# without it, a digest of the code and of the Django and Wagtail versions (mila/settings/release.py).
RELEASE = release(BASE_DIR)

# Page cache (mila/cache/, docs/decisions/007-page-cache.md): anonymous page views served
# from the cache above. On by default only with Redis: a local-memory cache is per process, so
# with several gunicorn workers a purge would reach one of them only (dev.py turns it on for
# the single runserver process).
PAGE_CACHE_ENABLED = (
    os.environ.get("PAGE_CACHE", "1" if os.environ.get("REDIS_URL") else "0") == "1"
)
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "300"))
# Values derived from content that many pages repeat (navigation, home figures, filter choices;
# `mila.cache.remembered`, mila/cache/remember.py), dropped by the same purges: the same shared cache is needed.
FRAGMENT_CACHE_ENABLED = os.environ.get("FRAGMENT_CACHE", "1" if PAGE_CACHE_ENABLED else "0") == "1"
FRAGMENT_CACHE_TIMEOUT = int(os.environ.get("FRAGMENT_CACHE_TIMEOUT", "3600"))
# s-maxage of cached pages for a CDN or a caching proxy (browsers get max-age=0).
PAGE_CACHE_CDN_MAX_AGE = int(os.environ.get("PAGE_CACHE_CDN_MAX_AGE", "300"))
# Purges sent to a CDN or caching proxy (Wagtail's frontend cache backends) when set.
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }
elif os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE = {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
            "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
        }
    }
elif os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE = {
        "cloudfront": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Signed-in sessions end after 8 hours of inactivity (the expiry moves with each request) and
# when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Internationalisation: English is the default and the fallback of every translated field.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fr")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
WAGTAILMODELTRANSLATION_LOCALE_PICKER = True
WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = True
# Translations are fields on one page (modeltranslation), not Wagtail's page-per-locale.
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en", "English"), ("fr", "Français")]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media on S3-compatible object storage (django-storages), shared by every app server.
# Credentials come from boto3's usual chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the
# environment, or the host's role), never from these files.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # Public images under stable URLs (cacheable pages and CDN); never overwrite.
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    # Documents go through Django, which checks privacy rules before streaming them.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"

WAGTAIL_SITE_NAME = "Mila"
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        # Wagtail's database backend; on PostgreSQL without a whole-index rewrite per page saved.
        "BACKEND": "mila.search_backend",
        # Similar spellings (PostgreSQL with pg_trgm, see sitesearch): 0.4 keeps "Pinaeu" →
        # Pineau and "reinforcment" → reinforcement, and drops far-fetched matches.
        "FUZZY_SIMILARITY_THRESHOLD": 0.4,
    }
}
# SEARCH_BACKEND=opensearch|elasticsearch (+ SEARCH_URL): a search cluster shared by the app
# servers instead of the database (install opensearch-py 3 or elasticsearch 9, then run
# `manage.py update_index` and `manage.py rebuild_search_documents`).
SEARCH_BACKENDS = {
    "opensearch": "wagtail.search.backends.opensearch3",
    "elasticsearch": "wagtail.search.backends.elasticsearch9",
}
_search_backend = os.environ.get("SEARCH_BACKEND", "database")
if _search_backend != "database":
    if _search_backend not in SEARCH_BACKENDS:
        raise ImproperlyConfigured(
            f"SEARCH_BACKEND must be database, opensearch or elasticsearch, not {_search_backend!r}."
        )
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": SEARCH_BACKENDS[_search_backend],
            "URLS": env_list("SEARCH_URL", "http://localhost:9200"),
            "INDEX": os.environ.get("SEARCH_INDEX", "mila"),
            "TIMEOUT": int(os.environ.get("SEARCH_TIMEOUT", "5")),
        }
    }
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# 40 megapixels: any real photograph; a decompression bomb (a tiny file of huge dimensions) is
# refused before Pillow decodes it.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "web@mila.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"

LOGIN_URL = "wagtailadmin_login"

# Brute-force protection of the admin login (faculty accounts included): django-axes locks a
# username from an address after AXES_FAILURE_LIMIT failures, for AXES_COOLOFF_TIME hours.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_TIME", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT or None

# Optional two-step sign-in with an authenticator app (TOTP, django-otp; decision 010). Anyone
# with admin access can turn it on for their own account; TWO_FACTOR_REQUIRED_FOR_SUPERUSERS=1
# sends superusers without it to the setup page before anything else in the admin.
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = os.environ.get("TWO_FACTOR_REQUIRED_FOR_SUPERUSERS") == "1"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Background tasks run inline here; their per-task chatter is noise.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Partnerships: the "Become a partner" form. Submissions are stored and emailed to this address
# (a form page may override it); each IP may send PARTNER_CONTACT_RATE_LIMIT messages per
# PARTNER_CONTACT_RATE_WINDOW seconds (client address as configured by PROXY_COUNT).
PARTNER_CONTACT_EMAIL = os.environ.get("PARTNER_CONTACT_EMAIL", "partnerships@mila.example")
PARTNER_CONTACT_RATE_LIMIT = int(os.environ.get("PARTNER_CONTACT_RATE_LIMIT", "5"))
PARTNER_CONTACT_RATE_WINDOW = int(os.environ.get("PARTNER_CONTACT_RATE_WINDOW", "3600"))
PARTNER_CONTACT_PROXY_COUNT = PROXY_COUNT


# Content Security Policy (django-csp 4, see mila/security.py and docs/security.md).
# CSP_EXTRA_ORIGINS: other origins the pages load from (a CDN or object storage for media).
_csp_extra_origins = env_list("CSP_EXTRA_ORIGINS")
_csp_report_uri = os.environ.get("CSP_REPORT_URI", "")
# Videos in StreamField embeds (pages/blocks.py).
EMBED_ORIGINS = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
# The inline <style> of templates/500.html, which must not depend on anything else working.
ERROR_PAGE_STYLE_HASH = "'sha256-7SA3egK2TI7ePvhZtAsEEaubgB37Q9b8ldF3MkIxkuk='"
_public_directives = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE, *_csp_extra_origins],
    "style-src": [SELF, ERROR_PAGE_STYLE_HASH, *_csp_extra_origins],
    "img-src": [SELF, "data:", *_csp_extra_origins],
    "font-src": [SELF, *_csp_extra_origins],
    "media-src": [SELF, *_csp_extra_origins],
    "connect-src": [SELF],
    "frame-src": EMBED_ORIGINS,
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}
_admin_directives = {
    **_public_directives,
    "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL, *_csp_extra_origins],
    "style-src": [SELF, UNSAFE_INLINE, *_csp_extra_origins],
    "img-src": [SELF, "data:", "blob:", "https://www.gravatar.com", *_csp_extra_origins],
    "frame-src": [SELF, *EMBED_ORIGINS],
    # Wagtail's preview shows the page in a frame of the admin.
    "frame-ancestors": [SELF],
}
if _csp_report_uri:
    _public_directives["report-uri"] = _admin_directives["report-uri"] = [_csp_report_uri]
# CSP_REPORT_ONLY=1: browsers report violations (to CSP_REPORT_URI) without blocking anything.
if os.environ.get("CSP_REPORT_ONLY") == "1":
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _public_directives}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": _public_directives}
ADMIN_CONTENT_SECURITY_POLICY = {"DIRECTIVES": _admin_directives}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
