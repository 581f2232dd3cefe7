#!/usr/bin/env python
"""Bench: importing 10,000 participants through workshops.importing, against a raw bulk insert of the same rows.

Run from anywhere: ``python bench/import_participants.py``. It builds its own temporary SQLite database (migrated
from scratch, deleted afterwards), times (a) the full import of a generated CSV (reading, checking, lookups, account
and enrolment inserts, queuing the invitations) and (b) a plain ``bulk_create`` of the same users and participants,
takes the best of three runs of each and prints one line. The exit status is 1 when the ratio misses the goal.
"""

import os
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROWS = int(os.environ.get("BENCH_ROWS", "10000"))
REPEATS = 3
GOAL = 20
DOMAIN = "bench.example"

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
TMP = tempfile.mkdtemp(prefix="bench-import-")
# Always a throw-away SQLite file: the bench never touches a configured database.
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"


def nip_for(n):
    """A distinct NIP that passes validate_nip: a birth date per row, TMT 25 years later."""
    born = date(1965, 1, 1) + timedelta(days=n)
    return f"{born:%Y%m%d}{born.year + 25}{(n % 12) + 1:02d}{(n % 2) + 1}{n % 1000:03d}"


def generate_csv(codes, start):
    lines = ["nip,email,nama,instansi"]
    for n in range(start, start + ROWS):
        lines.append(f"{nip_for(n)},peserta{n}@{DOMAIN},Peserta Bench {n},{codes[n % len(codes)]}")
    return "\n".join(lines).encode("utf-8")


def best_of(run, reset):
    times = []
    for _ in range(REPEATS):
        times.append(run())
        reset()
    return min(times)


def main():
    import django

    django.setup()

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection, transaction

    from courses.models import CoursePage
    from home.management.commands.bootstrap import ensure_site_tree
    from lms.celery import app
    from spbe.loaders import load_all_frameworks, load_instansi
    from spbe.models import Framework, Instansi
    from workshops.importing import import_file
    from workshops.models import Participant, Workshop

    assert connection.vendor == "sqlite" and str(connection.settings_dict["NAME"]).startswith(TMP)
    # Invitations are queued to an in-memory broker, as they would be to Redis; no e-mail is sent in the timing.
    app.conf.task_always_eager = False
    app.conf.broker_url = "memory://"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    call_command("migrate", verbosity=0, interactive=False)
    load_all_frameworks()
    load_instansi()
    _home, katalog = ensure_site_tree()
    framework = Framework.objects.get(code="spbe-2020")
    course = katalog.add_child(instance=CoursePage(title="Bench", slug="bench", summary="Bench.", framework=framework))
    codes = list(Instansi.objects.exclude(kode="").values_list("kode", flat=True))
    kode_to_id = dict(Instansi.objects.exclude(kode="").values_list("kode", "pk"))
    User = get_user_model()

    def workshop():
        return Workshop.objects.create(course=course, title="Bench", capacity=ROWS)

    def reset():
        Participant.objects.all().delete()
        User.groups.through.objects.filter(user__email__endswith="@" + DOMAIN).delete()
        User.objects.filter(email__endswith="@" + DOMAIN).delete()
        Workshop.objects.all().delete()

    data = generate_csv(codes, 0)

    def run_import():
        target = workshop()
        upload = SimpleUploadedFile("peserta.csv", data, content_type="text/csv")
        started = time.perf_counter()
        result = import_file(target, upload)
        elapsed = time.perf_counter() - started
        assert (result.created, result.enrolled, result.errors) == (ROWS, ROWS, []), result.errors[:3]
        return elapsed

    def run_raw():
        target = workshop()
        started = time.perf_counter()
        with transaction.atomic():
            users = [
                User(
                    email=f"peserta{n}@{DOMAIN}",
                    nama=f"Peserta Bench {n}",
                    nip=nip_for(n),
                    instansi_id=kode_to_id[codes[n % len(codes)]],
                    password="!bench",
                )
                for n in range(ROWS)
            ]
            User.objects.bulk_create(users, batch_size=1000)
            Participant.objects.bulk_create(
                [Participant(workshop=target, user_id=u.pk, source=Participant.Source.IMPORT) for u in users],
                batch_size=1000,
            )
        elapsed = time.perf_counter() - started
        assert Participant.objects.filter(workshop=target).count() == ROWS
        return elapsed

    imported = best_of(run_import, reset)
    raw = best_of(run_raw, reset)
    ratio = imported / raw
    print(f"import {ROWS} rows: {imported:.1f} s; raw bulk insert: {raw:.1f} s; ratio {ratio:.1f} (goal <= {GOAL})")
    connection.close()
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    try:
        status = main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(status)
