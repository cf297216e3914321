from .base import *  # noqa: F403

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Tests log in with `client.login()`, which has no request for django-axes; the lockout has
# its own test that turns it back on.
AXES_ENABLED = False
PAGE_CACHE_ENABLED = False  # tests that need the page cache turn it on
# On, as in production with Redis: the query budgets count a page-cache miss on a running site.
FRAGMENT_CACHE_ENABLED = True
