"""Setting up two-factor: asked for the password once, a way on from the codes, safe buttons."""

import datetime as dt
import re

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse
from test_auth import PASSWORD, assert_govuk_page, signed_in_client

from totp import activate_totp, totp_code

pytestmark = pytest.mark.django_db


def _later(minutes: int) -> time_machine.travel:
    return time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=minutes))


def _set_up(client: Client) -> str:
    """Turn on an authenticator app from the set-up page; return the recovery codes page."""
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    return assert_govuk_page(client.get(reverse("mfa_view_recovery_codes")))


def test_a_manager_signing_in_goes_straight_to_set_up_without_typing_the_password_again(
    plan_manager,
):
    client = signed_in_client(plan_manager)
    response = client.get(reverse("plans:areas"), follow=True)
    chain = [url for url, _status in response.redirect_chain]
    assert chain == [reverse("mfa_activate_totp")]
    assert "Set up an authenticator app" in assert_govuk_page(response)
    assert "Recovery codes" in _set_up(client)


def test_the_password_is_asked_again_once_the_sign_in_is_no_longer_recent(plan_manager):
    client = signed_in_client(plan_manager)
    with _later(6):
        response = client.get(reverse("mfa_activate_totp"))
        assert response["Location"].startswith(reverse("account_reauthenticate"))
        confirmed = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        assert confirmed.status_code == 302
        assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_a_wrong_password_on_the_confirm_page_does_not_let_anyone_through(plan_manager):
    client = signed_in_client(plan_manager)
    with _later(6):
        wrong = client.post(reverse("account_reauthenticate"), {"password": "not-the-password"})
        assert "There is a problem" in assert_govuk_page(wrong)
        response = client.get(reverse("mfa_activate_totp"))
        assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_recovery_codes_page_offers_a_way_on_to_the_plans(plan_manager):
    html = _set_up(signed_in_client(plan_manager))
    button = r'<a href="([^"]+)"[^>]*class="govuk-button"[^>]*>Continue to your plans'
    way_on = re.search(button, html)
    assert way_on and way_on.group(1) == reverse("plans:areas")


def test_download_is_the_primary_button_and_generate_a_secondary_one(plan_manager):
    html = _set_up(signed_in_client(plan_manager))
    download = re.search(r'class="([^"]+)"[^>]*>Download codes<', html)
    generate = re.search(r'class="([^"]+)"[^>]*>Generate new codes<', html)
    assert download and download.group(1) == "govuk-button"
    assert generate and "govuk-button--secondary" in generate.group(1)
    assert html.index("Download codes") < html.index("Generate new codes")


def test_generating_new_codes_asks_first_and_cancel_keeps_the_old_ones(plan_manager):
    client = signed_in_client(plan_manager)
    _set_up(client)
    before = Authenticator.objects.get(user=plan_manager, type="recovery_codes")
    old_codes = before.wrap().get_unused_codes()
    confirm = assert_govuk_page(client.get(reverse("mfa_generate_recovery_codes")))
    assert "will stop working" in confirm
    assert re.search(r'class="govuk-button govuk-button--warning"[^>]*>Generate new codes', confirm)
    assert f'href="{reverse("mfa_view_recovery_codes")}">Cancel and keep my codes' in confirm
    assert Authenticator.objects.get(pk=before.pk).wrap().get_unused_codes() == old_codes
    client.post(reverse("mfa_generate_recovery_codes"))
    after = Authenticator.objects.get(user=plan_manager, type="recovery_codes")
    assert after.wrap().get_unused_codes() != old_codes


def test_sign_in_page_puts_the_forgotten_password_link_after_the_password_input():
    html = assert_govuk_page(Client().get(reverse("login")))
    label = html.index('<label class="govuk-label" for="id_password"')
    field = html.index('id="id_password" name="password"')
    link = html.index(f'href="{reverse("account_reset_password")}"')
    assert label < field < link
    assert "govuk-hint" not in html[label:field]


def test_confirm_page_puts_the_forgotten_password_link_after_the_password_input(contributor):
    client = signed_in_client(contributor)
    with _later(6):
        html = assert_govuk_page(client.get(reverse("account_reauthenticate")))
    label = html.index('for="id_password"')
    field = html.index('name="password"')
    link = html.index(f'href="{reverse("account_reset_password")}"')
    assert label < field < link
    assert "Forgot your password?" not in html


def test_a_manager_with_an_app_is_not_asked_the_password_again_right_after_signing_in(
    plan_manager,
):
    client = signed_in_client(plan_manager, activate_totp(plan_manager))
    assert client.get(reverse("mfa_generate_recovery_codes")).status_code == 200
