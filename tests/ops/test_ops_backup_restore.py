"""`wsoa backup` then `wsoa restore` into an empty database: every row, pack and file comes back.

The backup is made in this process from the test database (committed rows: pg_dump and SQLite's
backup API read through their own connections). The restore runs as an operator runs it, as
`wsoa restore` in another process, into a new empty database: a SQLite file, or, when the suite
runs on PostgreSQL, a database created for the test on the same server and dropped after.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from wsoa.ops.backup import contents
from wsoa.ops.backup.manifest import NAME
from wsoa.progress.services import EvidenceIn, UpdateIn, post_update
from wsoa.reports.models import PackSnapshot, sha256

pytestmark = pytest.mark.django_db(transaction=True)
WSOA = Path(sys.executable).with_name("wsoa")
DOCX, PDF = b"PK\x03\x04 a pack as Word " * 50, b"%PDF-1.7 a pack as PDF " * 80


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def populated(media: Path, plan, contributor, plan_manager) -> dict[str, Any]:
    """Two updates with evidence files (one in a sub-folder), a comment and a pack snapshot."""
    items = list(plan.items.filter(parent__isnull=False)[:2])
    for number, item in enumerate(items):
        evidence = EvidenceIn(
            title=f"Minutes {number}",
            file=SimpleUploadedFile(f"minutes-{number}.txt", f"minutes {number}\n".encode()),
        )
        post_update(
            item=item,
            author=contributor,
            data=UpdateIn(commentary=f"Done {number}", proposed_rag="green", evidence=[evidence]),
        )
    html = "<h1>Board pack</h1>"
    snapshot = PackSnapshot.objects.create(
        plan=plan, title="Board pack, June", until="2026-06-30", created_by=plan_manager,
        data={"items": 4}, html=html, docx=DOCX, pdf=PDF, html_sha256=sha256(html.encode()),
        docx_sha256=sha256(DOCX), pdf_sha256=sha256(PDF),
    )  # fmt: skip
    return {"snapshot": snapshot, "files": _files(media)}


def _files(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    """An empty database of the suite's kind: its URL and a function opening a DB-API cursor."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}", lambda: closing(sqlite3.connect(path))
        return
    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    server = _postgres_url(settings_dict, "postgres")
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield (
            _postgres_url(settings_dict, name),
            lambda: psycopg.connect(_postgres_url(settings_dict, name)),
        )
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _postgres_url(settings_dict: dict[str, Any], name: str) -> str:
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    host = settings_dict["HOST"] or "localhost"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{settings_dict['USER']}{password}@{host}:{port}/{name}"


def _wsoa(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(WSOA), *args], capture_output=True, text=True, check=False, env={**os.environ, **env}
    )


def _measure(cursor_source: Any) -> dict[str, Any]:
    with cursor_source() as db:
        cursor = db.cursor()
        engine = "sqlite" if isinstance(db, sqlite3.Connection) else "postgresql"
        return {
            "rows": contents.row_counts(cursor, engine),
            "snapshots": contents.snapshot_checksums(cursor, engine),
            "stored": contents.stored_snapshot_checksums(cursor),
        }


def test_backup_restored_into_an_empty_database_has_every_row_pack_and_file(
    populated, tmp_path, empty_database
):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    manifest = json.loads((backup / NAME).read_text())
    url, open_restored = empty_database
    restored_media = tmp_path / "restored-media"

    done = _wsoa("restore", str(backup), DATABASE_URL=url, WSOA_MEDIA_ROOT=str(restored_media))

    assert done.returncode == 0, done.stderr
    assert "Every row count and checksum matches the backup." in done.stdout
    with connection.cursor() as cursor:
        before = contents.row_counts(cursor, connection.vendor)
    after = _measure(open_restored)
    assert after["rows"] == before == manifest["rows"]
    assert before["progress_evidence"] == 2
    snapshot = populated["snapshot"]
    expected = {
        "html": snapshot.html_sha256,
        "docx": snapshot.docx_sha256,
        "pdf": snapshot.pdf_sha256,
    }
    assert after["snapshots"] == after["stored"] == {str(snapshot.pk): expected}
    assert manifest["snapshots"] == {str(snapshot.pk): expected}
    assert _files(restored_media) == populated["files"]
    assert len(populated["files"]) == 2
    assert {name: f["sha256"] for name, f in manifest["files"].items()} == populated["files"]


def test_restoring_into_a_database_with_data_is_refused_and_changes_nothing(
    populated, tmp_path, media
):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    with connection.cursor() as cursor:
        before = contents.row_counts(cursor, connection.vendor)

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup))

    assert refused.value.returncode == 2
    assert "is not empty" in str(refused.value)
    assert "Nothing was changed." in str(refused.value)
    with connection.cursor() as cursor:
        assert contents.row_counts(cursor, connection.vendor) == before
    assert _files(media) == populated["files"]


def test_a_damaged_backup_is_refused_before_anything_is_written(populated, tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    name = next(iter(populated["files"]))
    (backup / "files" / name).write_bytes(b"changed after the backup")

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup))

    assert refused.value.returncode == 2
    assert f"The backup's file {name} is missing or damaged." in str(refused.value)


def test_a_backup_with_migrations_this_wsoa_does_not_know_is_refused(populated, tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    manifest = json.loads((backup / NAME).read_text())
    manifest["migrations"].append(["plans", "9999_from_the_future"])
    manifest["app_version"] = "9.0"
    (backup / NAME).write_text(json.dumps(manifest))

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup))

    assert "made by a newer wsoa (9.0)" in str(refused.value)
    assert "plans.9999_from_the_future" in str(refused.value)


def test_a_folder_without_a_manifest_is_refused(tmp_path):
    (tmp_path / "not-a-backup").mkdir()

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(tmp_path / "not-a-backup"))

    assert refused.value.returncode == 2
    assert "has no manifest.json" in str(refused.value)


def test_backup_refuses_a_folder_that_has_files_in_it(tmp_path, media):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")

    with pytest.raises(CommandError) as refused:
        call_command("backup", str(tmp_path / "full"))

    assert refused.value.returncode == 2
    assert "already exists and is not empty" in str(refused.value)
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"


def test_a_manifest_naming_a_file_outside_the_backup_is_refused(populated, tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    manifest = json.loads((backup / NAME).read_text())
    manifest["files"]["../../etc/passwd"] = {"sha256": "0" * 64, "size": 1}
    (backup / NAME).write_text(json.dumps(manifest))

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup))

    assert "names a file outside its folder" in str(refused.value)
