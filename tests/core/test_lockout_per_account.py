"""Wrong passwords count per account, whether the username or the e-mail address was typed."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from factories import UserFactory
from wsoa.core.auth import attempted_username

PASSWORD = "correct-horse-battery"  # factories.UserFactory's
pytestmark = pytest.mark.django_db


@pytest.fixture
def member(board_member):
    board_member.email = "Board.Member@hartlepool.gov.uk"
    board_member.save()
    return board_member


def sign_in(client: Client, login: str, password: str = PASSWORD):
    return client.post(reverse("login"), {"login": login, "password": password})


def test_username_and_email_address_failures_add_up_to_one_lockout(member):
    client = Client()
    logins = ["board_member-user", "board.member@hartlepool.gov.uk"] * 3
    statuses = [sign_in(client, login, "wrong").status_code for login in logins[:5]]
    assert statuses == [200, 200, 200, 200, 429]
    assert sign_in(client, "board_member-user").status_code == 429
    assert sign_in(client, "BOARD.MEMBER@hartlepool.gov.uk").status_code == 429


def test_an_email_address_counts_as_its_accounts_username(member, rf: RequestFactory):
    request = rf.post("/sign-in/")
    for typed in ("Board.Member@Hartlepool.gov.uk", " board_member-user "):
        assert attempted_username(request, {"username": typed}) == "board_member-user"
    assert attempted_username(request, {"email": "board.member@hartlepool.gov.uk"}) == (
        "board_member-user"
    )
    form = rf.post("/sign-in/", {"login": "BOARD.member@hartlepool.gov.uk"})
    assert attempted_username(form, None) == "board_member-user"


def test_an_unknown_or_shared_address_is_counted_as_typed(member, rf: RequestFactory):
    UserFactory(username="first", email="shared@example.org")
    UserFactory(username="second", email="Shared@example.org")
    request = rf.post("/sign-in/")
    assert attempted_username(request, {"username": "Nobody@Example.org"}) == "nobody@example.org"
    assert attempted_username(request, {"username": "shared@example.org"}) == "shared@example.org"
