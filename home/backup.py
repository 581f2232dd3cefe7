"""Backup and restore of the platform's state: the database, the media folder and the private-media folder.

One archive (``.tar.gz``) holds::

    manifest.json       time, git commit, database kind, applied migrations, file counts
    database.dump       PostgreSQL: ``pg_dump --format=custom``   (or)
    database.sqlite3    SQLite: a consistent copy made with the sqlite3 backup API
    media/…             MEDIA_ROOT (public uploads: images, Living Lab documents)
    private-media/…     PRIVATE_MEDIA_ROOT (participant exports; never served by URL)

The functions take a Django database settings dict (``connections[alias].settings_dict``) so that they can
be tested on a throw-away SQLite file. The commands ``manage.py backup`` and ``manage.py restore`` wrap them.
Messages are Indonesian first, English after a slash, because the people running them may be either.
"""

import copy
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_DUMP = "database.sqlite3"
MEDIA = "media"
PRIVATE_MEDIA = "private-media"


class BackupError(Exception):
    """A problem the operator can fix; the message says what and how."""


def database_kind(db):
    engine = db["ENGINE"]
    if "postgresql" in engine:
        return "postgresql"
    if "sqlite3" in engine:
        return "sqlite"
    raise BackupError(f"Basis data {engine} tidak didukung / database engine {engine} is not supported.")


# --- PostgreSQL -------------------------------------------------------------------------------------------


def _pg_args(db):
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args


def _pg_env(db):
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])  # not on the command line, so not in `ps`
    return env


