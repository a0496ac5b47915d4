"""The demo tells the truth: its commentary, board schedule and owners match what it wrote.

Unit tests of the demo's functions on a small plan, so they run in a moment; the demo command's
own test runs the whole build.
"""

import datetime as dt
import random

import pytest

from factories import BoardFactory, ItemFactory, ItemPersonFactory, MembershipFactory, PersonFactory
from wsoa.core.models import Role
from wsoa.demo.building import meeting_days
from wsoa.demo.history import commentary, reportable_items, write_history
from wsoa.demo.people import create_area_accounts
from wsoa.plans.models import Item
from wsoa.plans.panels import PlanView
from wsoa.plans.rag import Rag
from wsoa.plans.rhythm import Rhythm
from wsoa.progress.demo import setup_demo_cycle
from wsoa.progress.models import ProgressUpdate
from wsoa.progress.presenters import NO_ACCOUNT, period_updates
from wsoa.reports.dashboard import meeting_tiles
from wsoa.reports.models import Meeting, PlannedMeeting

TODAY = dt.date(2026, 11, 16)


# --- 1. commentary mentions evidence only when some is attached -----------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("rag", [Rag.BLUE, Rag.GREEN, Rag.AMBER, Rag.RED])
def test_commentary_mentions_evidence_only_when_it_is_attached(item, rag):
    for seed in range(40):
        without = commentary(item, rag, None, random.Random(seed))
        assert "evidence" not in without.lower()
        with_evidence = commentary(item, rag, None, random.Random(seed), evidence=True)
        assert with_evidence.endswith("The evidence is attached.")


@pytest.fixture
def history(plan):
    """A small plan with a led objective, an unled action, accounts, periods and history."""
    first = plan.items.get(number="1")
    director = PersonFactory(plan=plan, name="Dana Director")
    ItemPersonFactory(item=first, text=director.name, person=director)
    ItemFactory(plan=plan, parent=plan.items.get(number="2"), number="2.3", title="No lead")
    create_area_accounts(plan.area)
    setup_demo_cycle(plan, TODAY)
    write_history(plan, TODAY)
    return plan


@pytest.mark.django_db
def test_history_says_evidence_is_attached_exactly_when_it_is(history):
    updates = list(ProgressUpdate.objects.filter(item__plan=history).prefetch_related("evidence"))
    assert len(updates) > 10
    said = [u for u in updates if "evidence is attached" in u.commentary]
    assert said and len(said) < len(updates)
    for update in updates:
        assert ("evidence" in update.commentary.lower()) == bool(update.evidence.all())


# --- 3 and 4. the demo reports on the items the app expects, each with an account -----------


@pytest.mark.django_db
def test_demo_reports_on_every_item_the_app_expects_each_with_an_owner_account(history):
    periods = list(history.periods.order_by("start"))
    current = next(p for p in periods if p.contains(TODAY))
    returns = period_updates(history, current, periods)
    assert NO_ACCOUNT not in [tally.name for tally in returns.by_owner]
    expected = {item.pk for item, _label in returns.total.missing}
    expected |= set(ProgressUpdate.objects.filter(period=current).values_list("item_id", flat=True))
    reported = {item.pk for item in reportable_items(history)}
    not_complete = set(
        Item.objects.filter(plan=history).exclude(rag=Rag.BLUE).values_list("pk", flat=True)
    )
    assert expected == reported & not_complete
    led_parent = history.items.get(number="1")
    assert led_parent.pk in reported  # a parent with a lead is expected, so the demo reports
    assert history.items.get(number="2").pk not in reported  # no lead: the app expects nothing
    assert ProgressUpdate.objects.filter(item=led_parent).exists()


# --- 2. the board's meetings follow its rhythm, and the tile shows a real next date ----------


@pytest.mark.parametrize(
    "rhythm", [Rhythm(1, "months"), Rhythm(8, "weeks"), Rhythm(3, "months"), Rhythm(1, "weeks")]
)
def test_demo_meetings_follow_the_board_s_rhythm_and_the_next_is_ahead(rhythm):
    days = meeting_days(rhythm, TODAY)
    assert len(days) == 3 and days == sorted(days)
    assert [rhythm.after(day) for day in days[:2]] == days[1:]
    assert days[-1] < TODAY < rhythm.after(days[-1])
    assert (TODAY - days[-1]).days <= 14


def tile(plan, today):
    membership = MembershipFactory(area=plan.area, role=Role.PLAN_MANAGER)
    [found] = meeting_tiles(PlanView(membership, plan, today))
    return found


@pytest.mark.django_db
def test_next_meeting_tile_is_last_meeting_plus_rhythm_not_today(plan):
    met = BoardFactory(plan=plan, name="SEND Improvement Board", every_weeks=8)
    BoardFactory(plan=plan, name="Health and Wellbeing Board", cadence_text="quarterly")
    Meeting.objects.create(board=met, held_on=TODAY - dt.timedelta(weeks=2))
    found = tile(plan, TODAY)
    assert found.figure == "28 December 2026"  # 2 November + eight weeks
    assert found.note == "SEND Improvement Board"


@pytest.mark.django_db
def test_a_board_that_never_met_and_has_no_date_set_gives_no_next_meeting(plan):
    board = BoardFactory(plan=plan, cadence_text="quarterly")
    assert tile(plan, TODAY).figure == "None planned"
    PlannedMeeting.objects.create(board=board, on=TODAY + dt.timedelta(days=9))
    assert tile(plan, TODAY).figure != "None planned"
