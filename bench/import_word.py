"""Reading Word plans: a Worcestershire-sized plan's lay-out and parse time, and a 20 MB
document's peak memory.

Run:  uv run python bench/import_word.py [--keep DIR]
Writes three .docx files in a temporary folder: a generated plan of six workstreams, each a
heading and a table of objectives (title rows spanning the table) and activities (bulleted
milestones, leads, dates, RAG), 300 items in all; the Worcestershire seed rebuilt as Word; and the
generated plan with a 20 MB photograph in it (random pixels, so it does not compress). Each is
read in a fresh process as an upload is (`WordImporter.read`: the file checks, the lay-out,
the plan-text reader). Prints the seconds taken (best of three), the peak of Python's
allocations while reading (tracemalloc), the process's peak resident size before and after
(ru_maxrss), and the items read. Goals (issue 12): ≤ 2 s for 200+ items, < 300 MB for 20 MB.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import struct
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "documents"))  # the rebuild helper: plan text → .docx
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.config.settings")
os.environ.setdefault("WSOA_VAR_DIR", tempfile.mkdtemp(prefix="wsoa-bench-"))

WORKSTREAMS, OBJECTIVES, ACTIVITIES = 6, 5, 9  # 6 + 30 + 270 = 306 items
PICTURE_SIDE = 2_600  # pixels: 2,600² RGB of noise is about 20 MB


def plan_text() -> str:
    """A Worcestershire-sized plan in the seeds' text form."""
    lines = ["# ANYSHIRE LOCAL AREA SEND WRITTEN STATEMENT OF ACTION", ""]
    for w in range(1, WORKSTREAMS + 1):
        lines += [f"## Workstream {w} - Improving area {w}", "", "The workstream's purpose.", ""]
        lines.append("Ref\tObjective / Activity\tLead\tPartners\tTimeframe\tRAG")
        for o in range(1, OBJECTIVES + 1):
            lines.append(f"{w}.{o} To improve outcome {o} of workstream {w}\t\t\t\t\t")
            for a in range(1, ACTIVITIES + 1):
                lines.append(activity(w, o, a))
        lines.append("")
    return "\n".join(lines)


def activity(w: int, o: int, a: int) -> str:
    steps = "".join(f"<li>Step {s}: review and report on part {s}</li>" for s in range(1, 4))
    return "\t".join(
        [
            f"{w}.{o}.{a}",
            f"Activity {a}: agree and publish the approach with parents <ul>{steps}</ul>",
            "Head of SEND Services",
            "CCG; Parent Carer Forum",
            f"{['March', 'June', 'September', 'December'][a % 4]} 2019",
            ["Green", "Amber", "Red"][a % 3],
        ]
    )


def write_files(folder: Path) -> dict[str, Path]:
    from rebuild_docx import rebuild_docx

    files = {
        "generated plan (306 items)": folder / "generated.docx",
        "Worcestershire seed rebuilt": folder / "worcestershire.docx",
        "generated plan + 20 MB picture": folder / "with-picture.docx",
    }
    text = plan_text()
    files["generated plan (306 items)"].write_bytes(rebuild_docx(text))
    seed = ROOT / "src/wsoa/documents/seeds/004_f5d818488e67f6ca.txt"
    files["Worcestershire seed rebuilt"].write_bytes(rebuild_docx(seed.read_text()))
    files["generated plan + 20 MB picture"].write_bytes(with_picture(text, folder))
    return files


def with_picture(text: str, folder: Path) -> bytes:
    import io

    from docx import Document
    from rebuild_docx import rebuild_docx

    picture = folder / "noise.png"
    picture.write_bytes(noise_png(PICTURE_SIDE))
    document = Document(io.BytesIO(rebuild_docx(text)))
    document.add_picture(str(picture))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def noise_png(side: int) -> bytes:
    """A PNG of random pixels, stored rather than compressed (it would not compress)."""
    rows = b"".join(b"\x00" + os.urandom(side * 3) for _ in range(side))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 0))
        + chunk(b"IEND", b"")
    )


def measure(path: Path) -> dict[str, object]:
    """Read one file as an upload is read; run in its own process."""
    import django

    django.setup()
    from wsoa.documents.importers.word import WordImporter

    content = path.read_bytes()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times = []
    for attempt in range(3):
        if attempt == 0:
            tracemalloc.start()
        started = time.perf_counter()
        document = WordImporter().read(path.name, content)
        times.append(time.perf_counter() - started)
        if attempt == 0:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    return {
        "seconds": min(times),
        "traced_peak_mb": peak / 2**20,
        "rss_before_mb": before / 1024,
        "rss_after_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "items": count(document.data["items"]),
        "megabytes": len(content) / 2**20,
    }


def count(items: list[dict]) -> int:
    return sum(1 + count(item["children"]) for item in items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="wsoa-word-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'file':34} {'size':>8} {'items':>6} {'seconds':>8} {'traced':>9} {'rss':>15}")
    for label, path in write_files(folder).items():
        run = [sys.executable, __file__, "--measure", str(path)]
        found = json.loads(subprocess.run(run, check=True, capture_output=True).stdout)
        print(
            f"{label:34} {found['megabytes']:6.2f}MB {found['items']:6} {found['seconds']:8.2f}"
            f" {found['traced_peak_mb']:7.1f}MB"
            f" {found['rss_before_mb']:5.0f}→{found['rss_after_mb']:4.0f}MB"
        )
    print("goals: ≤ 2 s for 200+ items; < 300 MB peak for a 20 MB document")


if __name__ == "__main__":
    main()
