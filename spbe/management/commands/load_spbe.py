from django.core.management.base import BaseCommand

from spbe.loaders import load_all_frameworks, load_instansi, load_official_results


class Command(BaseCommand):
    help = "Muat kerangka evaluasi SPBE dan referensi instansi dari spbe/data/ (idempoten)."

    def handle(self, *args, **options):
        for framework in load_all_frameworks():
            status = "terverifikasi" if framework.is_verified else "belum terverifikasi, tersembunyi dari peserta"
            self.stdout.write(f"Kerangka {framework.code}: {framework.indicators.count()} indikator ({status}).")
        count = load_instansi()
        self.stdout.write(f"Instansi: {count} provinsi dan kabupaten/kota.")
        self.stdout.write(f"Hasil resmi: {load_official_results()} baris.")
