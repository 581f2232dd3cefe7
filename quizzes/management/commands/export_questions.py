from django.core.management.base import BaseCommand

from quizzes.admin_views import category_for, export_queryset
from quizzes.aiken import write_aiken
from quizzes.gift import write_gift


class Command(BaseCommand):
    help = "Ekspor bank soal sebagai GIFT atau Aiken ke stdout (Likert tidak dapat diekspor ke GIFT)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["gift", "aiken"], default="gift")
        parser.add_argument("--indicator", type=int)

    def handle(self, *args, **options):
        questions = export_queryset(options["indicator"])
        if options["format"] == "aiken":
            self.stdout.write(write_aiken(questions), ending="")
        else:
            self.stdout.write(write_gift(questions, category_for), ending="")
