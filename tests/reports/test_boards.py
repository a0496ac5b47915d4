"""Boards made and changed in the browser, their meeting rhythm, and meetings of plans with none."""

import datetime as dt

import pytest
from django.urls import reverse

from factories import BoardFactory, BoardMemberFactory, PersonFactory
from page_text import text_of
from personas import MANAGERS, PERSONAS, assert_access, persona_name
from wsoa.core.models import AuditEvent
from wsoa.plans.models import Board, BoardMember, Person
from wsoa.plans.presenters.boards import board_rows
from wsoa.reports import services
from wsoa.reports.boards import BoardIn, add_board, change_board
from wsoa.reports.models import Meeting
from wsoa.reports.services import ReportError

pytestmark = pytest.mark.django_db


def new_url(plan, then=""):
    url = reverse("reports:board_new", args=[plan.area.slug, plan.pk])
    return f"{url}?then={then}" if then else url


def edit_url(plan, board):
    return reverse("reports:board_edit", args=[plan.area.slug, plan.pk, board.pk])


def board_data(**extra):
    return {"name": "SEND Improvement Board", "purpose": "", "every_weeks": "",
            "cadence_text": "", "reports_to_text": "", **extra}  # fmt: skip


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


# --- permissions: every persona, every new page and action ---------------------------------


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_managers_open_the_add_board_page(request, client_for, persona, plan):
    response = client_for(persona).get(new_url(plan))
    assert_access(response, persona_name(request), MANAGERS)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_managers_add_a_board(request, client_for, persona, plan):
    response = client_for(persona).post(new_url(plan), board_data())
    let_in = assert_access(response, persona_name(request), MANAGERS, ok=(302,))
    assert Board.objects.filter(plan=plan).count() == (1 if let_in else 0)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_managers_open_the_change_board_page(request, client_for, persona, plan):
    board = BoardFactory(plan=plan)
    response = client_for(persona).get(edit_url(plan, board))
    assert_access(response, persona_name(request), MANAGERS)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_managers_change_a_board(request, client_for, persona, plan):
    board = BoardFactory(plan=plan, name="Old name")
    response = client_for(persona).post(edit_url(plan, board), board_data(name="New name"))
    let_in = assert_access(response, persona_name(request), MANAGERS, ok=(302,))
    board.refresh_from_db()
    assert board.name == ("New name" if let_in else "Old name")


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_meeting_page_of_a_plan_without_boards_by_persona(request, client_for, persona, plan):
    response = client_for(persona).get(
        reverse("reports:meeting_new", args=[plan.area.slug, plan.pk])
    )
    assert_access(response, persona_name(request), MANAGERS, ok=(302,))


