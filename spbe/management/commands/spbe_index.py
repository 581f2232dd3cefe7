"""Compute the SPBE index from a spreadsheet of levels, or from four domain indices."""

import csv
import json

from django.core.management.base import BaseCommand

from spbe.calculator import IndexInputError, index_from_domains, index_from_levels
from spbe.models import Framework


class Command(BaseCommand):
    help = (
        "Hitung indeks SPBE dari berkas CSV (header 'indicator,level', satu baris per indikator), "
        "atau dari empat indeks domain dengan --domains."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Berkas CSV dengan header indicator,level")
        parser.add_argument("--domains", nargs="+", metavar="D", help="Indeks domain 1..4, mis. 3.70 3.20 2.27 4.43")
        parser.add_argument("--json", action="store_true", help="Cetak hasil sebagai JSON")
        parser.add_argument("--framework", default="spbe-2020", help="Kode kerangka (bawaan: spbe-2020)")

    def fail(self, message):
        self.stderr.write(message)
        raise SystemExit(2)

    def handle(self, *args, **options):
        try:
            framework = Framework.objects.get(code=options["framework"])
        except Framework.DoesNotExist:
            self.fail(f"Kerangka '{options['framework']}' belum dimuat; jalankan 'manage.py load_spbe'.")
        structure = framework.structure()
        try:
            if options["domains"]:
                if options["file"]:
                    self.fail("Pilih salah satu: berkas CSV atau --domains, bukan keduanya.")
                result = index_from_domains(structure, options["domains"])
            elif options["file"]:
                result = index_from_levels(structure, self.read_levels(options["file"]))
            else:
                self.fail("Sebutkan berkas CSV (indicator,level) atau --domains D1 D2 D3 D4.")
        except IndexInputError as error:
            self.fail(str(error))

        if options["json"]:
            self.stdout.write(json.dumps(result.as_json()))
            return
        data = result.as_json()
        self.stdout.write(f"Indeks SPBE: {data['index'].replace('.', ',')} ({data['predikat'] or '-'})")
        for number, value in data.get("domains", {}).items():
            self.stdout.write(f"  Domain {number}: {value.replace('.', ',')}")
        for number, value in data.get("aspects", {}).items():
            self.stdout.write(f"  Aspek {number}: {value.replace('.', ',')}")

    def read_levels(self, path):
        try:
            with open(path, encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.reader(handle))
        except FileNotFoundError:
            self.fail(f"Berkas '{path}' tidak ditemukan.")
        except UnicodeDecodeError:
            self.fail(f"Berkas '{path}' bukan teks UTF-8.")
        header = [h.strip().lower() for h in rows[0]] if rows else []
        if header != ["indicator", "level"]:
            self.fail(f"Header berkas harus 'indicator,level' (ditemukan: {','.join(header) or 'kosong'}).")
        pairs = []
        for line, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != 2:
                self.fail(f"Baris {line}: harus tepat dua kolom (indicator,level), ditemukan {len(row)}.")
            pairs.append((row[0], row[1]))
        return pairs
