from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Bimtek")

    def ready(self):
        from . import panels  # noqa: F401  registers the Belajar Saya panel
        from .cache import connect_signals

        connect_signals()
