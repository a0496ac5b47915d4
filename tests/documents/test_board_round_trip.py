"""A plan's boards survive export and import whole: purpose, chair, rhythm, the board above."""

import json

import pytest

from factories import BoardFactory, BoardMemberFactory, LocalAreaFactory, PersonFactory, build_plan
from wsoa.documents.interchange.exporting import export_plan, to_json
from wsoa.documents.interchange.schema import InterchangeError
from wsoa.documents.interchange.writing import write_plan
from wsoa.plans.models import Board, Plan

pytestmark = pytest.mark.django_db


def _plan_with_boards() -> Plan:
    plan = build_plan(LocalAreaFactory(name="Worcestershire", slug="worcestershire"))
    chair = PersonFactory(plan=plan, name="Sam Carter", role="Director of Children's Services")
    wellbeing = BoardFactory(plan=plan, name="Health and Wellbeing Board", cadence_text="")
    improvement = BoardFactory(
        plan=plan,
        name="SEND Improvement Board",
        purpose="Holds the partnership to account for the plan.",
        chair=chair,
        cadence_text="monthly",
        every_weeks=4,
        reports_to=wellbeing,
        reports_to_text="",
    )
    BoardMemberFactory(board=improvement, person=chair)
    return plan


def _read_back(plan: Plan) -> Plan:
    data = json.loads(to_json(export_plan(plan)))
    return write_plan(data, area=LocalAreaFactory(name="Copy", slug="copy"), actor_label="test")


def test_board_fields_and_the_board_above_survive_a_round_trip():
    copy = _read_back(_plan_with_boards())
    board = Board.objects.get(plan=copy, name="SEND Improvement Board")
    assert board.purpose == "Holds the partnership to account for the plan."
    assert board.chair is not None and board.chair.name == "Sam Carter"
    assert board.chair.plan_id == copy.pk
    assert (board.cadence_text, board.every_weeks) == ("monthly", 4)
    assert board.reports_to is not None
    assert board.reports_to.name == "Health and Wellbeing Board"
    assert board.reports_to.plan_id == copy.pk
    assert [m.person.name for m in board.members.all()] == ["Sam Carter"]
    above = Board.objects.get(plan=copy, name="Health and Wellbeing Board")
    assert (above.chair, above.every_weeks, above.reports_to) == (None, None, None)


def test_a_file_from_before_the_new_board_fields_still_reads():
    data = export_plan(_plan_with_boards())
    for board in data["boards"]:
        for key in ("purpose", "chair", "every_weeks", "reports_to_board"):
            del board[key]
    copy = write_plan(data, area=LocalAreaFactory(name="Old", slug="old"), actor_label="test")
    board = Board.objects.get(plan=copy, name="SEND Improvement Board")
    assert (board.purpose, board.chair, board.every_weeks) == ("", None, None)


@pytest.mark.parametrize("weeks", [521, -1, "monthly", True])
def test_a_rhythm_that_is_not_a_number_of_weeks_is_refused_naming_the_field(weeks):
    data = export_plan(_plan_with_boards())
    data["boards"][0]["every_weeks"] = weeks
    plans_before = Plan.objects.count()
    with pytest.raises(InterchangeError, match=r"boards\[0\]\.every_weeks"):
        write_plan(data, area=LocalAreaFactory(name="Bad", slug="bad"), actor_label="test")
    assert Plan.objects.count() == plans_before
