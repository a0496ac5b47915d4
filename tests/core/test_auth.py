"""Signing in: password, lockout, password reset, two-factor for managers, closed sign-up, pages."""

import datetime as dt
import re

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from security_headers import assert_strict_csp
from totp import activate_totp, totp_code
from wsoa.core.auth import TWO_FACTOR_NEEDED

PASSWORD = "correct-horse-battery"  # factories.UserFactory's
pytestmark = pytest.mark.django_db


def sign_in(client: Client, login: str, password: str = PASSWORD):
    return client.post(reverse("login"), {"login": login, "password": password})


def signed_in_client(user, secret: str | None = None) -> Client:
    """Sign in through the real pages, the code too when the user has an authenticator app."""
    client = Client()
    response = sign_in(client, user.username)
    assert response.status_code == 302, response.content.decode()
    if secret:
        assert response["Location"] == reverse("mfa_authenticate")
        client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    return client


def confirm_password(client: Client) -> None:
    """Answer allauth's "confirm access" step, asked before changing two-factor settings."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()


def assert_govuk_page(response, status: int = 200) -> str:
    """Check the page is in our layout: one h1, the CSP header, no inline script or style."""
    html = response.content.decode()
    assert response.status_code == status, html
    assert_strict_csp(response)
    assert 'class="govuk-template"' in html and 'id="main-content"' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert " style=" not in html and "<style" not in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert all("src=" in attrs and not body.strip() for attrs, body in scripts)
    return html


def test_sign_in_by_username_lands_on_the_areas_page(board_member, area):
    client = Client()
    response = sign_in(client, "board_member-user")
    assert response.status_code == 302 and response["Location"] == reverse("plans:areas")
    html = client.get(reverse("plans:areas")).content.decode()
    assert "Signed in as board_member-user" in html and "Hartlepool" in html


def test_sign_in_by_email_address_works(board_member):
    board_member.email = "board.member@hartlepool.gov.uk"
    board_member.save()
    response = sign_in(Client(), "Board.Member@hartlepool.gov.uk")
    assert response.status_code == 302 and response["Location"] == reverse("plans:areas")


def test_wrong_password_shows_a_govuk_error_summary(board_member):
    response = sign_in(Client(), "board_member-user", "wrong")
    html = assert_govuk_page(response)
    assert "<title>Error: Sign in – wsoa</title>" in html
    assert 'class="govuk-error-summary"' in html and 'href="#id_login"' in html


def test_sign_in_page_asks_for_username_and_password_and_offers_no_sign_up():
    html = assert_govuk_page(Client().get(reverse("login")))
    assert 'for="id_login">Username or e-mail address</label>' in html
    assert 'autocomplete="current-password"' in html and "placeholder" not in html
    assert reverse("account_reset_password") in html
    assert reverse("account_signup") not in html


def test_fifth_failure_locks_the_account_and_the_right_password_is_then_refused(board_member):
    client = Client()
    for _ in range(4):
        assert sign_in(client, "board_member-user", "wrong").status_code == 200
    assert sign_in(client, "board_member-user", "wrong").status_code == 429
    response = sign_in(client, "board_member-user")
    html = assert_govuk_page(response, status=429)
    assert "You cannot sign in for 30 minutes" in html
    assert re.search(r"try again after \d{1,2}:\d\d[ap]m on \d{1,2} \w+ \d{4}", html)
    assert reverse("account_reset_password") in html
    assert client.get(reverse("plans:areas")).status_code == 302


def test_lockout_is_for_that_username_only(board_member, contributor):
    client = Client()
    for _ in range(5):
        sign_in(client, "board_member-user", "wrong")
    assert sign_in(client, "contributor-user")["Location"] == reverse("plans:areas")


def test_lockout_ends_after_30_minutes(board_member):
    with time_machine.travel(dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        client = Client()
        for _ in range(5):
            sign_in(client, "board_member-user", "wrong")
        clock.shift(dt.timedelta(minutes=31))
        assert sign_in(client, "board_member-user")["Location"] == reverse("plans:areas")


def test_password_reset_email_link_sets_a_password_that_works(board_member):
    board_member.email = "board.member@hartlepool.gov.uk"
    board_member.save()
    client = Client()
    response = client.post(
        reverse("account_reset_password"), {"email": "board.member@hartlepool.gov.uk"}
    )
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["board.member@hartlepool.gov.uk"]
    assert "board_member-user" in mail.outbox[0].body
    link = re.search(r"http://testserver(/account/password/reset/key/\S+)", mail.outbox[0].body)
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    html = assert_govuk_page(form_page)
    assert 'name="password1"' in html
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": "a-new-long-password-7", "password2": "a-new-long-password-7"},
    )
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    assert sign_in(Client(), "board_member-user", "a-new-long-password-7").status_code == 302
    assert sign_in(Client(), "board_member-user").status_code == 200  # old one refused


def test_password_reset_for_an_unknown_address_says_the_same_and_tells_no_one_else():
    response = Client().post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("account_reset_password_done")
    assert all("reset/key" not in message.body for message in mail.outbox)


@pytest.mark.parametrize("role", ["area_admin", "plan_manager"])
def test_manager_without_an_authenticator_is_sent_to_set_one_up(request, role, plan):
    user = request.getfixturevalue(role)
    client = signed_in_client(user)
    pages = [
        reverse("plans:areas"),
        reverse("plans:area", args=[plan.area.slug]),
        reverse("plans:plan", args=[plan.area.slug, plan.pk]),
        reverse("mfa_index"),
        reverse("account_change_password"),
        reverse("account_email"),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302 and response["Location"] == reverse(
            "mfa_activate_totp"
        ), page
    # The password typed to sign in a moment ago is not asked for again (test_two_factor_flow).
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    html = assert_govuk_page(response)
    assert TWO_FACTOR_NEEDED in html and "Set up an authenticator app" in html
    assert client.get(reverse("plans:areas"))["Location"] == reverse("mfa_activate_totp")


def test_manager_can_still_sign_out_and_load_styles_before_setting_up(plan_manager):
    client = signed_in_client(plan_manager)
    assert client.get("/static/wsoa/favicon.svg").status_code == 200
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get(reverse("plans:areas"))["Location"].startswith(reverse("login"))


def test_manager_who_sets_up_an_authenticator_reaches_every_page(plan_manager, plan):
    client = signed_in_client(plan_manager)
    confirm_password(client)
    html = assert_govuk_page(client.get(reverse("mfa_activate_totp")))
    secret = client.session["mfa.totp.secret"]
    assert re.search(r'<img class="wsoa-qr-code" src="data:image/svg\+xml;base64,', html)
    shown = re.search(r'<code class="wsoa-setup-key" id="setup-key">([A-Z2-7 ]+)</code>', html)
    assert shown and shown.group(1).replace(" ", "") == secret

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert "There is a problem" in assert_govuk_page(wrong)
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    codes = assert_govuk_page(client.get(reverse("mfa_view_recovery_codes")))
    assert "Unused codes" in codes
    assert client.get(reverse("plans:areas")).status_code == 200
    assert client.get(reverse("plans:plan", args=[plan.area.slug, plan.pk])).status_code == 200


@pytest.mark.parametrize("role", ["contributor", "board_member", "forum_rep"])
def test_other_roles_are_not_made_to_set_up_two_factor_but_may(request, role, area):
    client = signed_in_client(request.getfixturevalue(role))
    assert client.get(reverse("plans:areas")).status_code == 200
    html = assert_govuk_page(client.get(reverse("mfa_index")))
    assert reverse("mfa_activate_totp") in html
    confirm_password(client)
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_manager_with_an_authenticator_must_enter_its_code_at_sign_in(plan_manager):
    secret = activate_totp(plan_manager)
    client = Client()
    response = sign_in(client, "plan_manager-user")
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("plans:areas"))["Location"].startswith(reverse("login"))
    assert_govuk_page(client.get(reverse("mfa_authenticate")))
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "There is a problem" in assert_govuk_page(wrong)
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response["Location"] == reverse("plans:areas")
    assert client.get(reverse("plans:areas")).status_code == 200


def test_a_code_cannot_be_used_twice(plan_manager):
    secret = activate_totp(plan_manager)
    first = Client()
    sign_in(first, "plan_manager-user")
    code = totp_code(secret)
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    second = Client()
    sign_in(second, "plan_manager-user")
    assert second.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200


def test_sign_up_is_closed():
    users = get_user_model().objects
    client = Client()
    html = assert_govuk_page(client.get(reverse("account_signup")))
    assert "Sign up closed" in html and 'name="password1"' not in html
    client.post(
        reverse("account_signup"),
        {
            "username": "newcomer",
            "password1": "a-long-password-9",
            "password2": "a-long-password-9",
        },
    )
    assert not users.filter(username="newcomer").exists()


def test_session_ends_after_two_hours_idle(board_member):
    with time_machine.travel(dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        client = signed_in_client(board_member)
        clock.shift(dt.timedelta(hours=1, minutes=59))
        assert client.get(reverse("plans:areas")).status_code == 200
        clock.shift(dt.timedelta(hours=2, minutes=1))
        response = client.get(reverse("plans:areas"))
        assert response["Location"] == f"{reverse('login')}?next=%2F"
        html = client.get(response["Location"]).content.decode()
        assert "signed out after 120 minutes without using wsoa" in html


def test_session_ends_eight_hours_after_sign_in_however_busy(board_member):
    with time_machine.travel(dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        client = signed_in_client(board_member)
        for _ in range(8):
            assert client.get(reverse("plans:areas")).status_code == 200
            clock.shift(dt.timedelta(hours=1))
        clock.shift(dt.timedelta(minutes=1))
        response = client.get(reverse("plans:areas"))
        assert response["Location"] == f"{reverse('login')}?next=%2F"
        html = client.get(response["Location"]).content.decode()
        assert "signed out after 8 hours" in html


ANONYMOUS_PAGES = [
    "login",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
    "account_signup",
]


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_signed_out_pages_are_govuk_pages(name):
    assert_govuk_page(Client().get(reverse(name)))


def test_a_bad_reset_link_is_a_govuk_page():
    response = Client().get(
        reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad-key"})
    )
    assert "Bad token" in assert_govuk_page(response)


@pytest.mark.parametrize(
    "name",
    ["logout", "account_logout", "mfa_index", "mfa_activate_totp", "account_change_password"],
)
def test_signed_in_pages_are_govuk_pages(name, contributor):
    client = signed_in_client(contributor)
    confirm_password(client)
    assert_govuk_page(client.get(reverse(name)))


def test_confirm_access_page_is_a_govuk_page(contributor):
    client = signed_in_client(contributor)
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=6)):
        response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert "Confirm it is you" in assert_govuk_page(response)


@pytest.mark.parametrize(
    "name",
    [
        "mfa_index",
        "mfa_deactivate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
    ],
)
def test_two_factor_pages_are_govuk_pages(name, plan_manager):
    client = signed_in_client(plan_manager, activate_totp(plan_manager))
    confirm_password(client)
    assert_govuk_page(client.get(reverse(name)))


def test_a_manager_cannot_turn_two_factor_off(plan_manager):
    client = signed_in_client(plan_manager, activate_totp(plan_manager))
    confirm_password(client)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert "must keep two-factor authentication on" in assert_govuk_page(response)
    assert Authenticator.objects.filter(user=plan_manager, type="totp").exists()


def test_other_roles_may_turn_two_factor_off(contributor):
    client = signed_in_client(contributor, activate_totp(contributor))
    confirm_password(client)
    assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert not Authenticator.objects.filter(user=contributor, type="totp").exists()
    assert client.get(reverse("plans:areas")).status_code == 200
