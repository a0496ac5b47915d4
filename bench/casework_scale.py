"""National-scale benchmark of casework on PostgreSQL: SEN2 figures and the worklist.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        uv run python bench/casework_scale.py [--cases 650000] [--areas 153] [--big-open 20000] \\
        [--repeat 50] [--reuse]

Creates a database `wsoa_casework_bench` or `--db NAME` (dropped first; kept afterwards so
--reuse can measure again; never national_scale.py's wsoa_bench) and fills it with made-up
cases (`casework.synthetic`, "Made-up child 0042"…) of the first `areas` local authorities
of the DfE's LAIT list (`benchmarks/data/areas.csv`), by COPY: one area (the largest, Kent's
number 886 if present) gets enough cases for `big-open` open cases (a next deadline on the
clock), the others share the rest, about a national two years of requests with their advice
requests, exceptions, annual reviews, phase transfers and ceasing. Personal fields are
encrypted as the app stores them; each case's next deadline and exception flag are the clock's.

Prints:
- the SEN2 figures of one area-year through `casework.figures.sen2` (the ORM) against one
  hand-written SQL query for the same numbers, median and p95 of each and their ratio
  (goal: ORM ≤ 1.5 × SQL); both are checked against `sen2rules.figures`, the reference;
- the casework lists of the area with `big-open` open cases as its caseworker gets them (the
  worklist's first and a late page, its filters, annual reviews due, advice overdue), p50 and
  p95 (goal: p95 ≤ 150 ms), queries and size.

The ORM and the hand-written query are timed in turn (ABAB…), so a busy spell of the machine
weighs on both alike. Tiny run, to check it works: `--cases 3000 --areas 3 --big-open 1500
--repeat 3 --db <a name of your own>`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import multiprocessing
import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.config.settings")
os.environ["WSOA_ENV"] = "test"
warnings.filterwarnings("ignore", message="No directory at")
sys.path.insert(0, str(ROOT / "bench"))

from harness import use_bench_database  # noqa: E402 — after the settings above

BENCH_DB = "wsoa_casework_bench"  # its own: never wsoa_bench (national_scale.py)
TODAY = dt.date(2026, 11, 30)
SEED = 2026
BIG_AREA = "886"  # Kent: the largest EHC caseload in England
AREAS_CSV = ROOT / "src" / "wsoa" / "benchmarks" / "data" / "areas.csv"
NOT_AREAS = {"NA"}  # England and the regions


def lait_areas(count: int) -> list[tuple[str, str]]:
    """(DfE number, name) of the first `count` local authorities, the big one first."""
    with open(AREAS_CSV, newline="", encoding="utf-8") as f:
        found = [(r["code"], r["name"]) for r in csv.DictReader(f) if r["type"] not in NOT_AREAS]
    found.sort(key=lambda a: (a[0] != BIG_AREA, int(a[0])))
    return found[:count]


# Generating: one process per area; rows as the tables' columns, in the models' field order.


def _day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def facts_of(row: dict[str, str]) -> Any:
    """The clock's facts of a made-up row (as the demo loads it: reviews and transfer too)."""
    from wsoa.casework import clock, synthetic

    pauses = ()
    if row["exception"]:
        pauses = (
            clock.Pause(row["exception"], _day(row["exception_start"]), _day(row["exception_end"])),
        )  # type: ignore[arg-type]
    advice = tuple(
        clock.Advice(s, _day(row[f"advice_{s}_requested"]), _day(row[f"advice_{s}_received"]))
        for s in clock.ADVICE_SERVICES
        if row[f"advice_{s}_requested"]
    )
    reviews, transfer = synthetic.after_plan(row)
    return clock.Facts(
        request_date=dt.date.fromisoformat(row["request_date"]),
        decision_date=_day(row["decision_date"]),
        decision=row["decision"] or None,
        not_issue_date=_day(row["not_issue_date"]),
        draft_date=_day(row["draft_date"]),
        final_date=_day(row["final_date"]),
        exceptions=pauses,
        advice=advice,
        reviews=reviews,
        transfer=transfer,
        ceased_date=_day(row["ceased_date"]),
    )


def table_plan(model: Any, with_pk: bool) -> list[tuple[str, Any, Callable[[Any], Any] | None]]:
    """Per column of `model`'s table: its field name, empty value and how to store a given one."""
    now = dt.datetime.now(dt.UTC)
    plan = []
    for field in model._meta.concrete_fields:
        if field.primary_key and not with_pk:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            empty: Any = now
        elif field.null:
            empty = None
        else:
            empty = field.get_default() if field.has_default() else ""
        store = lru_cache(maxsize=50_000)(field.get_prep_value) if _encrypted(field) else None
        plan.append((field.attname, empty, store))
    return plan


