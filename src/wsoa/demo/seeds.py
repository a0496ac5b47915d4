"""The seed plans the demo loads (kept with the importers in `documents/seeds/`), by area."""

from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "documents" / "seeds"
SEED_AREAS = [
    ("000_56886334a7fafb51.txt", "Hartlepool"),
    ("001_ae72a16c3b6432fd.txt", "Stockton-on-Tees"),
    ("002_42220b0dc9254f8f.txt", "County Durham"),
    ("003_b9ec3471d1f06a02.txt", "Peterborough"),
    ("004_f5d818488e67f6ca.txt", "Worcestershire"),
]
# Plans that report on their own numbered quarters rather than months: Stockton's milestones
# are rated in ten quarterly columns, Q1–Q10, from the plan's start.
NUMBERED_QUARTERS = {"Stockton-on-Tees": 10}
