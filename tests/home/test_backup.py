"""manage.py backup / restore: argument handling, refusals, and a full round trip on SQLite files.

The PostgreSQL round trip (pg_dump → pg_restore → the smoke suite on the restored copy) runs in
`make prod-check`; here everything stays fast and works on any test database.
"""

import json
import sqlite3
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from home.backup import BackupError, create_backup, read_manifest, restore_backup


def sqlite_db(path):
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}


def make_source(tmp_path):
    db = tmp_path / "source.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")  # like the dev settings: the copy must include the WAL
    conn.execute("CREATE TABLE peserta (id INTEGER PRIMARY KEY, nama TEXT, nip TEXT)")
    conn.executemany(
        "INSERT INTO peserta (nama, nip) VALUES (?, ?)",
        [(f"Peserta {n}", f"19800101200{n:04d}") for n in range(250)],
    )
    conn.commit()
    media, private = tmp_path / "media", tmp_path / "private-media"
    (media / "images").mkdir(parents=True)
    (media / "images" / "foto.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    (private / "exports").mkdir(parents=True)
    (private / "exports" / "rekap-1-1.csv").write_text("NIP,Nama\n198001012000,Ayu\n", encoding="utf-8")
    return conn, db, media, private


def rows(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT id, nama, nip FROM peserta ORDER BY id").fetchall()
    finally:
        conn.close()


def test_sqlite_backup_then_restore_into_a_fresh_file(tmp_path):
    conn, db, media, private = make_source(tmp_path)
    try:
        archive = create_backup(sqlite_db(db), media, private, tmp_path / "backups", extra={"git_commit": "abc"})
    finally:
        conn.close()
    assert archive.parent == tmp_path / "backups" and archive.name.startswith("bimtek-")
    assert archive.name.endswith(".tar.gz")
    assert archive.stat().st_mode & 0o077 == 0  # personal data: owner only
    manifest = read_manifest(archive)
    assert manifest["database"]["kind"] == "sqlite"
    assert (manifest["media_files"], manifest["private_media_files"], manifest["git_commit"]) == (1, 1, "abc")

    target = tmp_path / "restored" / "db.sqlite3"
    new_media, new_private = tmp_path / "restored" / "media", tmp_path / "restored" / "private-media"
    restored = restore_backup(archive, sqlite_db(target), new_media, new_private)

    assert rows(target) == rows(db) and len(rows(target)) == 250
    assert (new_media / "images" / "foto.jpg").read_bytes() == b"\xff\xd8 not really a jpeg"
    assert (new_private / "exports" / "rekap-1-1.csv").read_text(encoding="utf-8").startswith("NIP,Nama")
    assert (restored["restored_media_files"], restored["restored_private_media_files"]) == (1, 1)


def test_two_backups_in_one_second_get_two_files(tmp_path):
    conn, db, media, private = make_source(tmp_path)
    conn.close()
    first = create_backup(sqlite_db(db), media, private, tmp_path / "b")
    second = create_backup(sqlite_db(db), media, private, tmp_path / "b")
    assert first != second and first.exists() and second.exists()
    assert not list((tmp_path / "b").glob("*.partial"))


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(tmp_path):
    conn, db, media, private = make_source(tmp_path)
    conn.close()
    archive = create_backup(sqlite_db(db), media, private, tmp_path / "backups")
    target = tmp_path / "target.sqlite3"
    other = sqlite3.connect(target)
    other.execute("CREATE TABLE lain (x INTEGER)")
    other.commit()
    other.close()

    with pytest.raises(BackupError, match="tidak kosong") as error:
        restore_backup(archive, sqlite_db(target), tmp_path / "m", tmp_path / "p")
    assert "FORCE=1" in str(error.value) and "not empty" in str(error.value)
    assert not (tmp_path / "m").exists()  # nothing was touched

    restore_backup(archive, sqlite_db(target), tmp_path / "m", tmp_path / "p", force=True)
    assert len(rows(target)) == 250


def test_restore_refuses_another_database_kind(tmp_path):
    conn, db, media, private = make_source(tmp_path)
    conn.close()
    archive = create_backup(sqlite_db(db), media, private, tmp_path / "backups")
    postgres = {"ENGINE": "django.db.backends.postgresql", "NAME": "bimtek"}
    with pytest.raises(BackupError, match="jenis yang sama"):
        restore_backup(archive, postgres, tmp_path / "m", tmp_path / "p")


@pytest.mark.parametrize("python_filter", [True, False], ids=["data-filter", "checked-by-hand"])
def test_archive_members_cannot_escape_the_media_folder(tmp_path, monkeypatch, python_filter):
    if not python_filter:  # Python < 3.11.4 has no extraction filters
        monkeypatch.delattr(tarfile, "data_filter", raising=False)
    archive = tmp_path / "evil.tar.gz"
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"format": 1, "database": {"kind": "sqlite"}}))
    dump = tmp_path / "database.sqlite3"
    sqlite3.connect(dump).close()
    payload = tmp_path / "payload"
    payload.write_text("x")
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(manifest, arcname="manifest.json")
        tar.add(dump, arcname="database.sqlite3")
        tar.add(payload, arcname="media/../../escaped.txt")
    with pytest.raises((BackupError, tarfile.TarError)):  # OutsideDestinationError on Python ≥ 3.11.4
        restore_backup(archive, sqlite_db(tmp_path / "t.sqlite3"), tmp_path / "a" / "media", tmp_path / "a" / "p")
    assert not (tmp_path / "escaped.txt").exists()


def test_restore_command_needs_an_archive_argument():
    with pytest.raises(CommandError, match="archive"):
        call_command("restore")


def test_restore_command_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan / backup file not found"):
        call_command("restore", str(tmp_path / "tidak-ada.tar.gz"))


def test_restore_command_rejects_a_file_that_is_not_a_backup(tmp_path):
    junk = tmp_path / "catatan.tar.gz"
    junk.write_text("bukan arsip")
    with pytest.raises(CommandError, match="bukan arsip cadangan"):
        call_command("restore", str(junk))


@pytest.mark.django_db
def test_restore_command_refuses_the_non_empty_test_database(tmp_path):
    """Whatever the test database is (SQLite or PostgreSQL), it has tables: restore must refuse it."""
    kind = "postgresql" if connection.vendor == "postgresql" else "sqlite"
    archive = tmp_path / "b.tar.gz"
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"format": 1, "database": {"kind": kind}}))
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(manifest, arcname="manifest.json")
    with pytest.raises(CommandError, match="tidak kosong"):
        call_command("restore", str(archive))


@pytest.mark.django_db
def test_backup_command_writes_an_archive_with_a_manifest(tmp_path, settings, capsys):
    (settings.PRIVATE_MEDIA_ROOT / "exports").mkdir(parents=True)
    (settings.PRIVATE_MEDIA_ROOT / "exports" / "rekap.csv").write_text("NIP\n")
    call_command("backup", "--output-dir", str(tmp_path / "backups"))
    path = capsys.readouterr().out.strip()
    manifest = read_manifest(path)
    assert manifest["database"]["kind"] == ("postgresql" if connection.vendor == "postgresql" else "sqlite")
    assert "0001_initial" in manifest["migrations"]["home"]
    assert manifest["private_media_files"] == 1 and manifest["git_commit"]
    with tarfile.open(path) as tar:
        names = tar.getnames()
    assert "private-media/exports/rekap.csv" in names
    assert ("database.dump" if connection.vendor == "postgresql" else "database.sqlite3") in names
