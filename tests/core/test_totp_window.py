"""A two-factor code is accepted a step late (a busy server answers after its 30 seconds end),
and never twice while it is still accepted."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from factories import MembershipFactory, UserFactory
from totp import activate_totp, totp_code
from wsoa.core.models import Role

PASSWORD = "correct-horse-battery"  # factories.UserFactory's
STEP = dt.datetime(2026, 11, 25, 9, 0, 0, tzinfo=dt.UTC)  # the start of a 30-second step
pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    cache.clear()
    user = UserFactory()
    MembershipFactory(user=user, role=Role.PLAN_MANAGER)
    return user


def sign_in(user, code: str) -> bool:
    """Sign in with the password and this code; say whether the code was accepted."""
    client = Client()
    response = client.post(reverse("login"), {"login": user.username, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    answer = client.post(reverse("mfa_authenticate"), {"code": code})
    return answer.status_code == 302 and answer["Location"] != reverse("mfa_authenticate")


def test_a_code_of_the_step_just_ended_is_accepted(manager):
    secret = activate_totp(manager)
    typed = totp_code(secret, at=STEP.timestamp() - 1)  # shown in the last second of its step
    with time_machine.travel(STEP + dt.timedelta(seconds=4), tick=False):
        assert sign_in(manager, typed)


def test_a_code_two_steps_old_is_refused(manager):
    secret = activate_totp(manager)
    typed = totp_code(secret, at=STEP.timestamp() - 31)
    with time_machine.travel(STEP + dt.timedelta(seconds=4), tick=False):
        assert not sign_in(manager, typed)


def test_a_code_is_refused_the_second_time_while_it_is_still_valid(manager):
    secret = activate_totp(manager)
    typed = totp_code(secret, at=STEP.timestamp() + 1)
    with time_machine.travel(STEP + dt.timedelta(seconds=2), tick=False):
        assert sign_in(manager, typed)
    # allauth remembers a used code for one step only; it is still valid in the next one
    with time_machine.travel(STEP + dt.timedelta(seconds=45), tick=False):
        assert not sign_in(manager, typed)
    with time_machine.travel(STEP + dt.timedelta(seconds=46), tick=False):
        assert sign_in(manager, totp_code(secret, at=STEP.timestamp() + 46))


def test_tests_signing_a_person_in_twice_wait_for_the_next_code(manager):
    # The browser journeys sign a manager in twice: the second time, within the same step,
    # the code shown is the one just used, which wsoa refuses; a person waits for the next.
    from totp import unused_code

    secret = activate_totp(manager)
    with time_machine.travel(STEP + dt.timedelta(seconds=24), tick=True):  # 6 s of the step left
        first = unused_code(secret)
        assert sign_in(manager, first)
        second = unused_code(secret)  # sleeps to the next step
        assert second != first and sign_in(manager, second)


def test_a_code_used_already_is_refused_saying_so_and_a_wrong_one_as_incorrect(manager):
    secret = activate_totp(manager)
    typed = totp_code(secret, at=STEP.timestamp() + 1)

    def answer(code: str) -> str:
        client = Client()
        client.post(reverse("login"), {"login": manager.username, "password": PASSWORD})
        return client.post(reverse("mfa_authenticate"), {"code": code}).content.decode()

    with time_machine.travel(STEP + dt.timedelta(seconds=2), tick=False):
        assert sign_in(manager, typed)
        assert "That code has been used already. Wait for your authenticator app" in answer(typed)
        wrong = f"{(int(typed) + 1) % 1_000_000:06d}"
        page = answer(wrong)
        assert "Incorrect code" in page and "used already" not in page
