from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Kuis")

    def ready(self):
        from courses.content_loader import register_loader

        from . import panels  # noqa: F401  registers the Belajar Saya panel
        from .content import load_quiz_content

        register_loader(load_quiz_content)
