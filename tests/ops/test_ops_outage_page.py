"""A database that cannot be reached gives a clean 503 page, wherever the error is raised."""

import logging
from unittest import mock

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError

from wsoa.ops.outage import is_unavailable

DOWN = OperationalError('connection to server at "10.1.2.3", port 5432 failed: Connection refused')


def _assert_clean_503(response) -> None:
    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert '<h1 class="govuk-heading-l">Sorry, the service is unavailable</h1>' in body
    for leak in ("Traceback", "OperationalError", "10.1.2.3", "5432", "psycopg"):
        assert leak not in body


@pytest.fixture
def raising_client(client_for):
    def make(user):
        client = client_for(user)
        client.raise_request_exception = False
        return client

    return make


@pytest.mark.django_db
def test_an_error_in_a_view_gives_the_503_page(raising_client, area_admin, area):
    with mock.patch("wsoa.core.views.area_for", side_effect=DOWN):
        response = raising_client(area_admin).get(f"/areas/{area.slug}/members/")

    _assert_clean_503(response)


@pytest.mark.django_db
def test_reading_the_session_when_the_database_is_down_gives_the_503_page(
    raising_client, contributor
):
    client = raising_client(contributor)
    with mock.patch.object(SessionStore, "load", side_effect=InterfaceError("connection closed")):
        response = client.get("/")

    _assert_clean_503(response)


@pytest.mark.django_db
def test_a_session_that_cannot_be_saved_because_the_database_went_gives_503_not_400(
    raising_client, contributor, settings
):
    # Django reports a failed session save as the session "deleted meanwhile" (a 400).
    settings.SESSION_SAVE_EVERY_REQUEST = True
    client = raising_client(contributor)

    def save(*args, **kwargs):
        try:
            raise DOWN
        except OperationalError:
            raise UpdateError from None

    with mock.patch.object(SessionStore, "save", save):
        response = client.get("/")

    _assert_clean_503(response)


@pytest.mark.django_db
def test_a_bad_request_is_still_a_400(client):
    response = client.get("/", headers={"Host": "evil.example"})

    assert response.status_code == 400


@pytest.mark.django_db
def test_other_errors_still_give_the_500_page(raising_client, area_admin, area):
    with mock.patch("wsoa.core.views.area_for", side_effect=ValueError("a bug")):
        response = raising_client(area_admin).get(f"/areas/{area.slug}/members/")

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


@pytest.mark.django_db
def test_the_503_is_logged_with_its_request_id(raising_client, area_admin, area, caplog):
    caplog.set_level(logging.INFO, logger="wsoa.request")
    with mock.patch("wsoa.core.views.area_for", side_effect=DOWN):
        response = raising_client(area_admin).get(f"/areas/{area.slug}/members/")

    [line] = [r for r in caplog.records if r.name == "wsoa.request"]
    assert line.fields["status"] == 503
    assert line.request_id == response["X-Request-ID"]
    [error] = [r for r in caplog.records if r.name == "django.request"]
    assert error.request_id == response["X-Request-ID"]


def test_an_error_caused_by_the_database_being_down_counts_as_unavailable():
    try:
        try:
            raise DOWN
        except OperationalError as error:
            raise RuntimeError("could not load the plan") from error
    except RuntimeError as wrapped:
        assert is_unavailable(wrapped)
    assert not is_unavailable(ValueError("a bug"))
    assert not is_unavailable(None)
