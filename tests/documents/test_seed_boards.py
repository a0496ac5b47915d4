"""The boards each seed plan names: in membership tables and in its governance prose.

The seeds are the specification: each board listed here is named in the plan's text, and no
other board is read from it.
"""

import html
import time
from pathlib import Path

import pytest

from wsoa.documents.importers.plantext import parse_plan_text
from wsoa.documents.importing import import_plan
from wsoa.plans.models import Board

SEEDS = Path(__file__).resolve().parents[2] / "src" / "wsoa" / "documents" / "seeds"
HWB = "Health and Wellbeing Board"
EXPECTED = {
    "000_56886334a7fafb51.txt": [  # Hartlepool
        (
            "SEND Improvement Board",
            "every 6 weeks",
            "quarterly to the Children's Strategic Partnership and bi-annually to the " + HWB,
            18,
        ),
        (HWB, "", "", 0),
    ],
    "001_ae72a16c3b6432fd.txt": [(HWB, "", "", 0)],  # Stockton: "directly in to the HWB"
    "002_42220b0dc9254f8f.txt": [("Improvement Board", "", "", 0)],  # Durham
    "003_b9ec3471d1f06a02.txt": [],  # Peterborough names no governance board in prose
    "004_f5d818488e67f6ca.txt": [  # Worcestershire
        ("SEND Improvement Board", "monthly", HWB, 0),
        (HWB, "quarterly", "", 0),
    ],
}


def boards_of(name: str) -> list[tuple[str, str, str, int]]:
    data = parse_plan_text((SEEDS / name).read_text(), source_name=name).data
    return [(b["name"], b["cadence"], b["reports_to"], len(b["members"])) for b in data["boards"]]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_seed_gives_exactly_the_boards_it_names(name):
    assert boards_of(name) == EXPECTED[name]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "below", "above"),
    [
        ("000_56886334a7fafb51.txt", "SEND Improvement Board", HWB),
        ("004_f5d818488e67f6ca.txt", "SEND Improvement Board", HWB),
    ],
)
def test_a_board_reports_to_the_board_its_text_names(name, below, above):
    plan = import_plan(path=SEEDS / name, area_name="Seedshire").plan
    board = Board.objects.get(plan=plan, name=below)
    assert board.reports_to == Board.objects.get(plan=plan, name=above)
    assert Board.objects.get(plan=plan, name=above).reports_to is None


@pytest.mark.django_db
def test_hartlepool_board_keeps_its_members_and_rhythm_on_import():
    plan = import_plan(path=SEEDS / "000_56886334a7fafb51.txt", area_name="Hartlepool").plan
    board = Board.objects.get(plan=plan, name="SEND Improvement Board")
    assert board.members.count() == 18
    assert board.cadence_text == "every 6 weeks"


def test_a_board_named_only_in_a_table_row_or_without_the_is_not_a_board():
    text = (
        "SEND Action Plan\n\nJoint Clinical Commissioning Group Board (Redditch)\n\n"
        "Governance\n\nThe plan is shared with partners. Reports go to Board members.\n"
        "\n\nObjective\tActions\tBy whom?\tBy when?\n"
        "1.1 Agree with the Transformation Board\tLA\tMay 2017\n"
    )
    assert parse_plan_text(text).data["boards"] == []


def test_a_long_line_of_reporting_to_boards_is_read_in_linear_time():
    line = "The SEND Board reports to the Area Board and " * 4_000
    text = "SEND Action Plan\n\n" + line + "\n\nObjective\tActions\tBy whom?\tBy when?\n"
    text += "1.1 Do it\tLA\tMay 2017\n"
    started = time.perf_counter()
    data = parse_plan_text(text).data
    assert time.perf_counter() - started < 5
    assert {b["name"] for b in data["boards"]} == {"SEND Board", "Area Board"}


@pytest.mark.django_db
def test_hartlepool_boards_tab_shows_rhythm_reporting_and_members(client_for):
    from django.urls import reverse

    from factories import MembershipFactory, UserFactory
    from page_text import text_of
    from wsoa.core.models import Role

    plan = import_plan(path=SEEDS / "000_56886334a7fafb51.txt", area_name="Hartlepool").plan
    reader = UserFactory(username="reader")
    MembershipFactory(area=plan.area, role=Role.BOARD_MEMBER, user=reader)
    response = client_for(reader).get(reverse("plans:boards", args=[plan.area.slug, plan.pk]))
    page = html.unescape(text_of(response))
    assert "Meets Every 6 weeks" in page.replace("every", "Every")
    assert "quarterly to the Children's Strategic Partnership" in page
    assert f'href="#board-{Board.objects.get(plan=plan, name=HWB).pk}"' in response.content.decode()
    assert "Members of SEND Improvement Board" in page
