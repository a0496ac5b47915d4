"""A board's meeting schedule: from its rhythm, edited by managers (move, cancel, add)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from factories import BoardFactory
from page_text import text_of
from personas import MANAGERS, MEMBERS, PERSONAS, assert_access, persona_name
from wsoa.core.models import AuditEvent
from wsoa.plans.presenters.boards import board_rows
from wsoa.reports.models import PlannedMeeting

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 10, 20)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 10, 20, 9, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def board(plan):
    return BoardFactory(plan=plan, every_weeks=4, cadence_text="")


def schedule_url(plan, board):
    return reverse("reports:board_schedule", args=[plan.area.slug, plan.pk, board.pk])


def date_url(plan, board, day):
    args = [plan.area.slug, plan.pk, board.pk, day.isoformat()]
    return reverse("reports:board_schedule_date", args=args)


def upcoming(plan):
    return board_rows(plan, today=TODAY)[0].upcoming


def a_date(day, prefix="", **extra):
    parts = {"on_0": day.day, "on_1": day.month, "on_2": day.year, **extra}
    return {f"{prefix}{key}": str(value) for key, value in parts.items()}


def moved_to(day, **extra):
    return a_date(day, prefix="move-", **extra)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_every_member_reads_the_schedule(request, client_for, persona, plan, board):
    response = client_for(persona).get(schedule_url(plan, board))
    assert_access(response, persona_name(request), MEMBERS)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_managers_add_a_date(request, client_for, persona, plan, board):
    day = dt.date(2026, 12, 1)
    response = client_for(persona).post(schedule_url(plan, board), a_date(day))
    let_in = assert_access(response, persona_name(request), MANAGERS, ok=(302,))
    assert (day in upcoming(plan)) is let_in


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_managers_open_move_or_cancel(request, client_for, persona, plan, board):
    response = client_for(persona).get(date_url(plan, board, upcoming(plan)[0]))
    assert_access(response, persona_name(request), MANAGERS)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_managers_cancel(request, client_for, persona, plan, board):
    first = upcoming(plan)[0]
    response = client_for(persona).post(date_url(plan, board, first), {"cancel": "1"})
    let_in = assert_access(response, persona_name(request), MANAGERS, ok=(302,))
    assert (first not in upcoming(plan)) is let_in


def test_another_areas_board_schedule_is_404(client_for, plan_manager, plan, other_plan):
    theirs = BoardFactory(plan=other_plan, every_weeks=4)
    client = client_for(plan_manager)
    assert client.get(schedule_url(plan, theirs)).status_code == 404
    assert client.post(schedule_url(plan, theirs), a_date(TODAY)).status_code == 404
    assert client.post(date_url(plan, theirs, TODAY), {"cancel": "1"}).status_code == 404
    assert not PlannedMeeting.objects.exists()


def test_the_schedule_follows_the_rhythm_from_today(plan, board):
    dates = upcoming(plan)
    assert dates[:3] == [TODAY, dt.date(2026, 11, 17), dt.date(2026, 12, 15)]
    assert len(dates) == 14  # every 4 weeks for 12 months


def test_a_manager_moves_cancels_and_adds_dates(client_for, plan_manager, plan, board):
    client = client_for(plan_manager)
    first, second = upcoming(plan)[:2]
    later = dt.date(2026, 10, 27)
    response = client.post(date_url(plan, board, first), moved_to(later, note="Half term"))
    assert response.status_code == 302
    assert client.post(date_url(plan, board, second), {"cancel": "1"}).status_code == 302
    added = dt.date(2027, 1, 5)
    assert client.post(schedule_url(plan, board), a_date(added)).status_code == 302
    dates = upcoming(plan)
    assert first not in dates and second not in dates
    assert dates[0] == later and added in dates
    actions = list(
        AuditEvent.objects.filter(action__startswith="planned_meeting")
        .order_by("pk")
        .values_list("action", "changes")
    )
    assert actions == [
        (
            "planned_meeting.moved",
            {"on": {"before": first.isoformat(), "after": later.isoformat()}},
        ),
        ("planned_meeting.cancelled", {"on": {"before": second.isoformat(), "after": None}}),
        ("planned_meeting.added", {"on": {"before": None, "after": added.isoformat()}}),
    ]
    page = text_of(client.get(reverse("plans:boards", args=[plan.area.slug, plan.pk])))
    assert "27 October 2026" in page  # the next meeting, as moved
    schedule = text_of(client.get(schedule_url(plan, board)))
    assert f"Tuesday 27 October 2026 Moved from {first:%-d %B %Y}. Half term" in schedule
    assert "Tuesday 5 January 2027 Added." in schedule


def test_cancelling_an_added_date_takes_it_off(client_for, plan_manager, plan, board):
    client = client_for(plan_manager)
    added = dt.date(2027, 1, 5)
    client.post(schedule_url(plan, board), a_date(added))
    client.post(date_url(plan, board, added), {"cancel": "1"})
    assert added not in upcoming(plan)
    assert PlannedMeeting.objects.count() == 2  # both changes are kept as rows


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Enter the date of the meeting"),
        ({"on_0": "31", "on_1": "2", "on_2": "2027"}, "real date"),
    ],
)
def test_a_bad_date_is_refused_and_nothing_changes(
    client_for, plan_manager, plan, board, data, error
):
    before = upcoming(plan)
    response = client_for(plan_manager).post(schedule_url(plan, board), data)
    assert response.status_code == 200
    assert error.lower() in text_of(response).lower()
    assert upcoming(plan) == before and not PlannedMeeting.objects.exists()


def test_moving_to_the_same_date_is_refused(client_for, plan_manager, plan, board):
    first = upcoming(plan)[0]
    response = client_for(plan_manager).post(date_url(plan, board, first), moved_to(first))
    assert "different from the one it is on now" in text_of(response)
    assert not PlannedMeeting.objects.exists()


def test_a_date_that_is_not_a_date_is_404(client_for, plan_manager, plan, board):
    url = schedule_url(plan, board) + "not-a-date/"
    assert client_for(plan_manager).get(url).status_code == 404


def test_the_next_meeting_counts_from_the_last_one_held(client_for, plan_manager, plan, board):
    from wsoa.reports import services

    services.record_meeting(
        board=board, by=plan_manager, held_on=dt.date(2026, 10, 10), agenda="", attendees=[]
    )
    assert upcoming(plan)[0] == dt.date(2026, 11, 7)
