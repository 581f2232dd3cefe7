"""manage.py restore ARCHIVE [--force]: put a backup from `manage.py backup` back (database and media)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from home.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Pulihkan arsip dari `manage.py backup` ke basis data DATABASE_URL (harus kosong, kecuali --force) dan "
        "folder media. / Restore an archive into the database (must be empty unless --force) and media folders."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Berkas .tar.gz dari manage.py backup. / The .tar.gz from backup.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Timpa basis data yang tidak kosong. / Overwrite a database that is not empty.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Alias basis data (bawaan: default).")

    def handle(self, *args, archive, force, database, **options):
        connection = connections[database]
        connection.close()  # pg_restore and the sqlite3 backup API work on their own connections
        try:
            manifest = restore_backup(
                archive, connection.settings_dict, settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT, force=force
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Dipulihkan / restored: {archive} (dibuat / made {manifest.get('created_at')}, "
            f"commit {manifest.get('git_commit', 'unknown')[:12]}), "
            f"{manifest['restored_media_files']} berkas media, {manifest['restored_private_media_files']} berkas privat."
        )
        connection.close()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(pending)} migrasi belum diterapkan; jalankan `manage.py migrate`. / "
                    f"{len(pending)} migrations are not applied yet; run `manage.py migrate`."
                )
            )
