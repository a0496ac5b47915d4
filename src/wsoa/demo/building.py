"""Building one demo area: its plan moved into delivery, its people, and months of history.

The order matters: the plan's own targets become indicators before the dates move (so their
due dates move with the plan), accounts exist before anyone posts, the board's meetings and
their packs are written in their place in the history, and the public page comes last.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from wsoa.casework.demo import set_up_demo_casework
from wsoa.core.models import LocalArea
from wsoa.demo.clock import clock_at, moment
from wsoa.demo.history import write_history
from wsoa.demo.people import Account, casework_accounts, create_area_accounts, manager_account
from wsoa.demo.seeds import NUMBERED_QUARTERS
from wsoa.demo.shifting import add_months, shift_plan
from wsoa.kpi.demo import record_demo_actuals, setup_demo_indicators
from wsoa.plans.models import Plan
from wsoa.plans.rhythm import Rhythm, rhythm_of
from wsoa.progress.demo import setup_demo_cycle
from wsoa.public.demo import publish_demo_page
from wsoa.reports import demo as meetings
from wsoa.reports.demo import Pending

Say = Callable[[str], None]
LAST_MEETING_DAYS_AGO = 14  # the board's last meeting was a fortnight ago
PACK_DAYS_BEFORE = 7  # its pack was made a week before each meeting
DEFAULT_RHYTHM = Rhythm(8, "weeks")  # for a board whose cadence gives no rhythm
SET_UP_MONTHS_AGO = 7  # the plan was loaded into wsoa before the months of history begin


def set_up_on(today: dt.date) -> dt.date:
    """The day the demo's plans were imported and set up: before any of their history."""
    return add_months(today, -SET_UP_MONTHS_AGO)


def build_area(area: LocalArea, today: dt.date, say: Say, packs: list[Pending]) -> list[Account]:
    """Set up one area's demo from its freshly imported plan; return its accounts.

    The packs of its board meetings are gathered into `packs`, to be rendered afterwards.
    """
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
        board = None if meetings.has_meetings(plan) else Meetings(plan, today)
    summary = write_history(plan, today, before=board.until if board else _no_meeting)
    if summary.updates:
        say(f"{area.name}: {summary.line()}")
    # from the plan's start, or (a plan that printed no period) its first reporting period's
    first_period = plan.periods.order_by("start").values_list("start", flat=True).first()
    made = record_demo_actuals(area, today, plan.period_start or first_period)
    if made:
        say(f"{area.name}: {made} actuals for the plan's own targets")
    if board is not None:
        board.until(today)
        packs += board.packs
        say(f"{area.name}: {len(board.packs)} board meetings ({board.rhythm}), a pack for each")
    with clock_at(moment(today - dt.timedelta(days=1), 300)):
        if line := publish_demo_page(plan):
            say(f"{area.name}: {line}")
    with clock_at(moment(today - dt.timedelta(days=1), 360)):  # made-up cases, their figures
        accounts += casework_accounts(area)
        for line in set_up_demo_casework(area, today):
            say(line)
    return accounts


def _no_meeting(day: dt.date) -> None:
    return None


class Meetings:
    """The plan's board meeting at its rhythm: three meetings, the last a fortnight ago, each
    with the pack made a week before it, written in their place in the history."""

    def __init__(self, plan: Plan, today: dt.date) -> None:
        self.manager = manager_account(plan.area)
        self.board = meetings.demo_board(plan, self.manager)
        self.rhythm = rhythm_of(self.board.every_weeks, self.board.cadence_text) or DEFAULT_RHYTHM
        self.days = meeting_days(self.rhythm, today)
        self.held = 0
        self.packs: list[Pending] = []

    def until(self, day: dt.date) -> None:
        """Hold each meeting before `day` not yet held, gathering its pack a week before."""
        while self.held < len(self.days) and self.days[self.held] < day:
            held_on = self.days[self.held]
            with clock_at(moment(held_on - dt.timedelta(days=PACK_DAYS_BEFORE), 60)):
                pending = meetings.gather_pack(board=self.board, by=self.manager, next_on=held_on)
            self.packs.append(pending)
            with clock_at(moment(held_on, 180)):
                meetings.hold_meeting(
                    board=self.board, by=self.manager, held_on=held_on,
                    next_on=self.rhythm.after(held_on),
                )  # fmt: skip
            self.held += 1


def finish_packs(packs: list[Pending], say: Say) -> int:
    """Render and freeze the gathered packs, each as of the day it was made; return how many."""
    started, made = time.perf_counter(), 0
    for pending in packs:
        with clock_at(meetings.made_at(pending)):
            made += meetings.finish_pack(pending) is not None
    if made:
        say(f"{made} board packs made in {time.perf_counter() - started:.0f}s")
    return made


def meeting_days(rhythm: Rhythm, today: dt.date) -> list[dt.date]:
    """Three meetings at the board's rhythm, the last a fortnight ago (sooner for a board that
    meets more often), so the next, last + rhythm, is still ahead of today."""
    span = (rhythm.after(today) - today).days
    last = today - dt.timedelta(days=max(1, min(LAST_MEETING_DAYS_AGO, span // 2)))
    return [rhythm.after(last, -steps) for steps in (2, 1, 0)]
