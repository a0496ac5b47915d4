"""The plan's navigation shows a role only the tabs it may open: each shown tab opens (200),
each tab it hides would be refused (403). One rule: `progress.permissions.plan_tabs`."""

import re

import pytest
from django.urls import reverse

from personas import MEMBERS
from wsoa.progress.models import Confirmer, PlanSettings

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav aria-label="Plan sections".*?</nav>', re.S)


def tabs_on(client, url: str) -> list[str]:
    """The addresses of the plan navigation's tabs on the page at url."""
    response = client.get(url)
    assert response.status_code == 200
    [nav] = NAV.findall(response.content.decode())
    return re.findall(r'href="([^"]+)"', nav)


@pytest.fixture
def every_tab(client_for, area_admin, plan):
    """All the plan's tabs: an area admin may open every one."""
    found = tabs_on(client_for(area_admin), reverse("plans:plan", args=[plan.area.slug, plan.pk]))
    names = {"returns", "reviews", "owners", "cycle"}
    assert {reverse(f"progress:{n}", args=[plan.area.slug, plan.pk]) for n in names} <= set(found)
    return found


@pytest.mark.parametrize("confirmer", [Confirmer.MANAGER, Confirmer.BOARD])
@pytest.mark.parametrize("persona", MEMBERS, indirect=True)
def test_each_role_sees_the_tabs_it_may_open_and_no_other(
    persona, confirmer, client_for, plan, every_tab
):
    PlanSettings.objects.create(plan=plan, rag_confirmed_by=confirmer)
    client = client_for(persona)
    shown = tabs_on(client, reverse("plans:plan", args=[plan.area.slug, plan.pk]))
    assert set(shown) <= set(every_tab)
    for url in every_tab:
        expected = 200 if url in shown else 403
        assert client.get(url).status_code == expected, url


def test_board_member_sees_ratings_to_review_only_when_the_board_confirms(
    client_for, board_member, plan
):
    client = client_for(board_member)
    reviews = reverse("progress:reviews", args=[plan.area.slug, plan.pk])
    cycle_page = reverse("progress:cycle", args=[plan.area.slug, plan.pk])
    assert reviews not in tabs_on(client, cycle_page)
    PlanSettings.objects.update_or_create(plan=plan, defaults={"rag_confirmed_by": Confirmer.BOARD})
    assert reviews in tabs_on(client, cycle_page)


@pytest.mark.parametrize("persona", ["contributor", "forum_rep"], indirect=True)
def test_readers_see_no_manager_tabs_on_any_plan_page(persona, client_for, plan):
    client = client_for(persona)
    for url in tabs_on(client, reverse("plans:plan", args=[plan.area.slug, plan.pk])):
        tabs = tabs_on(client, url)
        assert not any(t.endswith(("/owners/", "/reviews/", "/returns/")) for t in tabs), url
