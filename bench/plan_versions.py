"""Benchmark plan versions: agree a version of Worcestershire's plan, and compare two versions.

Run:  uv run python bench/plan_versions.py [--repeat N]
Uses a throwaway database (SQLite in a temporary folder, or <name>_bench on PostgreSQL when
DATABASE_URL is set). Imports the Worcestershire seed, then times: agreeing a version (export
with ids, checksum, one row, audit), reading a version back with its checksum checked,
comparing two versions, comparing a version with the plan now, and matching the seed document
to the plan (the `--into` dry run). Goal: each well under a second. Prints figures (ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.config.settings")
os.environ.setdefault("WSOA_VAR_DIR", tempfile.mkdtemp(prefix="wsoa-bench-"))
os.environ["WSOA_ENV"] = "test"
warnings.filterwarnings("ignore", message="No directory at")

from harness import in_test_database  # noqa: E402 — after the settings above

GOAL_MS = 1000.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="times to time each step")
    args = parser.parse_args()

    in_test_database(lambda: run(args.repeat))


def timed(repeat: int, make):  # type: ignore[no-untyped-def]
    """Median wall-clock milliseconds of `make`, and its last result."""
    walls, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = make()
        walls.append((time.perf_counter() - start) * 1000)
    return statistics.median(walls), result


def run(repeat: int) -> None:
    import datetime as dt

    from django.contrib.auth import get_user_model

    from wsoa.demo.seeds import SEEDS
    from wsoa.documents.importing import import_plan, read_plan_file
    from wsoa.documents.interchange.compare import compare
    from wsoa.documents.revising import revision_of
    from wsoa.documents.versions import agree_version, plan_now
    from wsoa.plans.versioning import version_content

    seed = SEEDS / "004_f5d818488e67f6ca.txt"
    plan = import_plan(path=seed, area_name="Worcestershire", actor_label="bench").plan
    print(f"Worcestershire: {plan.items.count()} items")
    user = get_user_model().objects.create_user("bench-manager")
    day = dt.date(2025, 3, 1)

    agree_ms, _first = timed(repeat, lambda: agree_version(plan=plan, by=user, agreed_on=day))
    first = plan.versions.order_by("number").first()
    item = plan.items.filter(depth=1).order_by("position")[4]
    item.title += " (revised)"
    item.save(update_fields=["title"])
    latest = agree_version(plan=plan, by=user, agreed_on=day)
    read_ms, _ = timed(repeat, lambda: version_content(latest))
    compare_ms, changes = timed(
        repeat, lambda: compare(version_content(first), version_content(latest))
    )
    now_ms, _ = timed(repeat, lambda: compare(version_content(first), plan_now(plan)))
    document, _warnings = read_plan_file(seed)
    match_ms, _ = timed(repeat, lambda: revision_of(plan=plan, document=document, name=seed.name))
    print(
        f"versions agreed: {latest.number}; changes between first and last: {len(changes.changed)}"
    )
    for label, ms in [
        ("agree a version", agree_ms),
        ("read a version (checksum checked)", read_ms),
        ("compare two versions", compare_ms),
        ("compare a version with the plan now", now_ms),
        ("match the seed document to the plan (--into dry run)", match_ms),
    ]:
        print(f"{label}: {ms:.0f} ms ({ms / GOAL_MS:.2f} of the 1 s goal)")


if __name__ == "__main__":
    main()
