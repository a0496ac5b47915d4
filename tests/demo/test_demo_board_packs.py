"""The demo's board meetings sit in their place in the history, each with its own pack.

A pack's figures are gathered on the day it was made; rendering can happen afterwards, in the
serving demo's second process (`wsoa demo --finish-packs FILE`). These tests run that on a
small plan.
"""

import datetime as dt
import json

import pytest
from django.core.management import call_command

from factories import BoardFactory, ItemPersonFactory, PersonFactory
from wsoa.demo.building import Meetings, finish_packs
from wsoa.demo.clock import clock_at, moment
from wsoa.demo.history import write_history
from wsoa.demo.management.commands.demo import pending_file
from wsoa.demo.people import create_area_accounts
from wsoa.progress.demo import setup_demo_cycle
from wsoa.progress.models import ProgressUpdate
from wsoa.reports.models import Meeting, PackSnapshot

TODAY = dt.date(2026, 11, 16)


@pytest.fixture
def meetings(plan):
    """A small plan with a monthly board, its history written with the meetings in place."""
    director = PersonFactory(plan=plan, name="Dana Director")
    ItemPersonFactory(item=plan.items.get(number="1"), text=director.name, person=director)
    BoardFactory(plan=plan, name="SEND Improvement Board", cadence_text="Monthly")
    create_area_accounts(plan.area)
    setup_demo_cycle(plan, TODAY)
    board = Meetings(plan, TODAY)
    write_history(plan, TODAY, before=board.until)
    board.until(TODAY)
    return board


def updates_before(plan, day: dt.date) -> int:
    return ProgressUpdate.objects.filter(item__plan=plan, created_at__date__lt=day).count()


@pytest.mark.django_db
def test_three_meetings_each_with_a_pack_gathered_a_week_before_in_order(meetings, plan):
    held = list(Meeting.objects.filter(board__plan=plan).order_by("held_on"))
    assert [m.held_on for m in held] == meetings.days and len(held) == 3
    assert len(meetings.packs) == 3
    for pending, day in zip(meetings.packs, meetings.days, strict=True):
        assert pending["data"]["next_meeting_on"] == day.isoformat()
        made = dt.datetime.fromisoformat(pending["made_at"])
        assert made.date() == day - dt.timedelta(days=7)
        assert pending["data"]["until"] == made.date().isoformat()  # nothing after it was made
    # each pack reports since the meeting before it
    since = [p["data"]["since"] for p in meetings.packs[1:]]
    assert since == [day.isoformat() for day in meetings.days[:2]]
    assert updates_before(plan, meetings.days[0]) < updates_before(plan, meetings.days[-1])


@pytest.mark.django_db
def test_packs_are_rendered_later_dated_when_made_and_only_once(meetings, plan):
    assert finish_packs(meetings.packs, lambda line: None) == 3
    snapshots = list(PackSnapshot.objects.filter(plan=plan).order_by("next_meeting_on"))
    assert [s.next_meeting_on for s in snapshots] == meetings.days
    for snapshot, pending in zip(snapshots, meetings.packs, strict=True):
        assert snapshot.created_at == dt.datetime.fromisoformat(pending["made_at"])
        assert snapshot.pdf[:5] == b"%PDF-" and snapshot.docx[:2] == b"PK"
        assert snapshot.data == pending["data"]
    assert finish_packs(meetings.packs, lambda line: None) == 0  # made already: nothing twice
    assert PackSnapshot.objects.filter(plan=plan).count() == 3


@pytest.mark.django_db
def test_the_second_process_finishes_the_gathered_packs_and_forgets_them(meetings, plan, tmp_path):
    path = tmp_path / "pending.json"
    path.write_text(json.dumps(meetings.packs[-1:]), encoding="utf-8")
    with clock_at(moment(TODAY)):
        call_command("demo", finish_packs=path, stdout=open("/dev/null", "w"))  # noqa: SIM115
    [snapshot] = PackSnapshot.objects.filter(plan=plan)
    assert snapshot.next_meeting_on == meetings.days[-1]
    assert not path.exists()


@pytest.mark.django_db
def test_a_pack_gathered_for_a_database_since_emptied_is_skipped(meetings, plan):
    stale = dict(meetings.packs[0], board=10**9)
    assert finish_packs([stale], lambda line: None) == 0
    assert not PackSnapshot.objects.exists()


def test_the_pending_file_is_one_per_database():
    first = pending_file()
    assert pending_file("/elsewhere.sqlite3") != first
    assert pending_file("/elsewhere.sqlite3").parent == first.parent
