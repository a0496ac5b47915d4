"""Benchmark the Word export of each seed: seconds to export, and pages against the original.

Run:  uv run python bench/word_pages.py [--out FOLDER] [--no-pages]
Uses a throwaway database (SQLite in a temporary folder, or a test database on PostgreSQL when
DATABASE_URL is set). Imports each seed, times its Word export, renders the export and the
seed's original (the seed rebuilt as the Word document it came from, as the tests rebuild it)
with LibreOffice, and prints the pages of each and their ratio. Goals: Worcestershire's export
≤ 90 pages (its original has 83) and made in ≤ 2 s. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "documents"))  # rebuild_docx, the seeds' originals
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.config.settings")
os.environ.setdefault("WSOA_VAR_DIR", tempfile.mkdtemp(prefix="wsoa-bench-"))
os.environ["WSOA_ENV"] = "test"
warnings.filterwarnings("ignore", message="No directory at")

from harness import in_test_database  # noqa: E402 — after the settings above

SEEDS = ROOT / "src" / "wsoa" / "documents" / "seeds"
WORCESTERSHIRE = "004_f5d818488e67f6ca.txt"
GOALS = {"pages": 90, "seconds": 2.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, help="folder to keep the .docx and .pdf files in")
    parser.add_argument("--no-pages", action="store_true", help="time only, no LibreOffice")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="wsoa-word-pages-"))
    out.mkdir(parents=True, exist_ok=True)
    in_test_database(lambda: run(out, pages=not args.no_pages))


def run(out: Path, *, pages: bool) -> None:
    from rebuild_docx import rebuild_docx

    from wsoa.documents.importing import import_plan
    from wsoa.documents.office.word import WordExport

    print(f"{'seed':<28} {'export s':>8} {'pages':>6} {'original':>8} {'ratio':>6}")
    for index, seed in enumerate(sorted(SEEDS.glob("*.txt"))):
        plan = import_plan(path=seed, area_name=f"Bench area {index}").plan
        started = time.perf_counter()
        content = WordExport(plan).render()
        seconds = time.perf_counter() - started
        export = out / f"{seed.stem}-export.docx"
        export.write_bytes(content)
        original = out / f"{seed.stem}-original.docx"
        original.write_bytes(rebuild_docx(seed.read_text()))
        mine, theirs = (page_count(export, out), page_count(original, out)) if pages else (0, 0)
        ratio = f"{mine / theirs:.2f}" if theirs else "-"
        print(f"{seed.name:<28} {seconds:>8.2f} {mine:>6} {theirs:>8} {ratio:>6}")
        if seed.name == WORCESTERSHIRE:
            print(
                f"  Worcestershire goals: ≤ {GOALS['pages']} pages "
                f"({'met' if pages and mine <= GOALS['pages'] else 'not met' if pages else '-'}), "
                f"≤ {GOALS['seconds']} s ({'met' if seconds <= GOALS['seconds'] else 'not met'})"
            )
    print(f"files in {out}")


def page_count(docx: Path, out: Path) -> int:
    """Render the document with LibreOffice and count the pages of the PDF."""
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{out}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), str(docx)],
        capture_output=True, check=True, timeout=300,
    )  # fmt: skip
    info = subprocess.run(
        ["pdfinfo", str(docx.with_suffix(".pdf"))], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(found.group(1)) if found else 0


if __name__ == "__main__":
    main()
