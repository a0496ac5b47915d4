"""What every database benchmark does around its timings: a database to measure in.

`in_test_database(run)` sets Django up as the test runner does, creates the test database
(SQLite in a temporary folder, or <name>_bench-style test database on PostgreSQL when
DATABASE_URL is set), prints which database it is, calls `run`, and drops the database.

`use_bench_database(name, reuse=…)` points DATABASE_URL at a PostgreSQL database of that name
on the server DATABASE_URL names, created empty (dropped first) unless `reuse`: the national
benchmarks fill it once and measure it again with --reuse. Each benchmark has its own name, so
one never drops another's.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable

BENCH_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def use_bench_database(name: str, *, reuse: bool) -> None:
    """Point DATABASE_URL at the PostgreSQL database `name`, new and empty unless `reuse`."""
    import dj_database_url
    import psycopg

    if not BENCH_NAME.match(name):
        sys.exit(f"{name!r} is not a database name: lower-case letters, digits and _ only.")
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1/postgres"
        )
    config = dj_database_url.parse(url)
    if config["NAME"] == name:
        sys.exit(f"DATABASE_URL already names {name}: give the server's admin database instead.")
    if not reuse:
        admin = psycopg.connect(
            host=config["HOST"],
            port=config["PORT"] or 5432,
            user=config["USER"],
            password=config["PASSWORD"] or None,
            dbname=config["NAME"],
            autocommit=True,
        )
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
        admin.close()
    os.environ["DATABASE_URL"] = f"{url.rsplit('/', 1)[0]}/{name}"


def in_test_database(run: Callable[[], None]) -> None:
    import django
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import get_runner

    runner = get_runner(settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        print(f"database: {connection.vendor}")
        run()
    finally:
        runner.teardown_databases(old)