def _values(plan: list[tuple[str, Any, Any]], given: dict[str, Any]) -> list[Any]:
    """One row of a table: the given values (encrypted where the field is), else empty ones."""
    row = []
    for name, empty, store in plan:
        value = given.get(name, empty)
        row.append(store(value) if store is not None and name in given else value)
    return row


def _encrypted(field: Any) -> bool:
    # The same text gets the same token here (a cache, to generate in minutes): the app's own
    # writes give a fresh token each time. Reading cost, which the worklist pays, is the same.
    return type(field).__module__.endswith("casework.crypto")


def columns(model: Any, with_pk: bool) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if with_pk or not f.primary_key]


def _tables() -> tuple[Any, ...]:
    """The tables filled, in the order `area_rows` gives their rows (cases first, with ids)."""
    from wsoa.casework.models import AdviceRequest, AnnualReview, Case, CaseException

    return Case, AdviceRequest, CaseException, AnnualReview


def area_rows(job: tuple[int, str, int, int, int]) -> tuple[list, list, list, list, int]:
    """Cases, advice requests, exceptions and annual reviews of one area, ids from `first_id`;
    and how many cases are open."""
    from wsoa.casework import clock, synthetic

    area_id, code, count, open_wanted, first_id = job
    tables = _tables()
    plans = [table_plan(m, with_pk=m is tables[0]) for m in tables]
    cases, advice, pauses, reviews = [], [], [], []
    open_cases = 0
    for row in synthetic.cases(code, count if not open_wanted else 10**9, today=TODAY, seed=SEED):
        facts = facts_of(row)
        step = clock.next_deadline(facts, TODAY)
        case_id = first_id + len(cases)
        given = {k: v or None for k, v in row.items() if k.endswith("_date")}
        given |= {
            k: row[k] for k in ("case_ref", "request_source", "decision", "caseworker", "team")
        }
        given |= {k: row[k] for k in ("name", "upn", "postcode", "date_of_birth")}
        given |= {
            "id": case_id,
            "area_id": area_id,
            "next_due": step.due if step else None,
            "next_step": step.key if step else "",
            "has_exception": clock.has_exception(facts),
        }
        if facts.transfer is not None:
            given |= {"transfer_year": facts.transfer.year, "transfer_kind": facts.transfer.kind,
                      "transfer_amended": facts.transfer.amended}  # fmt: skip
        cases.append(_values(plans[0], given))
        for a in facts.advice:
            fields = {
                "case_id": case_id,
                "area_id": area_id,
                "service": a.service,
                "requested": a.requested,
                "received": a.received,
            }
            advice.append(_values(plans[1], fields))
        for p in facts.exceptions:
            fields = {"case_id": case_id, "reason": p.reason, "start": p.start, "end": p.end}
            pauses.append(_values(plans[2], fields))
        for r in facts.reviews:
            fields = {"case_id": case_id, "meeting": r.meeting, "report": r.report,
                      "decision": r.decision}  # fmt: skip
            reviews.append(_values(plans[3], fields))
        open_cases += step is not None
        if open_wanted and open_cases >= open_wanted:
            break
    return cases, advice, pauses, reviews, open_cases


def generate(areas: list[tuple[str, str]], total: int, big_open: int) -> None:
    from django.db import connection
    from django.utils.text import slugify

    from wsoa.core.models import LocalArea

    made = LocalArea.objects.bulk_create(
        LocalArea(name=n, slug=slugify(f"{n}-{c}")) for c, n in areas
    )
    started = time.perf_counter()
    big = area_rows((made[0].pk, areas[0][0], 0, big_open, 1))
    rest = total - len(big[0])
    each, extra = divmod(rest, len(areas) - 1)
    jobs, next_id = [], len(big[0]) + 1
    for i, (area, (code, _)) in enumerate(zip(made[1:], areas[1:], strict=True)):
        count = each + (i < extra)
        jobs.append((area.pk, code, count, 0, next_id))
        next_id += count
    totals = [0, 0, 0, 0]
    with connection.cursor() as cursor:
        _copy(cursor, [big], totals, *_tables())
        print(f"  {areas[0][1]}: {len(big[0]):,} cases, {big[4]:,} open", flush=True)
        with multiprocessing.get_context("fork").Pool() as pool:
            batch = []
            for done, rows in enumerate(pool.imap(area_rows, jobs, chunksize=2), 1):
                batch.append(rows)
                if len(batch) == 8 or done == len(jobs):
                    _copy(cursor, batch, totals, *_tables())
                    batch = []
                    rate = totals[0] / (time.perf_counter() - started)
                    print(f"  {done + 1} areas, {totals[0]:,} cases ({rate:,.0f}/s)", flush=True)
        for model in _tables():
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 — our tables
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would: visibility map for index-only scans
    print(f"  {totals[0]:,} cases, {totals[1]:,} advice requests, {totals[2]:,} exceptions, "
          f"{totals[3]:,} annual reviews")  # fmt: skip


