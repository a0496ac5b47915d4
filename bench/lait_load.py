"""Benchmark the national LAIT load and the benchmark queries.

Run:  uv run python bench/lait_load.py [--repeat 20]
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_lait uv run python bench/lait_load.py
Uses a throwaway database (SQLite in a temporary folder, or Django's test database beside the
PostgreSQL one). Prints: the full load (target ≤ 60 s SQLite, ≤ 30 s PostgreSQL), reloading the
unchanged files (must write nothing), and compare()/area_profile() timings (area_profile ≤ 100 ms).
Asserts nothing but the figures of issue 15 §5.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.config.settings")
os.environ.setdefault("WSOA_VAR_DIR", tempfile.mkdtemp(prefix="wsoa-bench-"))
os.environ["WSOA_ENV"] = "test"
warnings.filterwarnings("ignore", message="No directory at")

from harness import in_test_database  # noqa: E402 — after the settings above


def timed(run: Callable[[], object], repeat: int) -> tuple[list[float], list[float]]:
    """Wall-clock and this process's CPU milliseconds of each run, each sorted."""
    walls, cpus = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return sorted(walls), sorted(cpus)


def p95(times: list[float]) -> float:
    return times[max(0, int(len(times) * 0.95) - 1)]


def main(repeat: int) -> None:
    from wsoa.benchmarks import comparison, loading
    from wsoa.benchmarks.models import Value

    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    cpu = time.process_time()
    report = loading.load_national()
    cpu = time.process_time() - cpu
    print(f"full load: {report.seconds:.1f} s wall, {cpu:.1f} s CPU ({report.values:,} values)")
    started = time.perf_counter()
    again = loading.load_national()
    took = (time.perf_counter() - started) * 1000
    print(f"reload unchanged: {took:.0f} ms, skipped={again.skipped}")
    assert Value.objects.count() == report.values
    result = comparison.compare(885, "SEN_EHC_All_20wks").as_json()
    print("compare(885):", result)
    for name, run in (
        ("compare(885, SEN_EHC_All_20wks)", lambda: comparison.compare(885, "SEN_EHC_All_20wks")),
        ("area_profile(885)", lambda: comparison.area_profile(885)),
        ("series(885, SEN_EHC_All_20wks)", lambda: comparison.series(885, "SEN_EHC_All_20wks")),
    ):
        walls, cpus = timed(run, repeat)
        print(
            f"{name}: wall median {statistics.median(walls):.0f} ms, p95 {p95(walls):.0f} ms; "
            f"CPU median {statistics.median(cpus):.0f} ms, p95 {p95(cpus):.0f} ms"
        )
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    in_test_database(lambda: main(args.repeat))
