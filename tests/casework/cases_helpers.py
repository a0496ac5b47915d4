"""Shared helpers for the casework tests: extracts as CSV bytes, cases, casework roles."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from factories import UserFactory
from totp import activate_totp
from wsoa.casework import extracts
from wsoa.casework.models import CaseworkRole
from wsoa.casework.services import import_cases
from wsoa.core.models import LocalArea

TODAY = dt.date(2026, 11, 30)
HEADINGS = [
    "case_ref", "request_date", "request_source", "decision_date", "decision", "not_issue_date",
    "draft_date", "final_date", "exception", "exception_start", "exception_end", "caseworker",
    "team", "name", "date_of_birth", "upn", "postcode",
    "advice_educational_psychology_requested", "advice_educational_psychology_received",
    "advice_health_requested", "advice_health_received",
]  # fmt: skip


def csv_bytes(rows: Iterable[dict[str, Any]], headings: list[str] | None = None) -> bytes:
    rows = list(rows)
    extra = [key for r in rows for key in r if key not in HEADINGS]
    out = io.StringIO()
    names = headings or [*HEADINGS, *dict.fromkeys(extra)]
    writer = csv.DictWriter(out, fieldnames=names, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode()


def read(content: bytes, given: dict[str, str] | None = None, name: str = "x.csv"):
    table = extracts.read_table(name, content)
    return extracts.read_extract(table, extracts.propose_map(table.headers, given))


def load(area: LocalArea, rows: Iterable[dict[str, Any]], today: dt.date = TODAY):
    """Import rows (canonical headings) into the area; return the result."""
    reading = read(csv_bytes(rows))
    assert not reading.errors, reading.errors
    return import_cases(area=area, reading=reading, by="test", today=today)


def row(ref: str, request: str, **values: Any) -> dict[str, Any]:
    return {"case_ref": ref, "request_date": request, **values}


def casework_user(area: LocalArea, role: str, username: str, service: str = ""):
    """A user with a casework role, and the authenticator app every casework role needs."""
    user = UserFactory(username=username)
    CaseworkRole.objects.create(user=user, area=area, role=role, service=service)
    activate_totp(user)
    return user
