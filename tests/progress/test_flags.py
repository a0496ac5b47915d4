"""The flag rules, as a table: state and day in, flags and reasons out."""

import datetime as dt

import pytest

from wsoa.progress.flags import ItemState, flags

D = dt.date
TODAY = D(2018, 10, 1)

CASES = [
    # (what, state, expected codes, suggested rag)
    ("on track, not due", ItemState("green", D(2018, 12, 31), last_update=D(2018, 9, 20)), [], ""),
    (
        "due yesterday, green",
        ItemState("green", D(2018, 9, 30), last_update=D(2018, 9, 20)),
        ["overdue", "suggested_rag"],
        "amber",
    ),
    ("due today is not overdue", ItemState("green", TODAY, last_update=D(2018, 9, 20)), [], ""),
    (
        "overdue but already amber: no suggestion",
        ItemState("amber", D(2018, 9, 1), last_update=D(2018, 9, 20)),
        ["overdue"],
        "",
    ),
    (
        "overdue and red stays red",
        ItemState("red", D(2018, 9, 1), last_update=D(2018, 9, 20)),
        ["overdue"],
        "",
    ),
    (
        "overdue over 90 days, amber: suggest red",
        ItemState("amber", D(2018, 6, 1), last_update=D(2018, 9, 20)),
        ["overdue", "suggested_rag"],
        "red",
    ),
    (
        "complete is never overdue, silent or suggested",
        ItemState("blue", D(2018, 1, 1), last_update=D(2017, 1, 1), reports_from=D(2017, 1, 1)),
        [],
        "",
    ),
    (
        "not started and overdue: amber",
        ItemState("not_started", D(2018, 9, 1), last_update=D(2018, 9, 20)),
        ["overdue", "suggested_rag"],
        "amber",
    ),
    ("no due date, recent update", ItemState("", None, last_update=D(2018, 9, 1)), [], ""),
    (
        "silent: last update 46 days ago",
        ItemState("green", None, last_update=TODAY - dt.timedelta(days=46)),
        ["silent"],
        "",
    ),
    (
        "45 days is not yet silent",
        ItemState("green", None, last_update=TODAY - dt.timedelta(days=45)),
        [],
        "",
    ),
    (
        "never updated since reporting began 60 days ago",
        ItemState("green", None, reports_from=TODAY - dt.timedelta(days=60)),
        ["silent"],
        "",
    ),
    (
        "never updated, reporting began 10 days ago",
        ItemState("green", None, reports_from=TODAY - dt.timedelta(days=10)),
        [],
        "",
    ),
    (
        "slipped but revised date ahead: amber",
        ItemState("green", D(2018, 9, 30), current_due=D(2018, 12, 31), last_update=D(2018, 9, 20)),
        ["slipped", "suggested_rag"],
        "amber",
    ),
    (
        "revised earlier than baseline is not slipped",
        ItemState(
            "green", D(2018, 12, 31), current_due=D(2018, 11, 30), last_update=D(2018, 9, 20)
        ),
        [],
        "",
    ),
    (
        "revised date passed: overdue by the revised date",
        ItemState("amber", D(2018, 6, 30), current_due=D(2018, 9, 15), last_update=D(2018, 9, 20)),
        ["overdue", "slipped"],
        "",
    ),
]


@pytest.mark.parametrize(("what", "state", "codes", "rag"), CASES, ids=[c[0] for c in CASES])
def test_signal_rules(what, state, codes, rag):
    found = flags(state, TODAY, silent_after_days=45)
    assert [s.code for s in found] == codes
    suggested = [s.rag for s in found if s.code == "suggested_rag"]
    assert suggested == ([rag] if rag else [])
    assert all(s.reason for s in found)


def test_reasons_say_what_and_by_how_much():
    state = ItemState(
        "green", D(2018, 7, 31), current_due=D(2018, 9, 14), last_update=D(2018, 8, 1)
    )
    reasons = {s.code: s.reason for s in flags(state, TODAY, silent_after_days=45)}
    assert reasons["overdue"] == (
        "The revised due date, 14 September 2018, passed 17 days ago and it is not complete."
    )
    assert reasons["slipped"] == (
        "Now due 14 September 2018, 45 days later than the baseline 31 July 2018."
    )
    assert reasons["silent"] == (
        "No update for 61 days, since 1 August 2018 (this plan expects one every 45 days)."
    )
    assert reasons["suggested_rag"] == (
        "Suggested amber: overdue and not complete, so at least amber; "
        "the confirmed rating is green."
    )
