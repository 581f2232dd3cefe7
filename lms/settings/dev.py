"""Local development: `make run`. SQLite, eager Celery, e-mail to the console."""

from .base import *  # noqa: F403
from .base import env, logging_config

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
LOGGING = logging_config(env("LOG_FORMAT", default="console"), env("LOG_LEVEL", default="INFO"))
