from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Workshop Bimtek")

    def ready(self):
        from courses.signals import course_completed

        from . import panels  # noqa: F401  registers the Belajar Saya panel
        from .certificates import on_course_completed

        course_completed.connect(on_course_completed, dispatch_uid="workshops.course_certificate")
