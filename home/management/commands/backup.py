"""manage.py backup: database + media + private media into one timestamped archive in backups/."""

import django
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from home.backup import BackupError, create_backup, git_commit


def migration_state(connection):
    """{app: [applied migration names]} as recorded in the database."""
    state = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        state.setdefault(app, []).append(name)
    return state


class Command(BaseCommand):
    help = (
        "Cadangkan basis data (pg_dump atau salinan SQLite), folder media dan media privat ke satu arsip "
        "bertanda waktu. / Back up the database, media and private media into one timestamped archive."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(settings.BASE_DIR / "backups"),
            help="Folder arsip (bawaan: backups/). / Where the archive goes (default: backups/).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Alias basis data (bawaan: default).")

    def handle(self, *args, output_dir, database, **options):
        connection = connections[database]
        extra = {
            "git_commit": git_commit(settings.BASE_DIR),
            "django": django.get_version(),
            "migrations": migration_state(connection),
        }
        connection.close()
        try:
            archive = create_backup(
                connection.settings_dict,
                settings.MEDIA_ROOT,
                settings.PRIVATE_MEDIA_ROOT,
                output_dir,
                now=timezone.localtime(),
                extra=extra,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = archive.stat().st_size
        self.stderr.write(f"Cadangan tersimpan / backup written ({size / 1024:.0f} KiB):")
        self.stdout.write(str(archive))  # stdout is the path only, for scripts
