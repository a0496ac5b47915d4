"""Benchmark the Excel importer on a generated tracker: read time and peak memory.

Run:  uv run python bench/import_sheets.py [--rows 10000] [--profile]
Builds an .xlsx tracker as councils keep them (a title block; a row per objective and per
action numbered 1.1.1 …; the action's text, lead as a name or initials, due date as a date
cell, RAG), then reads it as `wsoa import` does (`read_plan`, no database) and prints the
seconds (elapsed and of CPU, in all and per 1,000 rows) against the goal of 10 s for 10,000
rows (issue 12, scaled to the rows asked for), the seconds of each step, and the peak memory
(tracemalloc, in a second reading, as tracing slows it). On a busy machine the CPU seconds are
the steadier figure.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.config.settings")
os.environ["WSOA_ENV"] = "test"
warnings.filterwarnings("ignore", message="No directory at")

GOAL_SECONDS = 10.0
GOAL_ROWS = 10_000
LEADS = ["Jo Bloggs", "AK", "Head of SEND", "CD / EF", "Principal Educational Psychologist"]
RAGS = ["Green", "Amber", "Red", "Blue", "On track"]
VERBS = ["Review", "Publish", "Agree", "Train staff on", "Audit", "Co-produce"]
THINGS = ["the Local Offer pages", "EHC plan timeliness", "annual reviews", "the SEND strategy"]


def tracker(rows: int) -> bytes:
    """An .xlsx of `rows` action rows: areas of 20 objectives of 10 actions each."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Tracker"
    sheet.append(["Anytown SEND improvement plan: monthly tracker"])
    sheet.append(["Updated 1 March 2027"])
    sheet.append([])
    sheet.append(["Ref", "Area", "Objective", "Action", "Lead", "Due date", "RAG", "Update"])
    for n in range(rows):
        area, rest = divmod(n, 200)
        objective, action = divmod(rest, 10)
        number = f"{area + 1}.{objective + 1}.{action + 1}"
        if rest == 0:
            sheet.append([str(area + 1), f"Area {area + 1}: {THINGS[area % 4]}"])
        if action == 0:
            sheet.append([f"{area + 1}.{objective + 1}", None, f"Improve {THINGS[n % 4]}"])
        sheet.append(
            [
                number,
                None,
                None,
                f"{VERBS[n % 6]} {THINGS[n % 4]} with partners, item {number}",
                LEADS[n % 5],
                dt.date(2027, 1 + n % 12, 1 + n % 28),
                RAGS[n % 5],
                f"Progress so far on {number}: meetings held, draft shared.",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=GOAL_ROWS)
    parser.add_argument("--profile", action="store_true", help="Print the slowest functions.")
    args = parser.parse_args()
    import django

    django.setup()
    from wsoa.documents.importing import read_plan

    content = tracker(args.rows)
    print(f"tracker: {args.rows:,} action rows, {len(content) / 1e6:.1f} MB")
    profile = cProfile.Profile() if args.profile else None
    start, cpu = time.perf_counter(), time.process_time()
    if profile:
        profile.enable()
    found = read_plan("tracker.xlsx", content)
    if profile:
        profile.disable()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    items = sum(1 for _ in _walk(found.data["items"]))
    per_thousand = seconds / args.rows * 1000
    print(f"read_plan: {seconds:.2f} s ({cpu:.2f} s of CPU), {items:,} items")
    print(f"per 1,000 rows: {per_thousand:.2f} s ({cpu / args.rows * 1000:.2f} s of CPU)")
    goal = GOAL_SECONDS / GOAL_ROWS * args.rows  # the goal scaled to the rows read
    print(f"against the goal: {seconds / goal:.2f} × {goal:.1f} s for {args.rows:,} rows")
    if cpu < seconds * 0.8:
        print("  (the CPU time is well under the elapsed time: the machine is busy)")
    if not profile:
        for step, taken in steps(content).items():
            print(f"  {step}: {taken:.2f} s ({taken / seconds:.0%})")
        tracemalloc.start()  # timed apart: tracing every allocation slows reading severalfold
        read_plan("tracker.xlsx", content)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"peak memory while reading (tracemalloc): {peak / 1e6:.0f} MB")
        print(f"  per 1,000 rows: {peak / 1e6 / args.rows * 1000:.1f} MB")
    if profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)


def steps(content: bytes) -> dict[str, float]:
    """The seconds each step of reading the tracker takes, timed again one by one."""
    from wsoa.documents.importers.plantext import document_of, parse_plan_text
    from wsoa.documents.importers.sheets import with_level_names
    from wsoa.documents.importers.sheets.grid import read_workbook
    from wsoa.documents.importers.sheets.layout import lay_out

    taken: dict[str, float] = {}
    start = time.perf_counter()
    sheets = read_workbook("tracker.xlsx", content)
    taken["opening the workbook (sheets/grid.py)"] = time.perf_counter() - start
    start = time.perf_counter()
    layout = lay_out(sheets, with_level_names(None))
    taken["laying it out as plan text"] = time.perf_counter() - start
    start = time.perf_counter()
    parsed = parse_plan_text(layout.laid_out.text, places=layout.laid_out.places)
    taken["reading the plan text"] = time.perf_counter() - start
    start = time.perf_counter()
    document_of(parsed)
    taken["checking the document (interchange schema)"] = time.perf_counter() - start
    return taken


def _walk(items: list) -> list:
    found = []
    for item in items:
        found += [item, *_walk(item["children"])]
    return found


if __name__ == "__main__":
    main()
