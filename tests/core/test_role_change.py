"""A role that needs two-factor authentication takes effect on the member's very next request."""

import pytest
from django.test import Client
from django.urls import reverse

from totp import activate_totp
from wsoa.core import members
from wsoa.core.models import Membership, Role

PASSWORD = "correct-horse-battery"  # factories.UserFactory's
pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"login": user.username, "password": PASSWORD})
    assert response["Location"] == reverse("plans:areas")
    assert client.get(reverse("plans:areas")).status_code == 200
    return client


def sent_to_set_up(client: Client) -> bool:
    return client.get(reverse("plans:areas")).get("Location") == reverse("mfa_activate_totp")


def test_a_contributor_made_plan_manager_must_set_up_two_factor_in_every_session(
    contributor, area_admin
):
    office, laptop = signed_in(contributor), signed_in(contributor)
    membership = Membership.objects.get(user=contributor)
    members.change_member(
        membership=membership, by=area_admin, role=Role.PLAN_MANAGER, organisation=None
    )
    assert sent_to_set_up(office)
    assert sent_to_set_up(laptop)


def test_a_promotion_on_the_members_page_takes_effect_at_once(client_for, contributor, area_admin):
    session = signed_in(contributor)
    membership = Membership.objects.get(user=contributor)
    path = reverse("core:member", args=["hartlepool", membership.pk])
    response = client_for(area_admin).post(path, {"role": "area_admin", "organisation": ""})
    assert response.status_code == 302
    assert sent_to_set_up(session)


def test_a_manager_role_in_another_area_takes_effect_at_once(other_area_user, contributor):
    contributor.email = "contributor@example.org"
    contributor.save()
    session = signed_in(contributor)
    new = members.NewMember("Con Tributor", "contributor@example.org", Role.PLAN_MANAGER)
    members.add_member(area=other_area_user.memberships.get().area, by=other_area_user, new=new)
    assert sent_to_set_up(session)


def test_a_promoted_member_who_already_has_an_authenticator_carries_on(contributor, area_admin):
    activate_totp(contributor)
    client = Client()
    client.force_login(contributor)
    assert client.get(reverse("plans:areas")).status_code == 200
    membership = Membership.objects.get(user=contributor)
    members.change_member(
        membership=membership, by=area_admin, role=Role.PLAN_MANAGER, organisation=None
    )
    assert client.get(reverse("plans:areas")).status_code == 200


def test_a_change_that_is_not_a_promotion_changes_nothing(contributor, area_admin):
    session = signed_in(contributor)
    membership = Membership.objects.get(user=contributor)
    members.change_member(
        membership=membership, by=area_admin, role=Role.BOARD_MEMBER, organisation=None
    )
    assert session.get(reverse("plans:areas")).status_code == 200
