from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.admin_views import run_import
from quizzes.gift import GiftError


class Command(BaseCommand):
    help = "Impor soal dari berkas GIFT (.gift) atau Aiken (.txt). Semua atau tidak sama sekali."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=["gift", "aiken"], help="Bawaan: dari ekstensi (.gift/.txt)")
        parser.add_argument("--indicator", type=int, help="Indikator untuk soal tanpa $CATEGORY (wajib untuk Aiken)")
        parser.add_argument("--skip-unsupported", action="store_true", help="Lewati esai, menjodohkan, numerik, …")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"Berkas '{path}' tidak ditemukan.")
        fmt = options["format"] or ("gift" if path.suffix.lower() == ".gift" else "aiken")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise CommandError(f"Berkas '{path}' bukan teks UTF-8.") from None
        try:
            counts, skipped = run_import(text, fmt, options["indicator"], options["skip_unsupported"])
        except GiftError as error:
            for line, message in error.errors:
                self.stderr.write(f"{path}:{line}: {message}")
            raise CommandError("Tidak ada soal yang diimpor.") from None
        for line, kind in skipped:
            self.stderr.write(f"{path}:{line}: dilewati ({kind})")
        self.stdout.write(
            f"Impor: {counts['created']} dibuat, {counts['updated']} diperbarui, {counts['unchanged']} tidak berubah."
        )