def _copy(
    cursor: Any, batches: list[tuple[list, list, list, list, int]], totals: list[int], *models: Any
) -> None:
    raw = cursor.cursor  # psycopg's own cursor: COPY
    for position, model in enumerate(models):
        cols = ", ".join(f'"{c}"' for c in columns(model, with_pk=position == 0))
        with raw.copy(f"COPY {model._meta.db_table} ({cols}) FROM STDIN") as copy:
            for rows in batches:
                for values in rows[position]:
                    copy.write_row(values)
        totals[position] += sum(len(rows[position]) for rows in batches)


# Measuring


class DatabaseClock:
    """Time spent executing SQL, as `connection.execute_wrapper` sees it: milliseconds, queries."""

    def __init__(self) -> None:
        self.ms, self.queries = 0.0, 0

    def __call__(self, execute: Callable[..., Any], *args: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(*args)
        finally:
            self.ms += (time.perf_counter() - started) * 1000
            self.queries += 1


def timed(run: Callable[[], Any], repeat: int) -> dict[str, Any]:
    """Median and p95 ms of `repeat` runs (after one to warm up), the median ms in SQL, queries."""
    return timed_together({"run": run}, repeat)["run"]


def timed_together(runs: dict[str, Callable[[], Any]], repeat: int) -> dict[str, dict[str, Any]]:
    """`timed` for several runs taken in turn (ABAB…, and BABA… every other round), so a busy
    spell of the machine falls on each alike and their ratio stays steady."""
    from django.db import connection

    results = {name: run() for name, run in runs.items()}  # warm up
    times: dict[str, list[float]] = {name: [] for name in runs}
    in_sql: dict[str, list[float]] = {name: [] for name in runs}
    queries: dict[str, int] = {}
    names = list(runs)
    for round_ in range(repeat):
        for name in names if round_ % 2 == 0 else names[::-1]:
            clock = DatabaseClock()
            with connection.execute_wrapper(clock):
                started = time.perf_counter()
                runs[name]()
                times[name].append((time.perf_counter() - started) * 1000)
            in_sql[name].append(clock.ms)
            queries[name] = clock.queries
    return {n: _summary(times[n], in_sql[n], queries[n], results[n]) for n in runs}


def _summary(times: list[float], in_sql: list[float], queries: int, result: Any) -> dict[str, Any]:
    times = sorted(times)
    return {
        "p50": statistics.median(times),
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "sql": statistics.median(in_sql),
        "queries": queries,
        "result": result,
    }


HAND_SQL = """
SELECT
  count(*) FILTER (WHERE request_date BETWEEN %(start)s AND %(end)s),
  count(*) FILTER (WHERE decision_date BETWEEN %(start)s AND %(end)s),
  count(*) FILTER (WHERE decision_date BETWEEN %(start)s AND %(end)s
                     AND decision_date <= request_date + 42),
  count(*) FILTER (WHERE final_date BETWEEN %(start)s AND %(end)s),
  count(*) FILTER (WHERE final_date BETWEEN %(start)s AND %(end)s
                     AND final_date <= request_date + 140),
  count(*) FILTER (WHERE final_date BETWEEN %(start)s AND %(end)s AND NOT has_exception),
  count(*) FILTER (WHERE final_date BETWEEN %(start)s AND %(end)s AND NOT has_exception
                     AND final_date <= request_date + 140)
FROM casework_case
WHERE area_id = %(area)s
  AND (request_date BETWEEN %(start)s AND %(end)s OR decision_date BETWEEN %(start)s AND %(end)s
       OR final_date BETWEEN %(start)s AND %(end)s)
"""
COUNT_KEYS = (
    "requests",
    "decisions",
    "decisions_within_6_weeks",
    "plans_issued",
    "issued_within_20_weeks",
    "plans_issued_excluding_exceptions",
    "issued_within_20_weeks_excluding_exceptions",
)


def hand_sql(area_id: int, year: int) -> dict[str, int]:
    from django.db import connection

    span = {"area": area_id, "start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)}
    with connection.cursor() as cursor:
        cursor.execute(HAND_SQL, span)
        return dict(zip(COUNT_KEYS, cursor.fetchone(), strict=True))


def reference(area: Any, year: int) -> dict[str, Any]:
    from wsoa.casework import sen2rules
    from wsoa.casework.models import Case

    fields = ("request_date", "decision_date", "final_date", "has_exception")
    rows = (sen2rules.Sen2Row(*r) for r in Case.objects.for_area(area).values_list(*fields))
    return sen2rules.figures(rows, year)


def measure_sen2(area: Any, year: int, repeat: int) -> None:
    from wsoa.casework import figures

    both = timed_together(
        {"orm": lambda: figures.sen2(area, year), "sql": lambda: hand_sql(area.pk, year)}, repeat
    )
    orm, sql = both["orm"], both["sql"]
    expected = reference(area, year)
    assert orm["result"] == expected, (orm["result"], expected)
    assert sql["result"] == {k: expected[k] for k in COUNT_KEYS}, (sql["result"], expected)
    print(f"\nSEN2 figures, {area.name} {year} ({expected['requests']:,} requests, "
          f"{expected['plans_issued']:,} plans issued, {expected['pct_within_20_weeks']} % "
          f"within 20 weeks); both match sen2rules.figures")  # fmt: skip
    print(f"{'':22} {'median ms':>10} {'p95 ms':>8} {'in SQL ms':>10} {'queries':>8}")
    for name, found in (("ORM (figures.sen2)", orm), ("hand-written SQL", sql)):
        print(f"{name:22} {found['p50']:10.2f} {found['p95']:8.2f} {found['sql']:10.2f} "
              f"{found['queries']:8}")  # fmt: skip
    print(f"ratio ORM / SQL (median): {orm['p50'] / sql['p50']:.2f} (goal ≤ 1.5)")


def measure_worklists(area: Any, repeat: int) -> None:
    """Each casework list of the big area as its caseworker gets it: first and a late page of
    the worklist, its filters, annual reviews due, advice overdue."""
    from wsoa.casework.models import Case

    open_cases = Case.objects.for_area(area).open().filter(next_due__isnull=False).count()
    client, urls = caseworker_client(area)
    late_page = max(1, open_cases // 50 - 1)
    pages = {
        "worklist": urls["worklist"],
        f"worklist, page {late_page}": f"{urls['worklist']}?page={late_page}",
        "breaches and near": f"{urls['worklist']}?show=breaches",
        "one caseworker": f"{urls['worklist']}?caseworker=Made-up+caseworker+03",
        "annual reviews due": urls["reviews"],
        "advice overdue": urls["advice"],
    }
    print(f"\nCasework lists of {area.name} ({open_cases:,} open cases), as its caseworker "
          f"(goal p95 ≤ 150 ms)")  # fmt: skip
    print(f"{'page':26} {'p50 ms':>8} {'p95 ms':>8} {'in SQL ms':>10} {'queries':>8} {'KB':>5}")
    for name, url in pages.items():

        def run(url: str = url) -> Any:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        found = timed(run, repeat)
        size = len(found["result"].content) / 1024
        print(f"{name:26} {found['p50']:8.1f} {found['p95']:8.1f} {found['sql']:10.1f} "
              f"{found['queries']:8} {size:5.0f}")  # fmt: skip


def caseworker_client(area: Any) -> tuple[Any, dict[str, str]]:
    """A signed-in client of a caseworker of the area (with the authenticator app every
    casework role needs), and the addresses of the area's casework lists."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from wsoa.casework import models

    user, _ = get_user_model().objects.get_or_create(username="bench-caseworker")
    models.CaseworkRole.objects.get_or_create(user=user, area=area, defaults={"role": "caseworker"})
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    client = Client()
    client.force_login(user)
    names = ("worklist", "reviews", "advice")
    return client, {name: reverse(f"casework:{name}", args=[area.slug]) for name in names}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=650_000)
    parser.add_argument("--areas", type=int, default=153)
    parser.add_argument("--big-open", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--reuse", action="store_true", help="Measure an existing bench database.")
    parser.add_argument("--db", default=BENCH_DB, help=f"The database's name (default {BENCH_DB}).")
    args = parser.parse_args()
    if args.db == "wsoa_bench":
        sys.exit("wsoa_bench is national_scale.py's database: give this benchmark its own.")
    use_bench_database(args.db, reuse=args.reuse)

    import django
    from django.core.management import call_command

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    areas = lait_areas(args.areas)
    call_command("migrate", verbosity=0)  # with --reuse too: the app may have moved on
    if not args.reuse:
        started = time.perf_counter()
        print(f"Generating {args.cases:,} made-up cases across {len(areas)} areas…")
        generate(areas, args.cases, args.big_open)
        print(f"Generated in {time.perf_counter() - started:.0f} s")
    from wsoa.core.models import LocalArea

    big = LocalArea.objects.get(name=areas[0][1])
    typical = LocalArea.objects.get(name=areas[len(areas) // 2][1])
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nMeasuring on {os.cpu_count()} CPUs, load average {load} (busy machines inflate all)")
    for area in (big, typical):
        measure_sen2(area, TODAY.year - 1, args.repeat)
    measure_worklists(big, args.repeat)
    print(f"\n(database {args.db} is kept for --reuse; drop it with: dropdb {args.db})")


if __name__ == "__main__":
    main()
