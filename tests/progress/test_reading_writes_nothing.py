"""Reading a plan's pages and checking permissions write nothing: cycle settings included."""

import pytest
from django.urls import reverse

from wsoa.progress import permissions as can
from wsoa.progress.models import Confirmer, PlanSettings

pytestmark = pytest.mark.django_db


def test_pages_and_permission_checks_of_a_plan_without_settings_save_none(
    client_for, board_member, plan, item
):
    client = client_for(board_member)
    for name, args in (("plans:plan", [plan.pk]), ("progress:item", [plan.pk, item.pk])):
        response = client.get(reverse(name, args=[plan.area.slug, *args]))
        assert response.status_code == 200
    membership = board_member.memberships.get(area=plan.area)
    assert can.can_decide(membership, plan) is False
    assert not PlanSettings.objects.exists()


def test_unsaved_defaults_are_read_and_saved_settings_win(plan):
    assert PlanSettings.objects.for_plan(plan).rag_confirmed_by == Confirmer.MANAGER
    assert not PlanSettings.objects.exists()
    saved = PlanSettings.objects.for_changing(plan)
    saved.rag_confirmed_by = Confirmer.BOARD
    saved.save()
    assert PlanSettings.objects.for_plan(plan).rag_confirmed_by == Confirmer.BOARD
    assert PlanSettings.objects.for_changing(plan).pk == saved.pk
    assert PlanSettings.objects.count() == 1


def test_the_cycle_page_still_saves_the_defaults_it_shows(client_for, plan_manager, plan):
    response = client_for(plan_manager).get(
        reverse("progress:cycle", args=[plan.area.slug, plan.pk])
    )
    assert response.status_code == 200
    assert PlanSettings.objects.filter(plan=plan).count() == 1
