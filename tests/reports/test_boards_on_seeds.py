"""Every seed plan can hold a meeting and make its pack: a board from the plan, or one added."""

from pathlib import Path

import pytest
from django.urls import reverse

from factories import MembershipFactory, UserFactory
from wsoa.core.models import Role
from wsoa.documents.importing import import_plan
from wsoa.plans.models import Board
from wsoa.reports import services
from wsoa.reports.models import Meeting

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parents[2] / "src" / "wsoa" / "documents" / "seeds"
FIRST_BOARD = {  # the board that holds each seed plan to account, or None: the manager adds one
    "000_56886334a7fafb51.txt": "SEND Improvement Board",
    "001_ae72a16c3b6432fd.txt": "Health and Wellbeing Board",
    "002_42220b0dc9254f8f.txt": "Improvement Board",
    "003_b9ec3471d1f06a02.txt": None,
    "004_f5d818488e67f6ca.txt": "SEND Improvement Board",
}


@pytest.mark.parametrize("seed", sorted(FIRST_BOARD))
def test_a_meeting_with_a_drafted_agenda_and_a_pack_for_every_seed(client_for, seed):
    plan = import_plan(path=SEEDS / seed, area_name="Seedshire").plan
    manager = UserFactory(username="seed-manager")
    MembershipFactory(area=plan.area, role=Role.PLAN_MANAGER, user=manager)
    client = client_for(manager)
    args = [plan.area.slug, plan.pk]
    start = client.get(reverse("reports:meeting_new", args=args) + "?draft=1")
    if FIRST_BOARD[seed] is None:
        assert start.status_code == 302
        added = client.post(start["Location"], {"name": "Seedshire SEND Improvement Board"})
        assert added["Location"].endswith("?draft=1")
        start = client.get(added["Location"])
    assert start.status_code == 200
    board = Board.objects.get(
        plan=plan, name=FIRST_BOARD[seed] or "Seedshire SEND Improvement Board"
    )
    agenda = services.draft_agenda(plan)
    assert "Apologies and minutes of the last meeting" in start.content.decode()
    form = {
        "board": board.pk,
        "held_on_0": "5",
        "held_on_1": "10",
        "held_on_2": "2026",
        "agenda": agenda,
    }
    recorded = client.post(reverse("reports:meeting_new", args=args), form)
    assert recorded.status_code == 302, recorded.content[:500]
    meeting = Meeting.objects.get(board__plan=plan)
    assert meeting.agenda_lines()[0] == "Apologies and minutes of the last meeting"
    pack = services.generate_pack(plan=plan, by=manager, board=board)
    assert board.name in pack.html
    assert client.get(reverse("reports:pack", args=[*args, pack.pk])).status_code == 200
