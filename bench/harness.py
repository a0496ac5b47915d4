"""What every database benchmark does around its timings: a throwaway test database.

`in_test_database(run)` sets Django up as the test runner does, creates the test database
(SQLite in a temporary folder, or <name>_bench-style test database on PostgreSQL when
DATABASE_URL is set), prints which database it is, calls `run`, and drops the database.
"""

from __future__ import annotations

from collections.abc import Callable


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
