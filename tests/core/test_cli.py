"""The `wsoa` command: `migrate` and `demo` migrate; other database commands refuse when behind."""

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from wsoa import cli

WSOA = Path(sys.executable).with_name("wsoa")


def _wsoa(var_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `wsoa` on a SQLite database of its own in `var_dir`."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["WSOA_VAR_DIR"] = str(var_dir)
    return subprocess.run(
        [str(WSOA), *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def _tables(database: Path) -> set[str]:
    if not database.exists():
        return set()
    with closing(sqlite3.connect(database)) as db:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


@pytest.mark.parametrize(
    ("args", "step"),
    [
        (["demo"], "migrate"),
        (["demo", "--no-serve"], "migrate"),
        (["remind", "--dry-run"], "check"),
        (["worker"], "check"),
        (["beat"], "check"),
        (["import", "plan.json"], "check"),
        (["migrate"], ""),
        (["backup", "/srv/backups/today"], ""),  # before `wsoa migrate` too
        (["restore", "/srv/backups/today"], ""),  # into a database with no tables yet
        (["makemigrations", "--check", "--dry-run"], ""),
        (["build_assets"], ""),
        (["help"], ""),
        (["--help"], ""),
        ([], ""),
        (["no-such-command"], ""),
    ],
)
def test_only_demo_migrates_first_and_database_commands_check(args, step):
    assert cli.before(args) == step


def test_demo_migrates_before_it_runs(monkeypatch):
    ran: list[tuple[str, ...]] = []
    monkeypatch.setattr("django.core.management.call_command", lambda *a, **k: ran.append(a))
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line", lambda argv: ran.append(tuple(argv))
    )
    monkeypatch.setattr(cli, "database_is_behind", lambda: True)
    cli.main(["demo", "--no-serve"])
    assert ran == [("migrate",), ("wsoa", "demo", "--no-serve")]


def test_a_database_command_refuses_a_database_that_is_behind(monkeypatch, capsys):
    ran: list[object] = []
    monkeypatch.setattr("django.core.management.call_command", lambda *a, **k: ran.append(a))
    monkeypatch.setattr("django.core.management.execute_from_command_line", ran.append)
    monkeypatch.setattr(cli, "database_is_behind", lambda: True)
    with pytest.raises(SystemExit) as stopped:
        cli.main(["remind"])
    assert stopped.value.code != 0
    assert capsys.readouterr().err == cli.BEHIND + "\n"
    assert ran == []


def test_remind_refuses_until_wsoa_migrate_then_runs(tmp_path):
    database = tmp_path / "wsoa.sqlite3"
    refused = _wsoa(tmp_path, "remind", "--dry-run")
    assert refused.returncode != 0
    assert "The database needs migrating: run `wsoa migrate` first." in refused.stderr
    assert _tables(database) == set()  # nothing was migrated

    migrated = _wsoa(tmp_path, "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert "django_migrations" in _tables(database)

    ran = _wsoa(tmp_path, "remind", "--dry-run")
    assert ran.returncode == 0, ran.stderr
    assert "needs migrating" not in ran.stderr


def test_makemigrations_check_runs_with_no_database_yet(tmp_path):
    done = _wsoa(tmp_path, "makemigrations", "--check", "--dry-run")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "needs migrating" not in done.stderr
    assert not _tables(tmp_path / "wsoa.sqlite3")
