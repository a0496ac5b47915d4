"""`/healthz` says the process answers, touching nothing; `/readyz` checks what it depends on."""

import json

import pytest
from django.test import Client

from factories import UserFactory
from wsoa.ops import health


def _failing() -> None:
    raise ConnectionError("redis://10.0.0.7:6379 refused the connection")


@pytest.fixture
def staff_client(client_for):
    return client_for(UserFactory(username="operator", is_staff=True))


def test_healthz_answers_ok_without_touching_the_database(client):
    # No django_db mark: any query here would fail the test.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
def test_readyz_tells_anonymous_callers_ready_and_nothing_more(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.content == b"ready"


@pytest.mark.django_db
def test_readyz_shows_staff_each_check(staff_client):
    response = staff_client.get("/readyz")

    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["ready"] is True
    assert set(body["checks"]) == {"database", "cache", "storage", "broker"}
    assert all(check["ok"] for check in body["checks"].values())


@pytest.mark.django_db
def test_a_failing_check_gives_503_with_no_detail_to_anonymous_callers(client, monkeypatch):
    monkeypatch.setitem(health.CHECKS, "cache", _failing)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.content == b"not ready"


@pytest.mark.django_db
def test_staff_see_which_check_failed_but_not_its_message_which_goes_to_the_log(
    staff_client, monkeypatch, caplog
):
    monkeypatch.setitem(health.CHECKS, "cache", _failing)

    response = staff_client.get("/readyz")

    assert response.status_code == 503
    checks = json.loads(response.content)["checks"]
    assert checks["cache"] == {"ok": False, "error": "ConnectionError", "ms": checks["cache"]["ms"]}
    assert checks["database"]["ok"] is True
    assert b"10.0.0.7" not in response.content
    assert "readiness check cache failed: ConnectionError: redis://10.0.0.7" in caplog.text


@pytest.mark.django_db
def test_signed_in_people_who_are_not_staff_get_no_detail(client_for, contributor):
    response = client_for(contributor).get("/readyz")

    assert response.content == b"ready"


@pytest.mark.django_db
def test_a_store_folder_that_cannot_be_made_is_not_ready(settings, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    settings.MEDIA_ROOT = tmp_path / "a-file" / "media"

    with pytest.raises(OSError):
        health.storage()


@pytest.mark.django_db
def test_a_store_folder_not_made_yet_is_made_and_ready(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"

    health.storage()

    assert (tmp_path / "media").is_dir()


@pytest.mark.django_db
def test_a_broker_that_does_not_answer_is_not_ready(monkeypatch):
    monkeypatch.setattr("wsoa.config.celery.broker_reachable", lambda: False)

    with pytest.raises(RuntimeError, match="the task broker did not answer"):
        health.broker()


@pytest.mark.django_db
def test_health_checks_answer_only_get_and_head():
    assert Client().post("/readyz").status_code == 405
    assert Client().head("/healthz").status_code == 200