def test_another_areas_board_is_404_under_this_plan(client_for, plan_manager, plan, other_plan):
    theirs = BoardFactory(plan=other_plan)
    client = client_for(plan_manager)
    url = reverse("reports:board_edit", args=[plan.area.slug, plan.pk, theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, board_data(name="Taken over")).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "SEND Improvement Board"


def test_another_areas_plan_is_404_for_board_pages(client_for, plan_manager, plan, other_plan):
    client = client_for(plan_manager)
    url = reverse("reports:board_new", args=[plan.area.slug, other_plan.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, board_data()).status_code == 404
    assert not Board.objects.exists()


def test_another_area_user_gets_404_on_this_areas_board_pages(client_for, other_area_user, plan):
    board = BoardFactory(plan=plan)
    client = client_for(other_area_user)
    assert client.get(new_url(plan)).status_code == 404
    assert client.get(edit_url(plan, board)).status_code == 404


# --- adding and changing a board --------------------------------------------------------------


def test_manager_adds_a_board_with_chair_members_rhythm_and_a_new_person(
    client_for, plan_manager, plan
):
    chair, member = PersonFactory(plan=plan, name="Sally Robinson"), PersonFactory(plan=plan)
    above = BoardFactory(plan=plan, name="Health and Wellbeing Board")
    data = board_data(
        purpose="Holds the partnership to account", chair=chair.pk, members=[chair.pk, member.pk],
        every_weeks="6", reports_to=above.pk, reports_to_text="Children's Strategic Partnership",
        new_member_name="Dr Ann Lee", new_member_role="Designated Clinical Officer",
        new_member_organisation="ICB",
    )  # fmt: skip
    response = client_for(plan_manager).post(new_url(plan), data)
    assert response.status_code == 302
    board = Board.objects.get(plan=plan, name="SEND Improvement Board")
    assert (board.chair, board.every_weeks, board.reports_to) == (chair, 6, above)
    added = Person.objects.get(plan=plan, name="Dr Ann Lee")
    assert (added.role, added.organisation) == ("Designated Clinical Officer", "ICB")
    assert {s.person for s in board.members.all()} == {chair, member, added}
    [made] = events("board.added")
    assert made.changes["name"] == {"before": None, "after": "SEND Improvement Board"}
    assert made.changes["reports_to"]["after"] == "Health and Wellbeing Board"
    assert len(events("board_member.added")) == 3
    assert len(events("person.added")) == 1
    page = text_of(
        client_for(plan_manager).get(reverse("plans:boards", args=[plan.area.slug, plan.pk]))
    )
    assert "Every 6 weeks" in page and "Dr Ann Lee" in page and "Next meeting" in page


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"name": "  "}, "Enter the name of the board"),
        ({"every_weeks": "0"}, "Enter a number of weeks from 1 to 52"),
        ({"new_member_role": "Chair"}, "Enter the name of the member to add"),
        ({"name": "x" * 301}, "Enter 300 characters or fewer"),
    ],
)
def test_bad_board_input_is_refused_with_a_reason_and_nothing_is_written(
    client_for, plan_manager, plan, data, error
):
    response = client_for(plan_manager).post(new_url(plan), board_data(**data))
    assert response.status_code == 200
    assert error in text_of(response)
    assert (
        not Board.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="board").exists()
    )


def test_a_second_board_of_the_same_name_is_refused(client_for, plan_manager, plan):
    BoardFactory(plan=plan, name="SEND Improvement Board")
    response = client_for(plan_manager).post(
        new_url(plan), board_data(name="send improvement board")
    )
    assert "already has a board called" in text_of(response)
    assert Board.objects.count() == 1


def test_a_person_of_another_plan_cannot_be_a_member(client_for, plan_manager, plan, other_plan):
    stranger = PersonFactory(plan=other_plan)
    response = client_for(plan_manager).post(new_url(plan), board_data(members=[stranger.pk]))
    assert response.status_code == 200
    assert not Board.objects.exists()


def test_changing_a_board_audits_only_what_changed_and_each_member(client_for, plan_manager, plan):
    board = BoardFactory(plan=plan, name="SEND Board", cadence_text="monthly")
    staying, leaving = BoardMemberFactory(board=board), BoardMemberFactory(board=board)
    joining = PersonFactory(plan=plan, name="Joe Bloggs")
    data = board_data(name="SEND Board", cadence_text="quarterly",
                      members=[staying.person.pk, joining.pk])  # fmt: skip
    assert client_for(plan_manager).post(edit_url(plan, board), data).status_code == 302
    board.refresh_from_db()
    assert board.cadence_text == "quarterly"
    [edited] = events("board.edited")
    assert edited.changes == {"cadence_text": {"before": "monthly", "after": "quarterly"}}
    [removed] = events("board_member.removed")
    assert removed.changes["member"]["before"] == leaving.person.name
    [added] = events("board_member.added")
    assert added.changes["member"]["after"] == "Joe Bloggs"
    assert [s.person for s in board.members.all()] == [staying.person, joining]
    assert Person.objects.filter(pk=leaving.person.pk).exists()  # the person stays in the plan


def test_saving_an_unchanged_board_writes_no_audit(client_for, plan_manager, plan):
    board = BoardFactory(plan=plan, name="SEND Board", cadence_text="monthly")
    data = board_data(name="SEND Board", cadence_text="monthly")
    client_for(plan_manager).post(edit_url(plan, board), data)
    assert not AuditEvent.objects.filter(action__startswith="board").exists()


def test_a_board_cannot_report_to_itself_or_to_one_below_it(plan, plan_manager):
    top = add_board(plan=plan, by=plan_manager, board=BoardIn(name="Top"))
    below = add_board(plan=plan, by=plan_manager, board=BoardIn(name="Below", reports_to=top))
    with pytest.raises(ReportError, match="another board"):
        change_board(board=top, by=plan_manager, fields=BoardIn(name="Top", reports_to=top))
    with pytest.raises(ReportError, match="already reports to"):
        change_board(board=top, by=plan_manager, fields=BoardIn(name="Top", reports_to=below))
    top.refresh_from_db()
    assert top.reports_to is None


