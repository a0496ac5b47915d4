"""Benchmark the plan foundation: seed import time and plan page server time.

Run:  uv run python bench/plan_foundation.py [--repeat N]
Uses a throwaway database: SQLite in a temporary folder, or PostgreSQL when DATABASE_URL is set
(a database named <name>_bench is created and dropped). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.config.settings")
os.environ.setdefault("WSOA_VAR_DIR", tempfile.mkdtemp(prefix="wsoa-bench-"))
os.environ["WSOA_ENV"] = "test"
warnings.filterwarnings("ignore", message="No directory at")

from harness import in_test_database  # noqa: E402 — after the settings above


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30, help="page requests to time")
    args = parser.parse_args()

    def timings() -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        run(args.repeat, connection, CaptureQueriesContext)

    in_test_database(timings)


def run(repeat: int, connection, capture) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from wsoa.core.models import Membership, Role
    from wsoa.demo.seeds import SEED_AREAS, SEEDS
    from wsoa.documents.importing import import_plan, read_plan_file

    print(f"database: {connection.vendor}")
    print("import: parse = read the text; import = parse + write; peak = parse memory")
    print(f"{'seed':28} {'parse s':>8} {'import s':>9} {'items':>6} {'peak MB':>8}")
    plans = {}
    for filename, area in SEED_AREAS:
        started = time.perf_counter()
        read_plan_file(SEEDS / filename)
        parsed = time.perf_counter() - started
        started = time.perf_counter()
        result = import_plan(path=SEEDS / filename, area_name=area, actor_label="bench")
        imported = time.perf_counter() - started
        tracemalloc.start()
        read_plan_file(SEEDS / filename)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        plans[area] = result.plan
        count = result.plan.items.count()
        print(f"{area:28} {parsed:8.3f} {imported:9.3f} {count:6} {peak:8.1f}")

    plan = plans["Worcestershire"]
    user = get_user_model().objects.create_user("bench", password="bench-password-1")  # noqa: S106
    Membership.objects.create(user=user, area=plan.area, role=Role.BOARD_MEMBER)
    client = Client()
    client.force_login(user)
    pages = {
        "plan page (whole tree)": reverse("plans:plan", args=[plan.area.slug, plan.pk]),
        "plan page, overdue filter": reverse("plans:plan", args=[plan.area.slug, plan.pk])
        + "?overdue=on&q=school",
        "item page": reverse(
            "progress:item",
            args=[plan.area.slug, plan.pk, plan.items.order_by("-depth").first().pk],
        ),
    }
    for url in pages.values():
        client.get(url)  # warm up: templates compiled, caches filled
    from wsoa.config.wsgi import settle

    settle()  # as gunicorn's app does at start-up
    print(f"\nWorcestershire, {plan.items.count()} items, {repeat} requests each")
    print(f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'KB':>6}")
    for name, url in pages.items():
        client.get(url)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        with capture(connection) as queries:
            response = client.get(url)
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        size = len(response.content) / 1024
        print(f"{name:28} {p50:8.1f} {p95:8.1f} {len(queries):8} {size:6.0f}")


if __name__ == "__main__":
    main()
