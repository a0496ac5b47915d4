"""Benchmark the KPI scorecard: DfE load for every local authority, and the scorecard page.

Run:  uv run python bench/kpi_scorecard.py [--repeat N] [--indicators 200] [--periods 60]
Uses a throwaway database: SQLite in a temporary folder, or PostgreSQL when DATABASE_URL is set
(Django's test database beside it is created and dropped). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from decimal import Decimal
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
    parser.add_argument("--repeat", type=int, default=20, help="page requests to time")
    parser.add_argument("--indicators", type=int, default=200)
    parser.add_argument("--periods", type=int, default=60, help="monthly actuals per indicator")
    args = parser.parse_args()

    def timings() -> None:
        load_all_areas()
        scorecard_pages(args.indicators, args.periods, args.repeat)

    in_test_database(timings)


def load_all_areas() -> None:
    from wsoa.core.models import LocalArea
    from wsoa.kpi import dfe, dfedata
    from wsoa.kpi.models import Comparator, Measurement

    dfedata.dataset.cache_clear()
    started = time.perf_counter()
    data = dfedata.dataset()
    parsed = time.perf_counter() - started
    areas = []
    for authority in data.authorities.values():
        area = LocalArea.objects.create(
            name=f"{authority.name} ({authority.code})", slug=f"la-{authority.code}"
        )
        dfe.link_area(area=area, la_code=authority.code, neighbour_codes=[], by=None)
        areas.append(area)
    started = time.perf_counter()
    unmatched = 0
    for area in areas:
        unmatched += len(dfe.load_dfe(area=area, actor_label="bench").unmatched)
    loaded = time.perf_counter() - started
    print("\nDfE load, every local authority in the shipped files")
    print(f"  read and parse the files:   {parsed:6.2f} s")
    print(
        f"  load {len(areas)} areas:           {loaded:6.2f} s "
        f"({loaded / len(areas) * 1000:.0f} ms an area)"
    )
    print(
        f"  measurements: {Measurement.objects.count():,}, comparator figures: "
        f"{Comparator.objects.count():,}, 'not matched' lines: {unmatched:,}"
    )
    started = time.perf_counter()
    for area in areas[:20]:
        dfe.load_dfe(area=area, actor_label="bench")
    again = (time.perf_counter() - started) / 20
    print(f"  loading again (nothing new): {again * 1000:.0f} ms an area")


def scorecard_pages(count: int, periods: int, repeat: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from wsoa.core.models import LocalArea, Membership, Role
    from wsoa.kpi.models import Comparator, Indicator, Measurement, TargetStep
    from wsoa.kpi.periods import month

    area = LocalArea.objects.create(name="Bench area", slug="bench-area")
    indicators = Indicator.objects.bulk_create(
        Indicator(
            area=area,
            name=f"Indicator {n}",
            theme=f"Theme {n % 5}",
            unit="percent",
            target=Decimal(80),
            target_label="2025-26",
        )
        for n in range(count)
    )
    months = [month(2021 + (m + 3) // 12, (m + 3) % 12 + 1) for m in range(periods)]
    rows, steps, england = [], [], []
    for n, indicator in enumerate(indicators):
        for m, p in enumerate(months):
            value = Decimal(50 + (n * 7 + m * 3) % 45)
            rows.append(
                Measurement(
                    indicator=indicator,
                    label=p.label,
                    start=p.start,
                    end=p.end,
                    value=value,
                    entered_label="bench",
                )
            )
            if m % 12 == 11:
                steps.append(
                    TargetStep(
                        indicator=indicator,
                        label=p.label,
                        start=p.start,
                        end=p.end,
                        value=Decimal(60 + m // 12 * 5),
                    )
                )
                england.append(
                    Comparator(
                        indicator=indicator,
                        kind="england",
                        name="England",
                        label=p.label,
                        start=p.start,
                        end=p.end,
                        value=Decimal(55),
                    )
                )
    Measurement.objects.bulk_create(rows, batch_size=5000)
    TargetStep.objects.bulk_create(steps)
    Comparator.objects.bulk_create(england)
    user = get_user_model().objects.create_user("bench", password="bench-password-1")  # noqa: S106
    Membership.objects.create(user=user, area=area, role=Role.BOARD_MEMBER)
    client = Client()
    client.force_login(user)
    pages = {
        "scorecard (all)": reverse("kpi:scorecard", args=[area.slug]),
        "scorecard, theme filter": reverse("kpi:scorecard", args=[area.slug]) + "?theme=Theme+1",
        "indicator page": reverse("kpi:indicator", args=[area.slug, indicators[0].pk]),
    }
    print(
        f"\n{count} indicators × {periods} monthly actuals ({len(rows):,} rows), "
        f"{repeat} requests each"
    )
    for url in pages.values():
        client.get(url)  # warm up: templates compiled, caches filled
    from wsoa.config.wsgi import settle

    settle()  # as gunicorn's app does at start-up
    print(f"{'page':26} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'KB':>6}")
    for name, url in pages.items():
        client.get(url)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        print(
            f"{name:26} {p50:8.1f} {p95:8.1f} {len(queries):8} {len(response.content) / 1024:6.0f}"
        )


if __name__ == "__main__":
    main()
