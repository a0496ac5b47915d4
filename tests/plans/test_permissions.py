"""Every page, as every persona: members read, another area's user gets 404, anonymous signs in."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from factories import MEMBERS

PLAN_PAGES = ["plan", "plan_findings", "plan_people", "plan_glossary", "plan_boards"]
AREA_PAGES = ["area", *PLAN_PAGES, "item"]


def url_of(name, area, plan, item):
    """Return the path of a page of the area, with real ids."""
    if name == "areas":
        return reverse("areas")
    if name == "area":
        return reverse("area", args=[area.slug])
    if name == "item":
        return reverse("item", args=[area.slug, plan.pk, item.pk])
    return reverse(name, args=[area.slug, plan.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("persona", MEMBERS, indirect=True)
@pytest.mark.parametrize("name", ["areas", *AREA_PAGES])
def test_members_of_the_area_see_every_page(client_for, persona, name, area, plan, item):
    response = client_for(persona).get(url_of(name, area, plan, item))
    assert response.status_code == 200
    assert b"Hartlepool" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("name", AREA_PAGES)
def test_other_area_user_gets_404_on_every_page(
    client_for, other_area_user, name, area, plan, item
):
    response = client_for(other_area_user).get(url_of(name, area, plan, item))
    assert response.status_code == 404
    assert b"Hartlepool" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["areas", *AREA_PAGES])
def test_anonymous_is_sent_to_sign_in(client_for, anonymous, name, area, plan, item):
    path = url_of(name, area, plan, item)
    response = client_for(anonymous).get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={path}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", PLAN_PAGES)
def test_another_areas_plan_id_under_this_slug_gives_404(
    client_for, board_member, name, area, other_plan
):
    response = client_for(board_member).get(reverse(name, args=[area.slug, other_plan.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_another_areas_item_id_under_this_slug_gives_404(
    client_for, board_member, area, plan, other_plan
):
    other_item = other_plan.items.first()
    client = client_for(board_member)
    for plan_id in (plan.pk, other_plan.pk):
        response = client.get(reverse("item", args=[area.slug, plan_id, other_item.pk]))
        assert response.status_code == 404


@pytest.mark.django_db
def test_item_of_another_plan_in_the_same_area_gives_404(client_for, board_member, area, plan):
    from factories import build_plan

    second = build_plan(area, objectives=1, actions=1)
    response = client_for(board_member).get(
        reverse("item", args=[area.slug, plan.pk, second.items.first().pk])
    )
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [*MEMBERS, "other_area_user"], indirect=True)
def test_unknown_area_gives_404(client_for, persona):
    response = client_for(persona).get(reverse("area", args=["nowhere"]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_other_area_user_reads_their_own_area(client_for, other_area_user, other_plan):
    slug = other_plan.area.slug
    client = client_for(other_area_user)
    assert client.get(reverse("plan", args=[slug, other_plan.pk])).status_code == 200


@pytest.mark.django_db
def test_areas_page_lists_only_the_users_areas(client_for, other_area_user, plan, other_plan):
    response = client_for(other_area_user).get(reverse("areas"))
    assert b"Stockton-on-Tees" in response.content
    assert b"Hartlepool" not in response.content


@pytest.mark.django_db
def test_inactive_member_is_not_let_in(client_for, board_member, area):
    client = client_for(board_member)
    board_member.is_active = False
    board_member.save()
    response = client.get(reverse("area", args=[area.slug]))
    assert response.status_code in {302, 404}


def test_views_never_query_area_data_unscoped():
    views = Path(__file__).resolve().parents[2] / "src" / "wsoa" / "plans" / "views.py"
    source = views.read_text()
    assert not re.search(r"\.objects\.(all|get|filter|exclude|first|last)\(", source)
    assert "get_in_area(" in source and "area_for(" in source
