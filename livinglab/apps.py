from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LivingLabConfig(AppConfig):
    name = "livinglab"
    verbose_name = _("Living Lab")

    def ready(self):
        from courses.content_loader import register_loader

        from . import notifications
        from .content import load_case_studies

        notifications.replace_wagtail_workflow_emails()
        notifications.connect_contributor_signal()
        register_loader(load_case_studies)