def _run(tool, args, db):
    if shutil.which(tool) is None:
        raise BackupError(
            f"Program {tool} tidak ditemukan; pasang klien PostgreSQL (apt-get install postgresql-client). / "
            f"{tool} not found; install the PostgreSQL client tools."
        )
    result = subprocess.run([tool, *args], env=_pg_env(db), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise BackupError(f"{tool} gagal (kode {result.returncode}) / {tool} failed:\n{detail}")
    return result


def _pg_table_count(db):
    import psycopg

    params = {
        "dbname": db["NAME"],
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
    }
    try:
        with psycopg.connect(**{k: v for k, v in params.items() if v}, connect_timeout=10) as conn:
            row = conn.execute(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            ).fetchone()
    except psycopg.Error as error:
        raise BackupError(
            f"Tidak dapat terhubung ke basis data {db['NAME']} / cannot connect to database {db['NAME']}: {error}"
        ) from error
    return row[0]


# --- SQLite -----------------------------------------------------------------------------------------------


def _sqlite_copy(source, target):
    """A consistent copy of a live SQLite database (WAL included) with the sqlite3 backup API."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        src.close()
        dst.close()


def _sqlite_table_count(db):
    path = Path(db["NAME"])
    if not path.exists() or path.stat().st_size == 0:
        return 0
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
    finally:
        conn.close()


def table_count(db):
    """How many tables the database has (0 = empty, safe to restore into)."""
    return _pg_table_count(db) if database_kind(db) == "postgresql" else _sqlite_table_count(db)


# --- Backup -----------------------------------------------------------------------------------------------


def git_commit(cwd):
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return result.stdout.strip() if result.returncode == 0 else "unknown"


def _file_count(folder):
    folder = Path(folder)
    return sum(1 for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def _archive_path(out_dir, now):
    stamp = now.strftime("%Y%m%d-%H%M%S")
    path = out_dir / f"bimtek-{stamp}.tar.gz"
    n = 1
    while path.exists():  # two backups in one second
        n += 1
        path = out_dir / f"bimtek-{stamp}-{n}.tar.gz"
    return path


def create_backup(db, media_root, private_media_root, out_dir, *, now=None, extra=None):
    """Write a timestamped archive into out_dir (created 0700; the archive is 0600: it holds personal data).
    Returns the archive's path."""
    kind = database_kind(db)
    now = now or datetime.now().astimezone()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = _archive_path(out_dir, now)
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": now.isoformat(timespec="seconds"),
        "database": {"kind": kind, "name": Path(db["NAME"]).name if kind == "sqlite" else db["NAME"]},
        "media_files": _file_count(media_root),
        "private_media_files": _file_count(private_media_root),
        **(extra or {}),
    }
    with tempfile.TemporaryDirectory(prefix="bimtek-backup-") as work:
        work = Path(work)
        if kind == "postgresql":
            dump = work / PG_DUMP
            _run(
                "pg_dump",
                ["--format=custom", "--no-owner", "--no-privileges", "--file", str(dump), *_pg_args(db), db["NAME"]],
                db,
            )
        else:
            if not Path(db["NAME"]).exists():
                raise BackupError(f"Berkas basis data {db['NAME']} tidak ada / database file does not exist.")
            dump = work / SQLITE_DUMP
            _sqlite_copy(db["NAME"], dump)
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
        partial = target.with_name(target.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle, tarfile.open(fileobj=handle, mode="w:gz") as tar:
                tar.add(work / MANIFEST, arcname=MANIFEST)
                tar.add(dump, arcname=dump.name)
                for folder, arcname in ((media_root, MEDIA), (private_media_root, PRIVATE_MEDIA)):
                    if folder and Path(folder).is_dir():
                        tar.add(folder, arcname=arcname)
            partial.rename(target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return target


# --- Restore ----------------------------------------------------------------------------------------------


def read_manifest(archive):
    """The archive's manifest; BackupError if the file is missing or is not one of our archives."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"Berkas cadangan tidak ditemukan / backup file not found: {archive}")
    try:
        with tarfile.open(archive, "r:*") as tar:
            member = tar.extractfile(MANIFEST)
            manifest = json.loads(member.read().decode("utf-8"))
    except (tarfile.TarError, KeyError, AttributeError, ValueError, OSError) as error:
        raise BackupError(
            f"{archive} bukan arsip cadangan Bimtek SPBE (tanpa {MANIFEST} yang sah) / "
            f"is not a Bimtek SPBE backup archive: {error}"
        ) from error
    if manifest.get("format") != FORMAT_VERSION or manifest.get("database", {}).get("kind") not in (
        "postgresql",
        "sqlite",
    ):
        raise BackupError(f"Format arsip tidak dikenal / unknown archive format in {archive}.")
    return manifest


def _extract(tar, prefix, destination):
    """Extract the members under prefix/ into destination. Paths that would leave it are refused."""
    destination = Path(destination)
    members = []
    for member in tar.getmembers():
        name = member.name
        if name != prefix and not name.startswith(prefix + "/"):
            continue
        relative = name[len(prefix) :].lstrip("/")
        if not relative:
            continue
        member = copy.copy(member)
        member.name = relative
        members.append(member)
    if not members:
        return 0
    destination.mkdir(parents=True, exist_ok=True)
    _safe_extractall(tar, destination, members)
    return sum(1 for m in members if m.isfile())


def _safe_extractall(tar, destination, members):
    """Only regular files and folders inside destination. Python's "data" filter where it exists (3.11.4+),
    the same rules checked by hand on older patch releases."""
    if hasattr(tarfile, "data_filter"):
        tar.extractall(destination, members=members, filter="data")
        return
    root = Path(destination).resolve()
    for member in members:
        target = (root / member.name).resolve()
        if not (member.isfile() or member.isdir()) or (target != root and root not in target.parents):
            raise BackupError(f"Isi arsip tidak aman / unsafe archive member: {member.name}")
    tar.extractall(destination, members=members)  # noqa: S202 (checked above)


def restore_backup(archive, db, media_root, private_media_root, *, force=False):
    """Restore the archive into the database db and the two media folders. Refuses a database that has tables
    unless force. Files from the archive overwrite same-named files; other files in the folders stay.
    Returns the manifest with the restored file counts."""
    manifest = read_manifest(archive)
    kind = database_kind(db)
    if manifest["database"]["kind"] != kind:
        raise BackupError(
            f"Arsip berisi basis data {manifest['database']['kind']}, tujuan adalah {kind}; "
            f"pulihkan ke jenis yang sama. / The archive holds a {manifest['database']['kind']} database but the "
            f"target is {kind}; restore into the same kind."
        )
    tables = table_count(db)
    if tables and not force:
        raise BackupError(
            f"Basis data tujuan {db['NAME']} tidak kosong ({tables} tabel); tidak ada yang diubah. Pulihkan ke basis "
            f"data kosong, atau timpa dengan FORCE=1 (make) / --force. / Target database {db['NAME']} is not empty "
            f"({tables} tables); nothing was changed. Restore into an empty database, or overwrite with FORCE=1 / --force."
        )
    with tempfile.TemporaryDirectory(prefix="bimtek-restore-") as work, tarfile.open(archive, "r:*") as tar:
        work = Path(work)
        dump_name = PG_DUMP if kind == "postgresql" else SQLITE_DUMP
        try:
            _safe_extractall(tar, work, [tar.getmember(dump_name)])
        except KeyError as error:
            raise BackupError(f"Arsip tidak berisi {dump_name} / the archive has no {dump_name}.") from error
        dump = work / dump_name
        if kind == "postgresql":
            args = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
            if force:
                args += ["--clean", "--if-exists"]
            _run("pg_restore", [*args, *_pg_args(db), "--dbname", db["NAME"], str(dump)], db)
        else:
            target = Path(db["NAME"])
            target.parent.mkdir(parents=True, exist_ok=True)
            _sqlite_copy(dump, target)
        manifest["restored_media_files"] = _extract(tar, MEDIA, media_root)
        manifest["restored_private_media_files"] = _extract(tar, PRIVATE_MEDIA, private_media_root)
    return manifest
