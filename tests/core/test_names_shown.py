"""People are shown by name and organisation wherever a page shows a person, never by username."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from page_text import text_of
from wsoa.core.models import Membership, Organisation, OrganisationKind
from wsoa.core.people import display_name, names_in_area
from wsoa.plans.rag import Rag
from wsoa.progress import services
from wsoa.progress.models import Outcome
from wsoa.progress.services import UpdateIn
from wsoa.reports.content import build_pack
from wsoa.reports.window import window_for

pytestmark = pytest.mark.django_db


def named(user, first: str, last: str, organisation: str = "") -> None:
    user.first_name, user.last_name = first, last
    user.save()
    if organisation:
        membership = Membership.objects.get(user=user)
        membership.organisation = Organisation.objects.create(
            area=membership.area, name=organisation, kind=OrganisationKind.COUNCIL
        )
        membership.save()


@pytest.fixture
def people(contributor, plan_manager):
    named(contributor, "Penny", "Richardson", "Worcestershire County Council")
    named(plan_manager, "Sam", "Ferguson")
    return contributor, plan_manager


@pytest.fixture
def decided(item, people):
    owner, manager = people
    services.assign(item=item, user=owner, by=manager)
    update = services.post_update(
        item=item, author=owner, data=UpdateIn(commentary="Done", proposed_rag=Rag.AMBER)
    )
    services.decide(update=update, by=manager, outcome=Outcome.CONFIRMED, reason="Agreed")
    return item


def test_display_name_prefers_the_name_and_adds_the_organisation(people):
    owner, _ = people
    assert display_name(owner) == "Penny Richardson"
    assert display_name(owner, "WCC") == "Penny Richardson (WCC)"
    owner.first_name = owner.last_name = ""
    assert display_name(owner) == owner.get_username()  # only when there is no name


def test_names_in_area_name_every_member_with_their_organisation(area, people):
    owner, manager = people
    names = names_in_area(area)
    assert names[owner.pk] == "Penny Richardson (Worcestershire County Council)"
    assert names[manager.pk] == "Sam Ferguson"


def test_item_page_names_the_author_the_decider_and_the_history_by_name(
    client_for, decided, people
):
    owner, manager = people
    url = reverse("progress:item", args=[decided.plan.area.slug, decided.plan_id, decided.pk])
    text = text_of(client_for(manager).get(url))
    assert "Penny Richardson" in text
    assert "Confirmed by Sam Ferguson" in text
    assert "Penny Richardson (Worcestershire County Council)" in text  # the history's who
    for username in (owner.get_username(), manager.get_username()):
        assert username not in text


def test_item_edit_page_assign_picker_and_history_use_names(client_for, decided, people):
    owner, manager = people
    url = reverse("progress:edit", args=[decided.plan.area.slug, decided.plan_id, decided.pk])
    text = text_of(client_for(manager).get(url))
    assert "Penny Richardson (Worcestershire County Council)" in text
    assert owner.get_username() not in text


def test_members_list_and_header_show_names(client_for, area, people, area_admin):
    named(area_admin, "Nurinder", "Shergill")
    text = text_of(client_for(area_admin).get(reverse("core:members", args=[area.slug])))
    assert "Signed in as Nurinder Shergill" in text
    assert "Penny Richardson" in text


def test_board_pack_rating_changes_are_signed_by_name_and_organisation(plan, decided, people, area):
    owner, manager = people
    named(manager, "Sam", "Ferguson", "NHS Herefordshire and Worcestershire ICB")
    update = services.post_update(
        item=decided, author=owner, data=UpdateIn(commentary="Late", proposed_rag=Rag.RED)
    )
    services.decide(update=update, by=manager, outcome=Outcome.CONFIRMED, reason="Late")
    window = window_for(plan, next_meeting_on=dt.date.today() + dt.timedelta(days=30))
    pack = build_pack(plan, window)
    signed = {row["decided_by"] for row in pack["rag_changes"]}
    assert signed == {"Sam Ferguson (NHS Herefordshire and Worcestershire ICB)"}
