"""Area admins manage members: accounts, roles, organisations; every change audited."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from page_text import text_of
from personas import PERSONAS, expected_status, persona_name
from wsoa.core.models import AuditEvent, Membership, Organisation, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(area):
    return Organisation.objects.create(area=area, name="Hartlepool Borough Council", kind="council")


def add(client, **data):
    return client.post(reverse("core:members", args=["hartlepool"]), {"action": "member", **data})


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_area_admins_manage_members(client_for, persona, request, area_admin):
    role = persona_name(request)
    admin_row = Membership.objects.get(user=area_admin)
    client = client_for(persona)
    for path in [
        reverse("core:members", args=["hartlepool"]),
        reverse("core:member", args=["hartlepool", admin_row.pk]),
    ]:
        response = client.get(path)
        assert response.status_code == expected_status(role, {"area_admin"})
    before = Membership.objects.count()
    response = add(client, full_name="Sam Lee", email="sam@example.org", role="contributor")
    assert Membership.objects.count() == before + (1 if role == "area_admin" else 0)


def test_adding_a_new_person_makes_an_account_and_sends_a_password_link(
    client_for, area_admin, council
):
    response = add(
        client_for(area_admin),
        full_name="Sam Lee",
        email="Sam.Lee@Example.org",
        role="contributor",
        organisation=council.pk,
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="sam.lee@example.org")
    assert user.username == "sam.lee" and user.get_full_name() == "Sam Lee"
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.CONTRIBUTOR and membership.organisation == council
    [message] = mail.outbox
    assert message.to == ["sam.lee@example.org"]
    assert "Your username is sam.lee" in message.body
    link = re.search(r"http://\S+/password/reset/key/\S+", message.body).group(0)
    path = link.split("8000", 1)[1]
    follow = client_for(None).get(path, follow=True)
    assert follow.status_code == 200 and "password" in text_of(follow).lower()
    event = AuditEvent.objects.get(action="member.added")
    assert event.actor == area_admin and event.changes["account_made"] is True


def test_an_existing_account_gets_the_role_without_a_new_account(
    client_for, area_admin, other_area_user
):
    other_area_user.email = "known@example.org"
    other_area_user.save()
    add(client_for(area_admin), full_name="X", email="KNOWN@example.org", role="board_member")
    assert (
        Membership.objects.get(user=other_area_user, area__slug="hartlepool").role == "board_member"
    )
    assert get_user_model().objects.filter(email__iexact="known@example.org").count() == 1
    assert mail.outbox == []


def test_bad_member_input_is_refused_with_specific_errors(client_for, area_admin, other_area):
    foreign = Organisation.objects.create(area=other_area, name="Stockton Council", kind="council")
    client = client_for(area_admin)
    before = (Membership.objects.count(), get_user_model().objects.count())
    text = text_of(add(client, full_name="", email="not-an-email", role="king"))
    assert "Enter an e-mail address like name@example.org" in text
    assert "Select one of the options shown" in text
    text = text_of(
        add(
            client,
            full_name="Y",
            email="y@example.org",
            role="contributor",
            organisation=foreign.pk,
        )
    )
    assert "Select one of the options shown" in text  # another area's organisation is not offered
    assert (Membership.objects.count(), get_user_model().objects.count()) == before


def test_the_last_area_admin_cannot_be_removed_or_demoted(client_for, area_admin):
    row = Membership.objects.get(user=area_admin)
    client = client_for(area_admin)
    path = reverse("core:member", args=["hartlepool", row.pk])
    text = text_of(client.post(path, {"action": "remove"}))
    assert "An area needs at least one area admin" in text
    text = text_of(client.post(path, {"role": "board_member"}))
    assert "An area needs at least one area admin" in text
    row.refresh_from_db()
    assert row.role == Role.AREA_ADMIN


def test_changing_a_role_and_removing_are_audited(client_for, area_admin, contributor, council):
    row = Membership.objects.get(user=contributor)
    client = client_for(area_admin)
    path = reverse("core:member", args=["hartlepool", row.pk])
    client.post(path, {"role": "plan_manager", "organisation": council.pk})
    row.refresh_from_db()
    assert row.role == Role.PLAN_MANAGER and row.organisation == council
    changed = AuditEvent.objects.get(action="member.changed")
    assert changed.changes["role"] == {"before": "contributor", "after": "plan_manager"}
    client.post(path, {"action": "remove"})
    assert not Membership.objects.filter(pk=row.pk).exists()
    assert AuditEvent.objects.filter(action="member.removed").exists()


def test_another_areas_membership_id_is_404(client_for, area_admin, other_area_user):
    foreign = Membership.objects.get(user=other_area_user)
    client = client_for(area_admin)
    path = reverse("core:member", args=["hartlepool", foreign.pk])
    assert client.get(path).status_code == 404
    assert client.post(path, {"action": "remove"}).status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_organisations_are_added_once_per_area(client_for, area_admin):
    client = client_for(area_admin)
    path = reverse("core:members", args=["hartlepool"])
    data = {"action": "organisation", "org-name": "Hartlepool  Parent  Forum", "org-kind": "forum"}
    assert client.post(path, data).status_code == 302
    assert Organisation.objects.get().name == "Hartlepool Parent Forum"
    text = text_of(client.post(path, data))
    assert "already one of Hartlepool&#x27;s organisations" in text
    assert Organisation.objects.count() == 1
