from django.core.management.base import BaseCommand, CommandError

from courses.content_loader import ContentError, load_courses, run_extra_loaders
from courses.models import CourseIndexPage


class Command(BaseCommand):
    help = "Muat kursus, pelajaran dan modul dari content/courses (idempoten)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Timpa juga halaman yang diubah editor di admin.")

    def handle(self, *args, force=False, **options):
        index = CourseIndexPage.objects.first()
        if index is None:
            raise CommandError("Katalog Bimtek belum ada; jalankan 'manage.py bootstrap'.")
        try:
            report = load_courses(index, force=force)
            summaries = run_extra_loaders(force=force)
        except ContentError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Konten: {len(report.created)} dibuat, {len(report.updated)} diperbarui, "
            f"{len(report.unchanged)} tidak berubah, {len(report.skipped)} dilewati."
        )
        for label in report.skipped:
            self.stdout.write(self.style.WARNING(f"  dilewati: {label}"))
        for summary in summaries:
            self.stdout.write(summary)