# --- a plan with no board: the meeting page offers one, then the meeting ---------------------


def test_recording_a_meeting_of_a_plan_with_no_board_adds_the_board_first(
    client_for, plan_manager, plan
):
    client = client_for(plan_manager)
    args = [plan.area.slug, plan.pk]
    start = client.get(reverse("reports:meeting_new", args=args) + "?draft=1")
    assert start["Location"] == new_url(plan, "meeting_draft")
    page = client.get(start["Location"])
    assert f'value="{plan.area.name} SEND Improvement Board"' in page.content.decode()
    assert "This plan has no board yet" in text_of(page)
    made = client.post(
        start["Location"], board_data(name=f"{plan.area.name} SEND Improvement Board")
    )
    assert made["Location"] == reverse("reports:meeting_new", args=args) + "?draft=1"
    meeting_page = client.get(made["Location"])
    assert meeting_page.status_code == 200
    assert "Apologies and minutes of the last meeting" in meeting_page.content.decode()
    board = Board.objects.get(plan=plan)
    form = {"board": board.pk, "held_on_0": "5", "held_on_1": "10", "held_on_2": "2026",
            "agenda": "Minutes"}  # fmt: skip
    assert client.post(made["Location"], form).status_code == 302
    assert Meeting.objects.get().board == board


# --- the meeting rhythm ----------------------------------------------------------------------


def test_next_meetings_follow_the_last_meeting_held(plan, plan_manager):
    board = BoardFactory(plan=plan, every_weeks=6, cadence_text="")
    services.record_meeting(board=board, by=plan_manager, held_on=dt.date(2026, 10, 1),
                            agenda="", attendees=[])  # fmt: skip
    [row] = board_rows(plan, today=dt.date(2026, 10, 20))
    assert row.last_held_on == dt.date(2026, 10, 1)
    assert row.next_on == dt.date(2026, 11, 12)
    assert row.upcoming[1] == dt.date(2026, 12, 24)
    assert row.upcoming[-1] <= dt.date(2027, 10, 20)


def test_a_monthly_board_with_no_meeting_yet_starts_today(plan):
    BoardFactory(plan=plan, cadence_text="Monthly")
    [row] = board_rows(plan, today=dt.date(2026, 1, 31))
    assert row.upcoming[:3] == [dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 31)]
    assert len(row.upcoming) == 13


def test_a_board_with_no_rhythm_has_no_schedule(plan):
    BoardFactory(plan=plan, cadence_text="as needed")
    [row] = board_rows(plan, today=dt.date(2026, 1, 1))
    assert row.upcoming == [] and row.next_on is None


def test_boards_tab_and_meetings_page_show_the_next_meeting(client_for, board_member, plan):
    BoardFactory(plan=plan, every_weeks=4)
    client = client_for(board_member)
    for name in ("plans:boards", "reports:meetings"):
        page = text_of(client.get(reverse(name, args=[plan.area.slug, plan.pk])))
        assert "Next meeting" in page, name
        assert "Change SEND Improvement Board" not in page  # a reader is not offered changes


def test_boards_tab_offers_managers_to_add_and_change(client_for, plan_manager, plan):
    board = BoardFactory(plan=plan)
    html = client_for(plan_manager).get(reverse("plans:boards", args=[plan.area.slug, plan.pk]))
    assert new_url(plan) in html.content.decode()
    assert edit_url(plan, board) in html.content.decode()


def test_board_members_stay_on_board_member_rows(plan, plan_manager):
    person = PersonFactory(plan=plan)
    board = add_board(plan=plan, by=plan_manager, board=BoardIn(name="B", members=[person, person]))
    assert BoardMember.objects.filter(board=board).count() == 1


def test_a_new_members_name_longer_than_the_people_column_is_refused(
    client_for, plan_manager, plan
):
    response = client_for(plan_manager).post(new_url(plan), board_data(new_member_name="x" * 201))
    assert "Enter 200 characters or fewer" in text_of(response)
    assert not Board.objects.exists() and not Person.objects.filter(name="x" * 201).exists()
