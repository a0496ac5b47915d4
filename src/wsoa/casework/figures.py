"""The SEN2 timeliness figures from the cases, in SQL: one aggregate query per period.

`sen2(area, year)` gives issue 17 §4's JSON for a calendar year; `between(area, start, end)`
the same counts for any span (the monthly figures). The definitions are the DfE's, as
`sen2rules.figures` states them in plain Python (the reference, cross-checked in the tests):
a decision within 6 weeks is on or before request date + 42 days, a plan within 20 weeks on
or before request date + 140 days, and "excluding exceptions" leaves out cases where a
reg. 10(4) exception applied to the 20-week limit (`Case.has_exception`, which the clock
decides, `clock.has_exception`, and the services keep whenever a case is written).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count, DateField, Expression, ExpressionWrapper, F, Func, Q
from django.db.models.sql import Query

from wsoa.casework.models import Case
from wsoa.casework.sen2rules import percent
from wsoa.core.models import LocalArea

SIX_WEEKS = dt.timedelta(days=42)  # SEND Regulations 2014, reg. 5(3)
TWENTY_WEEKS = dt.timedelta(days=140)  # reg. 13(2)
KEYS = (
    "requests", "decisions", "decisions_within_6_weeks", "plans_issued",
    "issued_within_20_weeks", "plans_issued_excluding_exceptions",
    "issued_within_20_weeks_excluding_exceptions",
)  # fmt: skip


def _after(days: dt.timedelta, vendor: str) -> Expression:
    """The request date plus `days`: on PostgreSQL `date + integer`, a date as the hand-written
    query has it (the ORM's `date + interval` is a timestamp, compared row by row)."""
    if vendor == "postgresql":
        return Func(
            F("request_date"), template=f"(%(expressions)s + {days.days:d})",
            output_field=DateField(),
        )  # fmt: skip
    return ExpressionWrapper(F("request_date") + days, output_field=DateField())


def _query(area_id: int, start: dt.date, end: dt.date, vendor: str) -> Query:
    """The SEN2 counts as one aggregate over the area's cases dated in the span: one row, no
    GROUP BY (the query `QuerySet.aggregate` would run, built here without running it)."""
    span = (start, end)
    decided, issued = Q(decision_date__range=span), Q(final_date__range=span)
    in_time = Q(final_date__lte=_after(TWENTY_WEEKS, vendor))
    clean = Q(has_exception=False)
    measures = {
        "requests": Q(request_date__range=span),
        "decisions": decided,
        "decisions_within_6_weeks": decided & Q(decision_date__lte=_after(SIX_WEEKS, vendor)),
        "plans_issued": issued,
        "issued_within_20_weeks": issued & in_time,
        "plans_issued_excluding_exceptions": issued & clean,
        "issued_within_20_weeks_excluding_exceptions": issued & in_time & clean,
    }
    rows = Case.objects.filter(area_id=area_id).filter(
        Q(request_date__range=span) | decided | issued
    )
    query = rows.query.chain()
    query.clear_ordering(force=True)
    query.clear_select_clause()
    for key in KEYS:
        query.add_annotation(Count("pk", filter=measures[key]), key)
    return query


# Stand-ins the SQL is built with once; each call puts its own area and span in their place.
_AREA, _START, _END = -17_000_017, dt.date(1901, 1, 1), dt.date(1901, 12, 31)


@cache
def _compiled(alias: str) -> tuple[str, tuple[Any, ...], dict[Any, str]]:
    """The query's SQL and parameters for this database, built once (the ORM's compiling costs
    more than the query itself for a small area), with where the stand-ins are."""
    connection = connections[alias]
    sql, params = _query(_AREA, _START, _END, connection.vendor).get_compiler(alias).as_sql()
    ops = connection.ops
    places = {_AREA: "area", ops.adapt_datefield_value(_START): "start",
              ops.adapt_datefield_value(_END): "end"}  # fmt: skip
    return sql, tuple(params), places


def counts(area: LocalArea, start: dt.date, end: dt.date) -> dict[str, int]:
    """The SEN2 counts for requests, decisions and final plans dated from start to end."""
    sql, params, places = _compiled(DEFAULT_DB_ALIAS)
    ops = connections[DEFAULT_DB_ALIAS].ops
    given = {"area": area.pk, "start": ops.adapt_datefield_value(start),
             "end": ops.adapt_datefield_value(end)}  # fmt: skip
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(
            sql, [given[places[p]] if _hashable(p) and p in places else p for p in params]
        )
        row = cursor.fetchone()
    found = dict(zip(KEYS, row, strict=True)) if row else {}
    return {key: int(found.get(key) or 0) for key in KEYS}


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def shaped(found: dict[str, int], **head: Any) -> dict[str, Any]:
    """The counts in the JSON's order with their percentages."""
    return {
        **head,
        "requests": found["requests"],
        "decisions": found["decisions"],
        "decisions_within_6_weeks": found["decisions_within_6_weeks"],
        "plans_issued": found["plans_issued"],
        "issued_within_20_weeks": found["issued_within_20_weeks"],
        "pct_within_20_weeks": percent(found["issued_within_20_weeks"], found["plans_issued"]),
        "plans_issued_excluding_exceptions": found["plans_issued_excluding_exceptions"],
        "issued_within_20_weeks_excluding_exceptions": found[
            "issued_within_20_weeks_excluding_exceptions"
        ],
        "pct_within_20_weeks_excluding_exceptions": percent(
            found["issued_within_20_weeks_excluding_exceptions"],
            found["plans_issued_excluding_exceptions"],
        ),
    }


def sen2(area: LocalArea, year: int) -> dict[str, Any]:
    """Issue 17 §4's figures for the calendar year, from one aggregate query."""
    return shaped(counts(area, dt.date(year, 1, 1), dt.date(year, 12, 31)), year=year)
