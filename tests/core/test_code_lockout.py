"""Two-factor codes at sign-in: five wrong codes stop the account signing in for 30 minutes."""

import datetime as dt

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from factories import MembershipFactory, UserFactory
from totp import activate_totp, totp_code
from wsoa.core import code_attempts
from wsoa.core.models import AuditEvent, Role

PASSWORD = "correct-horse-battery"  # factories.UserFactory's
START = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
LOCKED = "Too many wrong codes"
pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def at_code_step(user, address: str = "127.0.0.1") -> Client:
    """Sign in with the password from an address, stopping where the code is asked for."""
    client = Client(REMOTE_ADDR=address)
    response = client.post(reverse("login"), {"login": user.username, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate"), response.content.decode()
    return client


def enter(client: Client, code: str):
    return client.post(reverse("mfa_authenticate"), {"code": code})


def wrong(secret: str) -> str:
    """A six-digit code that the authenticator app is not showing now."""
    return f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"


def signed_in(client: Client) -> bool:
    return client.get(reverse("plans:areas")).status_code == 200


def test_after_five_wrong_codes_the_right_one_is_refused_until_30_minutes_pass(
    clock, plan_manager, area
):
    secret = activate_totp(plan_manager)
    client = at_code_step(plan_manager)
    for _ in range(4):
        assert "There is a problem" in enter(client, wrong(secret)).content.decode()
    assert LOCKED in enter(client, wrong(secret)).content.decode()

    refused = enter(client, totp_code(secret))
    html = refused.content.decode()
    assert refused.status_code == 200 and LOCKED in html
    assert "try again after 9:30am on 25 November 2026" in html
    assert not signed_in(client)

    failures = AuditEvent.objects.filter(area=area, action="code.rejected")
    assert failures.count() == 5
    assert all(event.object_id == plan_manager.pk for event in failures)
    lockout = AuditEvent.objects.get(area=area, action="account.locked")
    assert lockout.object_type == "user" and lockout.object_id == plan_manager.pk
    assert lockout.changes["address"] == "127.0.0.1"

    clock.shift(dt.timedelta(minutes=29))
    assert LOCKED in enter(at_code_step(plan_manager), totp_code(secret)).content.decode()
    clock.shift(dt.timedelta(minutes=2))
    later = at_code_step(plan_manager)
    assert enter(later, totp_code(secret))["Location"] == reverse("plans:areas")
    assert signed_in(later)


def test_the_lockout_covers_the_account_from_every_address(clock, plan_manager):
    secret = activate_totp(plan_manager)
    for n in range(5):
        enter(at_code_step(plan_manager, f"10.0.0.{n + 1}"), wrong(secret))
    elsewhere = at_code_step(plan_manager, "192.0.2.7")
    assert LOCKED in enter(elsewhere, totp_code(secret)).content.decode()
    assert not signed_in(elsewhere)


def test_recovery_codes_count_the_same_way(clock, plan_manager):
    activate_totp(plan_manager)
    recovery = Authenticator.objects.get(user=plan_manager, type=Authenticator.Type.RECOVERY_CODES)
    good = recovery.wrap().get_unused_codes()[0]
    client = at_code_step(plan_manager)
    for n in range(5):
        enter(client, f"{n:08d}")
    assert LOCKED in enter(client, good).content.decode()
    assert not signed_in(client)
    assert good in recovery.wrap().get_unused_codes()  # refused unchecked, so not used up


def test_the_right_code_clears_the_count(clock, plan_manager):
    secret = activate_totp(plan_manager)
    for minute in (0, 1):
        clock.shift(dt.timedelta(minutes=minute))
        client = at_code_step(plan_manager)
        for _ in range(4):
            enter(client, wrong(secret))
        assert enter(client, totp_code(secret))["Location"] == reverse("plans:areas")
    assert not AuditEvent.objects.filter(action="account.locked").exists()


def test_wrong_codes_spread_over_more_than_30_minutes_do_not_lock(clock, plan_manager):
    secret = activate_totp(plan_manager)
    for _ in range(4):
        enter(at_code_step(plan_manager), wrong(secret))
    clock.shift(dt.timedelta(minutes=31))
    client = at_code_step(plan_manager)
    enter(client, wrong(secret))
    assert enter(client, totp_code(secret))["Location"] == reverse("plans:areas")


def test_one_address_trying_many_accounts_is_stopped(clock, settings, area):
    settings.TWO_FACTOR_ADDRESS_FAILURE_LIMIT = 3
    users = [
        MembershipFactory(area=area, role=Role.PLAN_MANAGER, user=UserFactory()).user
        for _ in range(3)
    ]
    secrets = [activate_totp(user) for user in users]
    enter(at_code_step(users[0], "198.51.100.9"), wrong(secrets[0]))
    enter(at_code_step(users[1], "198.51.100.9"), wrong(secrets[1]))
    enter(at_code_step(users[1], "198.51.100.9"), wrong(secrets[1]))
    same_address = at_code_step(users[2], "198.51.100.9")
    assert LOCKED in enter(same_address, totp_code(secrets[2])).content.decode()
    elsewhere = at_code_step(users[2], "203.0.113.4")
    assert enter(elsewhere, totp_code(secrets[2]))["Location"] == reverse("plans:areas")


def test_confirming_access_with_a_code_counts_too(clock, plan_manager):
    secret = activate_totp(plan_manager)
    client = at_code_step(plan_manager)
    assert enter(client, totp_code(secret))["Location"] == reverse("plans:areas")
    for _ in range(5):
        client.post(reverse("mfa_reauthenticate"), {"code": wrong(secret)})
    clock.shift(dt.timedelta(seconds=30))  # a new code, not the one already used
    response = client.post(reverse("mfa_reauthenticate"), {"code": totp_code(secret)})
    assert response.status_code == 200 and LOCKED in response.content.decode()


def test_codes_sent_at_once_are_counted_before_any_is_checked(plan_manager):
    tried = [code_attempts.start_attempt(user=plan_manager, address="192.0.2.1") for _ in range(6)]
    assert [attempt.locked_until is None for attempt in tried] == [True] * 5 + [False]
