"""Building one demo area: its plan moved into delivery, its people, and months of history.

The order matters: the plan's own targets become indicators before the dates move (so their
due dates move with the plan), accounts exist before anyone posts, and the history comes
before the board meetings and the public page that report on it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from wsoa.core.models import LocalArea
from wsoa.demo.clock import clock_at, moment
from wsoa.demo.history import write_history
from wsoa.demo.people import Account, create_area_accounts, manager_account
from wsoa.demo.seeds import NUMBERED_QUARTERS
from wsoa.demo.shifting import add_months, shift_plan
from wsoa.kpi.demo import record_demo_actuals, setup_demo_indicators
from wsoa.plans.models import Plan
from wsoa.plans.rhythm import Rhythm, rhythm_of
from wsoa.progress.demo import setup_demo_cycle
from wsoa.public.demo import publish_demo_page
from wsoa.reports import demo as meetings

Say = Callable[[str], None]
LAST_MEETING_DAYS_AGO = 14  # the board's last meeting was a fortnight ago
DEFAULT_RHYTHM = Rhythm(8, "weeks")  # for a board whose cadence gives no rhythm
SET_UP_MONTHS_AGO = 7  # the plan was loaded into wsoa before the months of history begin


def set_up_on(today: dt.date) -> dt.date:
    """The day the demo's plans were imported and set up: before any of their history."""
    return add_months(today, -SET_UP_MONTHS_AGO)


def build_area(area: LocalArea, today: dt.date, say: Say) -> list[Account]:
    """Set up one area's demo from its freshly imported plan; return its accounts."""
    plan = area.plans.order_by("pk").first()
    with clock_at(moment(set_up_on(today))):
        for line in setup_demo_indicators(area):
            say(line)
        accounts = create_area_accounts(area)
        if plan is None:
            return accounts
        months = shift_plan(plan, today)
        plan.refresh_from_db()
        if months:
            say(f"{area.name}: dates moved by {months} months so the plan is in delivery today")
        for line in setup_demo_cycle(plan, today, NUMBERED_QUARTERS.get(area.name, 0)):
            say(f"{area.name}: {line}")
    summary = write_history(plan, today)
    if summary.updates:
        say(f"{area.name}: {summary.line()}")
    made = record_demo_actuals(area, today, plan.period_start)
    if made:
        say(f"{area.name}: {made} actuals for the plan's own targets")
    _meetings(plan, today, say)
    with clock_at(moment(today - dt.timedelta(days=1), 300)):
        if line := publish_demo_page(plan):
            say(f"{area.name}: {line}")
    return accounts


def meeting_days(rhythm: Rhythm, today: dt.date) -> list[dt.date]:
    """Three meetings at the board's rhythm, the last a fortnight ago (sooner for a board that
    meets more often), so the next, last + rhythm, is still ahead of today."""
    span = (rhythm.after(today) - today).days
    last = today - dt.timedelta(days=max(1, min(LAST_MEETING_DAYS_AGO, span // 2)))
    return [rhythm.after(last, -steps) for steps in (2, 1, 0)]


def _meetings(plan: Plan, today: dt.date, say: Say) -> None:
    """Three meetings of the plan's board at its rhythm, and the pack for the last."""
    if meetings.has_meetings(plan):
        return
    manager = manager_account(plan.area)
    board = meetings.demo_board(plan, manager)
    rhythm = rhythm_of(board.every_weeks, board.cadence_text) or DEFAULT_RHYTHM
    days = meeting_days(rhythm, today)
    for held_on in days:
        with clock_at(moment(held_on, 180)):
            meetings.hold_meeting(
                board=board, by=manager, held_on=held_on, next_on=rhythm.after(held_on)
            )
    started = time.perf_counter()
    with clock_at(moment(days[-1] - dt.timedelta(days=7), 60)):
        pack = meetings.make_pack(board=board, by=manager, next_on=days[-1])
    seconds = time.perf_counter() - started
    say(
        f"{plan.area.name}: 3 board meetings ({rhythm}); pack “{pack.title}” made in {seconds:.1f}s"
    )
