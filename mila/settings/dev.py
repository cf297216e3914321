import os

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE", "1") == "1"  # one runserver process
FRAGMENT_CACHE_ENABLED = os.environ.get("FRAGMENT_CACHE", "1") == "1"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

VAR_DIR.mkdir(exist_ok=True)
