"""Benchmark the text importer on hostile single-line files: parse time should grow linearly.

Run:  uv run python bench/hostile_imports.py [--sizes 0.5 1 2 5] [--shape NAME ...]
Each shape is one line of the given size in MB (millions of characters), parsed as
`wsoa import` parses a text file (no database). Prints seconds per size and, for each step
up, how much longer it took against how much bigger the line is: about the same means linear
growth, while quadratic growth would take four times longer for twice the size. Asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.config.settings")
os.environ["WSOA_ENV"] = "test"
warnings.filterwarnings("ignore", message="No directory at")

SEED = ROOT / "src" / "wsoa" / "documents" / "seeds" / "002_42220b0dc9254f8f.txt"
MB = 1_000_000


def repeated(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


def shapes() -> dict[str, Callable[[int], str]]:
    seed = SEED.read_text()
    return {
        "one long word": repeated("a"),
        "plan run together": repeated(seed.replace("\n", " ")),
        "plan in one row of cells": repeated(seed.replace("\n", "\t")),
        "broken tags": repeated("<p class='"),
    }


def parse_seconds(text: str) -> float:
    from wsoa.documents.importers.plantext import PlanFileError, parse_plan_text

    start = time.perf_counter()
    with contextlib.suppress(PlanFileError):
        parse_plan_text(text, source_name="hostile.txt")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.5, 1, 2, 5])
    parser.add_argument("--shape", nargs="+", help="shapes to run (default: all)")
    args = parser.parse_args()

    import django

    django.setup()
    found = shapes()
    for name in args.shape or found:
        report(name, found[name], args.sizes)


def report(name: str, make: Callable[[int], str], sizes: list[float]) -> None:
    print(f"{name}:")
    previous: tuple[float, float] | None = None
    for size in sizes:
        seconds = parse_seconds(make(int(size * MB)))
        line = f"  {size:>4g} MB  {seconds:7.2f} s"
        if previous is not None:
            grew, took = size / previous[0], seconds / max(previous[1], 1e-9)
            line += f"   {grew:.1f}x the size took {took:.1f}x as long"
        print(line, flush=True)
        previous = (size, seconds)


if __name__ == "__main__":
    main()
