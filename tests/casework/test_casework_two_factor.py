"""Every casework role signs in with two-factor authentication, as plan managers do, even with
no plan role at all (ADR 0022): caseworkers and managers see children's personal data, and
advice givers the advice documents that name the child."""

import pytest
from allauth.mfa.models import Authenticator
from cases_helpers import TODAY, load, row
from django.test import Client
from django.urls import reverse

from factories import UserFactory
from totp import activate_totp, totp_code
from wsoa.casework.models import Case, CaseworkRole
from wsoa.core import app_roles
from wsoa.core.auth import TWO_FACTOR_NEEDED, MFAAdapter, must_set_up_two_factor

PASSWORD = "correct-horse-battery"  # factories.UserFactory's
pytestmark = pytest.mark.django_db


def casework_only(area, role: str, service: str = ""):
    """A user whose only role anywhere is this casework role, with no authenticator app yet."""
    user = UserFactory(username=f"only-{role}")
    CaseworkRole.objects.create(user=user, area=area, role=role, service=service)
    return user


def signed_in(user, secret: str = "") -> Client:
    """Sign in through the real pages, with the authenticator app's code when there is one."""
    client = Client()
    response = client.post(reverse("login"), {"login": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()
    if secret:
        assert response["Location"] == reverse("mfa_authenticate")
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        assert response.status_code == 302, response.content.decode()
    return client


@pytest.fixture
def case(area) -> Case:
    load(area, [row("TF1", "2026-07-20", name="Made-up child Twofactor")], TODAY)
    return Case.objects.get(case_ref="TF1")


def casework_pages(area, case) -> list[str]:
    slug = area.slug
    return [
        reverse("casework:worklist", args=[slug]),
        reverse("casework:case", args=[slug, case.pk]),
        reverse("casework:import", args=[slug]),
        reverse("casework:portal", args=[slug]),
        reverse("plans:areas"),
    ]


def test_the_casework_app_registers_its_roles_with_core():
    assert "casework" in app_roles.registered()


@pytest.mark.parametrize(
    ("role", "service"),
    [("casework_manager", ""), ("caseworker", ""), ("advice_giver", "health")],
)
def test_a_casework_only_user_without_an_authenticator_is_sent_to_set_one_up(
    area, case, role, service
):
    user = casework_only(area, role, service)
    assert not user.memberships.exists()  # no plan role at all
    client = signed_in(user)
    for page in casework_pages(area, case):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == reverse("mfa_activate_totp"), page
    html = client.get(reverse("mfa_activate_totp"), follow=True).content.decode()
    assert TWO_FACTOR_NEEDED in html
    assert not case.events.filter(actor=user).exists()  # the case was never read


def test_setting_up_an_authenticator_opens_the_casework_pages(area, case):
    user = casework_only(area, "casework_manager")
    client = signed_in(user)
    assert client.get(reverse("casework:worklist", args=[area.slug])).status_code == 302
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert client.get(reverse("casework:worklist", args=[area.slug])).status_code == 200
    assert client.get(reverse("casework:import", args=[area.slug])).status_code == 200


def test_a_casework_manager_with_an_authenticator_gives_its_code_then_reaches_casework(area, case):
    user = casework_only(area, "casework_manager")
    secret = activate_totp(user)
    client = Client()
    response = client.post(reverse("login"), {"login": user.username, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    worklist = reverse("casework:worklist", args=[area.slug])
    assert client.get(worklist)["Location"].startswith(reverse("login"))  # not in yet
    client = signed_in(user, secret)
    assert client.get(worklist).status_code == 200
    assert client.get(reverse("casework:case", args=[area.slug, case.pk])).status_code == 200


def test_casework_staff_cannot_turn_two_factor_off(area):
    for role, service in [("casework_manager", ""), ("advice_giver", "health")]:
        user = casework_only(area, role, service)
        activate_totp(user)
        totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        assert not MFAAdapter().can_delete_authenticator(totp), role


def test_a_plan_contributor_with_no_casework_role_is_not_asked(contributor):
    assert not must_set_up_two_factor(contributor)
    assert signed_in(contributor).get(reverse("plans:areas")).status_code == 200


def test_another_areas_casework_role_still_asks_for_two_factor(contributor, other_area):
    CaseworkRole.objects.create(user=contributor, area=other_area, role="caseworker")
    assert must_set_up_two_factor(contributor)
    client = signed_in(contributor)
    assert client.get(reverse("plans:areas"))["Location"] == reverse("mfa_activate_totp")
