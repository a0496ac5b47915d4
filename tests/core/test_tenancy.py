"""Tenancy: a user reaches an area only through a membership of it; anything else is 404."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory

from factories import LocalAreaFactory, MembershipFactory, PlanFactory
from wsoa.core.models import Role
from wsoa.core.tenancy import area_for, get_in_area
from wsoa.plans.models import Plan


def request_as(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.mark.django_db
def test_area_for_returns_the_users_membership_of_that_area(area, contributor):
    membership = area_for(request_as(contributor), "hartlepool")
    assert membership.area == area
    assert membership.role == Role.CONTRIBUTOR


@pytest.mark.django_db
def test_area_for_an_area_without_a_role_is_404(other_area_user, area):
    with pytest.raises(Http404):
        area_for(request_as(other_area_user), area.slug)


@pytest.mark.django_db
def test_area_for_anonymous_is_404(area):
    with pytest.raises(Http404):
        area_for(request_as(AnonymousUser()), area.slug)


@pytest.mark.django_db
def test_area_for_an_unknown_slug_is_404(board_member):
    with pytest.raises(Http404):
        area_for(request_as(board_member), "atlantis")


@pytest.mark.django_db
def test_area_for_a_request_with_no_user_is_404(area):
    with pytest.raises(Http404):
        area_for(RequestFactory().get("/"), area.slug)


@pytest.mark.django_db
def test_area_for_an_inactive_user_is_404(area, board_member):
    board_member.is_active = False
    with pytest.raises(Http404):
        area_for(request_as(board_member), area.slug)


@pytest.mark.django_db
def test_a_user_with_roles_in_two_areas_gets_the_right_membership(area, other_area, board_member):
    MembershipFactory(user=board_member, area=other_area, role=Role.AREA_ADMIN)
    assert area_for(request_as(board_member), other_area.slug).role == Role.AREA_ADMIN
    assert area_for(request_as(board_member), area.slug).role == Role.BOARD_MEMBER


@pytest.mark.django_db
def test_get_in_area_finds_the_areas_own_row(area):
    plan = PlanFactory(area=area)
    assert get_in_area(Plan.objects, area, pk=plan.pk) == plan


@pytest.mark.django_db
def test_get_in_area_hides_another_areas_row(area, other_area):
    plan = PlanFactory(area=other_area)
    with pytest.raises(Http404):
        get_in_area(Plan.objects, area, pk=plan.pk)


@pytest.mark.django_db
def test_get_in_area_with_no_lookup_fails_closed(area):
    PlanFactory(area=area)
    with pytest.raises(Http404):
        get_in_area(Plan.objects, area)


@pytest.mark.django_db
def test_get_in_area_of_rows_that_cannot_be_scoped_fails():
    area = LocalAreaFactory()
    with pytest.raises(AttributeError):
        get_in_area(area.memberships, area, pk=1)


@pytest.mark.django_db
def test_audit_rows_cannot_be_changed_even_by_a_bulk_update(area):
    from django.db import DatabaseError, connection, transaction

    from wsoa.core.audit import record_event
    from wsoa.core.models import AuditEvent

    event = record_event(obj=area, action="area.made", summary="Made")
    event.summary = "Changed"
    with pytest.raises(ValueError, match="cannot be changed"):
        event.save()
    with pytest.raises(ValueError, match="cannot be deleted"):
        event.delete()
    if connection.vendor == "postgresql":
        with (
            pytest.raises(DatabaseError, match="cannot be changed or deleted"),
            transaction.atomic(),
        ):
            AuditEvent.objects.filter(pk=event.pk).update(summary="Changed")
    assert AuditEvent.objects.get(pk=event.pk).summary == "Made"
