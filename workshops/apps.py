from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Workshop Bimtek")

    def ready(self):
        from . import panels  # noqa: F401  registers the Belajar Saya panel
