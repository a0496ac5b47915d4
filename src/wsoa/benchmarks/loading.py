"""Loading the packaged LAIT data (measures, areas, periods, values, neighbours) in bulk.

`load_national()` reads the files in `benchmarks/data/` (see its README), replaces the catalogue in
one transaction with bulk writes (COPY on PostgreSQL, executemany elsewhere: no per-row queries)
and records the files' checksum; loading the same files again writes nothing.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import time
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from wsoa.benchmarks import periods, ranking
from wsoa.benchmarks.models import Area, DataLoad, Measure, Neighbour, Period, Value

DATA = Path(__file__).resolve().parent / "data"
FILES = ("areas.csv", "lait_measures.csv.gz", "lait_values.csv.gz", "neighbours.csv")
LOAD_NAME = "lait"
ENGLAND = 970
REGIONS = range(980, 991)
# The LA file's region names that are not the region rows' names.
REGION_ALIASES = {"inner london": "london (inner)", "outer london": "london (outer)"}

# Areas that changed, as the DfE's LAIT maps them: old number → (new numbers, note).
REPLACED = {
    928: (
        (940, 941),
        "Northamptonshire was replaced on 1 April 2021 by North Northamptonshire (940) and "
        "West Northamptonshire (941); its figures stop there and theirs begin.",
    ),
    909: (
        (942, 943),
        "Cumbria was replaced on 1 April 2023 by Cumberland (942) and Westmorland and "
        "Furness (943); its figures stop there and theirs begin.",
    ),
    835: (
        (838, 839),
        "Dorset (Pre LG): the county council before 1 April 2019, when Dorset Council (838) "
        "took its place and Christchurch joined Bournemouth, Christchurch and Poole (839).",
    ),
    836: (
        (839,),
        "Poole (Pre LG): before 1 April 2019, when it became part of Bournemouth, "
        "Christchurch and Poole (839).",
    ),
    837: (
        (839,),
        "Bournemouth (Pre LG): before 1 April 2019, when it became part of Bournemouth, "
        "Christchurch and Poole (839).",
    ),
}
NOTES = {
    940: "From 1 April 2021; before then part of Northamptonshire (928): the series breaks.",
    941: "From 1 April 2021; before then part of Northamptonshire (928): the series breaks.",
    942: "From 1 April 2023; before then part of Cumbria (909): the series breaks.",
    943: "From 1 April 2023; before then part of Cumbria (909): the series breaks.",
    838: "Dorset Council from 1 April 2019 (the county without Christchurch); earlier figures "
    "are Dorset (Pre LG, 835): the series breaks.",
    839: "Bournemouth, Christchurch and Poole from 1 April 2019; earlier figures are "
    "Bournemouth (Pre LG, 837) and Poole (Pre LG, 836): the series breaks.",
    815: "North Yorkshire became one unitary council on 1 April 2023 (the county and its seven "
    "districts); the DfE keeps the number 815 and one series.",
    933: "Somerset became one unitary council on 1 April 2023 (the county and its four "
    "districts); the DfE keeps the number 933 and one series.",
}


@dataclass
class LoadReport:
    """What a load did: rows written (0 when the files were unchanged) and how long it took."""

    skipped: bool
    measures: int = 0
    areas: int = 0
    periods: int = 0
    values: int = 0
    neighbours: int = 0
    seconds: float = 0.0
    checksum: str = ""

    def __str__(self) -> str:
        if self.skipped:
            return f"LAIT data unchanged ({self.checksum[:12]}): nothing written"
        return (
            f"Loaded {self.values:,} values for {self.measures} measures, {self.areas} areas, "
            f"{self.periods} periods and {self.neighbours} neighbours in {self.seconds:.1f} s"
        )


def checksum(path: Path, measures: Collection[str] | None = None) -> str:
    """The SHA-256 of the packaged files (and of the subset of measures asked for)."""
    digest = hashlib.sha256()
    for name in FILES:
        digest.update((path / name).read_bytes())
    if measures is not None:
        digest.update(("subset:" + ",".join(sorted(measures))).encode())
    return digest.hexdigest()


def is_loaded() -> bool:
    return DataLoad.objects.filter(name=LOAD_NAME).exists()


def ensure_loaded() -> LoadReport:
    """Load the whole national catalogue unless it is already there."""
    row = DataLoad.objects.filter(name=LOAD_NAME).first()
    if row is not None and not row.checksum.endswith("~subset"):
        return LoadReport(skipped=True, checksum=row.checksum)
    return load_national()


def load_national(
    path: Path | None = None, *, measures: Collection[str] | None = None
) -> LoadReport:
    """Load the packaged LAIT files (or those in `path`); only `measures` if given (for tests).

    Idempotent: when the files' checksum matches the last load, nothing is written.
    """
    started = time.perf_counter()
    source = path or DATA
    wanted = set(measures) if measures is not None else None
    stamp = checksum(source, wanted) + ("~subset" if wanted is not None else "")
    previous = DataLoad.objects.filter(name=LOAD_NAME).first()
    if previous is not None and previous.checksum == stamp:
        return LoadReport(skipped=True, checksum=stamp)
    with transaction.atomic():
        report = _write(source, wanted)
        DataLoad.objects.update_or_create(
            name=LOAD_NAME, defaults={"checksum": stamp, "rows": report.values}
        )
    report.checksum = stamp
    report.seconds = time.perf_counter() - started
    return report


def _write(source: Path, wanted: set[str] | None) -> LoadReport:
    areas = _load_areas(source)
    measures = _load_measures(source, wanted)
    Value.objects.all().delete()
    grid = list(_value_rows(source, wanted))
    period_ids = _load_periods({label for _, label, _ in grid}, measures)
    count = _insert_values(grid, measures, areas, period_ids)
    neighbours = _load_neighbours(source, areas)
    return LoadReport(
        skipped=False,
        measures=len(measures),
        areas=len(areas),
        periods=len(period_ids),
        values=count,
        neighbours=neighbours,
    )


def _read_csv(path: Path) -> list[dict[str, str]]:
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _kind(code: int) -> str:
    if code == ENGLAND:
        return Area.Kind.ENGLAND
    return Area.Kind.REGION if code in REGIONS else Area.Kind.LA


def _load_areas(source: Path) -> dict[int, int]:
    """Create or update every area; return LA number → id."""
    rows = _read_csv(source / "areas.csv")
    objs = [
        Area(
            code=int(r["code"]),
            name=r["name"],
            kind=_kind(int(r["code"])),
            is_current=int(r["code"]) not in REPLACED,
            notes=REPLACED.get(int(r["code"]), ((), NOTES.get(int(r["code"]), "")))[1],
        )
        for r in rows
    ]
    Area.objects.bulk_create(
        objs,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "kind", "is_current", "notes"],
    )
    ids = dict(Area.objects.values_list("code", "id"))
    _link_regions(rows, ids)
    _link_replacements(ids)
    return ids


def _link_regions(rows: list[dict[str, str]], ids: dict[int, int]) -> None:
    by_name = {
        name.lower(): pk
        for name, pk in Area.objects.filter(kind="region").values_list("name", "id")
    }
    areas = {a.code: a for a in Area.objects.filter(kind="la")}
    for r in rows:
        area = areas.get(int(r["code"]))
        if area is not None:
            region = r["region"].lower()
            area.region_id = by_name.get(REGION_ALIASES.get(region, region))
    Area.objects.bulk_update(list(areas.values()), ["region"])


def _link_replacements(ids: dict[int, int]) -> None:
    through = Area.replaced_by.through
    through.objects.all().delete()
    through.objects.bulk_create(
        [
            through(from_area_id=ids[old], to_area_id=ids[new])
            for old, (news, _) in REPLACED.items()
            if old in ids
            for new in news
            if new in ids
        ]
    )


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _load_measures(source: Path, wanted: set[str] | None) -> dict[str, Measure]:
    rows = [
        r
        for r in _read_csv(source / "lait_measures.csv.gz")
        if wanted is None or r["code"] in wanted
    ]
    objs = [_measure(r) for r in rows]
    fields = [f.name for f in Measure._meta.concrete_fields if f.name not in ("id", "code")]
    Measure.objects.bulk_create(
        objs, update_conflicts=True, unique_fields=["code"], update_fields=fields
    )
    codes = [o.code for o in objs]
    return {m.code: m for m in Measure.objects.filter(code__in=codes)}


def _measure(r: dict[str, str]) -> Measure:
    text = f"{r['chart_title']} {r['y_axis']}".lower()
    unit = "%" if "%" in text or "percent" in text else ""
    return Measure(
        code=r["code"],
        topic=r["topic"],
        name=r["name"][:300],
        chart_title=r["chart_title"][:300],
        y_axis=r["y_axis"][:200],
        description=r["description"],
        methodology=r["methodology"],
        decimals=int(r["decimals"]) if r["decimals"].isdigit() else None,
        unit=unit,
        polarity=r["polarity"] if r["polarity"] in ("High", "Low") else "",
        year_type=r["year_type"],
        source=r["source"][:300],
        link=r["link"].split()[0][:500] if r["link"].startswith("http") else "",
        last_update=_day(r["last_update"]),
        next_update=_day(r["next_update"]),
    )


def _value_rows(source: Path, wanted: set[str] | None) -> Iterator[tuple[str, str, dict[int, str]]]:
    """(measure, period label, {LA number: cell}) for each row of the packaged grid."""
    with gzip.open(source / "lait_values.csv.gz", "rt", encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        codes = [int(c) for c in header[2:]]
        for row in reader:
            if wanted is None or row[0] in wanted:
                yield row[0], row[1], dict(zip(codes, row[2:], strict=True))


def _load_periods(labels: set[str], measures: dict[str, Measure]) -> dict[str, int]:
    objs = []
    for label in labels:
        p = periods.parse_label(label)
        objs.append(
            Period(
                label=label,
                base=p.base,
                year=p.year,
                sort_key=p.sort_key,
                kind=p.kind,
                revision=p.revision,
            )
        )
    Period.objects.bulk_create(
        objs,
        update_conflicts=True,
        unique_fields=["label"],
        update_fields=["base", "year", "sort_key", "kind", "revision"],
    )
    return dict(Period.objects.filter(label__in=labels).values_list("label", "id"))


def parse_cell(text: str) -> tuple[Decimal | None, str]:
    """A cell of the grid: (value, "") for a number, (None, mark) for a suppression mark."""
    text = text.strip()
    try:
        return Decimal(text), ""
    except InvalidOperation:
        return None, text[:2]


def _insert_values(
    grid: list[tuple[str, str, dict[int, str]]],
    measures: dict[str, Measure],
    areas: dict[int, int],
    period_ids: dict[str, int],
) -> int:
    """Write every cell with its rank among the LAs (worked out here, once per load)."""
    las = {code for code in areas if _kind(code) == Area.Kind.LA}
    rows: list[tuple[Any, ...]] = []
    for code, label, cells in grid:
        measure, period_id = measures[code], period_ids[label]
        parsed = {la: parse_cell(text) for la, text in cells.items()}
        la_values = {la: cell[0] for la, cell in parsed.items() if la in las}
        ranked = ranking.ranks(la_values, measure.polarity)
        of = sum(1 for v in la_values.values() if v is not None)
        for la, (value, mark) in parsed.items():
            text = None if value is None else cells[la].strip()
            rank_of = of if la in las else None
            rows.append((measure.pk, areas[la], period_id, text, mark, ranked.get(la), rank_of))
    rows.sort(key=lambda row: row[:3])  # the unique index's order: fewer pages touched
    if connection.vendor == "postgresql":
        _copy(rows)
    else:
        _executemany(rows)
    return len(rows)


COLUMNS = ("measure_id", "area_id", "period_id", "value", "mark", "rank", "of")


def _columns() -> str:
    return "(" + ", ".join(connection.ops.quote_name(c) for c in COLUMNS) + ")"


def _copy(rows: list[tuple[Any, ...]]) -> None:
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {Value._meta.db_table} {_columns()} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _executemany(rows: list[tuple[Any, ...]], batch: int = 20_000) -> None:
    """Insert in batches; on SQLite with a 128 MB page cache while it lasts (indexes fit)."""
    # Table and column names are our own constants, quoted; the values are parameters.
    sql = f"INSERT INTO {Value._meta.db_table} {_columns()} VALUES ({', '.join(['%s'] * 7)})"  # noqa: S608
    with connection.cursor() as cursor:
        cache = None
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA cache_size")
            cache = cursor.fetchone()[0]
            cursor.execute("PRAGMA cache_size = -131072")
        try:
            for start in range(0, len(rows), batch):
                cursor.executemany(sql, rows[start : start + batch])
        finally:
            if cache is not None:
                cursor.execute(f"PRAGMA cache_size = {int(cache)}")


def _load_neighbours(source: Path, areas: dict[int, int]) -> int:
    Neighbour.objects.all().delete()
    objs = [
        Neighbour(
            la_id=areas[int(r["la"])],
            neighbour_id=areas[int(r["neighbour"])],
            position=int(r["position"]),
            closeness=r["closeness"],
        )
        for r in _read_csv(source / "neighbours.csv")
        if int(r["la"]) in areas and int(r["neighbour"]) in areas
    ]
    Neighbour.objects.bulk_create(objs, batch_size=2000)
    return len(objs)


def official_neighbours(la: int) -> list[int]:
    """The DfE's ten statistical neighbours of LA `la` (May 2025), closest first, read from the
    packaged list: usable before the national figures are loaded."""
    rows = [r for r in _read_csv(DATA / "neighbours.csv") if int(r["la"]) == la]
    return [int(r["neighbour"]) for r in sorted(rows, key=lambda r: int(r["position"]))]


def packaged_rows(measure: str, la: int) -> dict[str, str]:
    """The packaged cells for one measure and LA, {period label: cell} (for checks and tests)."""
    found: dict[str, str] = {}
    for _code, label, cells in _value_rows(DATA, {measure}):
        found[label] = cells[la]
    return found
