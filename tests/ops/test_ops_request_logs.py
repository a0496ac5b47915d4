"""One log line per request, with its id, user id, area, status and time, and nothing personal."""

import json
import logging
import os
import subprocess
import sys

import pytest

from wsoa.ops import logs


@pytest.fixture
def request_lines(caplog):
    caplog.set_level(logging.INFO, logger="wsoa.request")

    def lines() -> list[dict]:
        return [r.fields for r in caplog.records if r.name == "wsoa.request"]

    return lines


@pytest.mark.django_db
def test_each_request_is_logged_once_with_a_new_id_also_sent_back(client, request_lines):
    response = client.get("/healthz?ref=newsletter")

    [line] = request_lines()
    assert len(response["X-Request-ID"]) == 32
    assert line["method"] == "GET"
    assert line["path"] == "/healthz"  # no query string
    assert line["status"] == 200
    assert line["user_id"] is None and line["area"] is None
    assert line["duration_ms"] >= 0


@pytest.mark.django_db
def test_an_id_from_the_proxy_is_kept_and_a_malformed_one_replaced(client, request_lines):
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.2:1"})
    replaced = client.get("/healthz", headers={"X-Request-ID": "x\ninjected log line"})

    assert kept["X-Request-ID"] == "lb-7f3a.2:1"
    assert "\n" not in replaced["X-Request-ID"] and "injected" not in replaced["X-Request-ID"]
    assert [line["path"] for line in request_lines()] == ["/healthz", "/healthz"]


@pytest.mark.django_db
def test_a_signed_in_request_logs_the_user_id_and_area_but_no_names_or_form_contents(
    client_for, contributor, plan, item, request_lines, caplog
):
    contributor.email = "penny.richardson@example.org"
    contributor.save()
    client = client_for(contributor)
    url = f"/areas/{plan.area.slug}/plans/{plan.pk}/items/{item.pk}/comment/"

    client.post(url, {"text": "Penny's private worry about a child"})

    [line] = request_lines()
    assert line["user_id"] == contributor.pk
    assert line["area"] == plan.area.slug
    assert line["view"] == "progress:comment"
    assert line["status"] == 302
    formatted = "\n".join(logs.JsonFormatter().format(r) for r in caplog.records)
    assert "private worry" not in formatted
    assert contributor.username not in formatted
    assert "penny" not in formatted


@pytest.mark.django_db
def test_a_password_reset_key_in_the_path_is_not_logged(client, request_lines):
    client.get("/account/password/reset/key/4-secret-reset-key/")

    [line] = request_lines()
    assert "secret-reset-key" not in line["path"]
    assert line["path"] == "/account/password/reset/key/:uidb36-:key/"


def test_json_lines_carry_the_request_id_and_the_fields():
    record = logging.LogRecord("wsoa.request", logging.INFO, __file__, 1, "GET / 200", (), None)
    record.fields = {"status": 200, "path": "/"}
    token = logs.REQUEST_ID.set("abc123")
    try:
        logs.RequestIdFilter().filter(record)
    finally:
        logs.REQUEST_ID.reset(token)

    line = logs.JsonFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["request_id"] == "abc123"
    assert entry["status"] == 200 and entry["level"] == "INFO" and entry["logger"] == "wsoa.request"


def _logging_settings(tmp_path, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WSOA_")}
    env |= {"WSOA_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "wsoa.config.settings"}
    code = (
        "from django.conf import settings as s; "
        "print(s.LOGGING['handlers']['console']['formatter'], s.LOGGING['root']['level'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env | environment,
        check=False,
    )


def test_logs_are_json_at_info_in_production_and_text_at_warning_elsewhere(tmp_path):
    production = {"WSOA_ENV": "production", "WSOA_SECRET_KEY": "a-real-secret-for-this-test"}
    assert _logging_settings(tmp_path, **production).stdout.split() == ["json", "INFO"]
    assert _logging_settings(tmp_path).stdout.split() == ["text", "WARNING"]
    chosen = _logging_settings(tmp_path, WSOA_LOG_FORMAT="json", WSOA_LOG_LEVEL="debug")
    assert chosen.stdout.split() == ["json", "DEBUG"]


def test_an_unknown_log_format_stops_start_up_with_a_clear_error(tmp_path):
    done = _logging_settings(tmp_path, WSOA_LOG_FORMAT="xml")

    assert done.returncode != 0
    assert "WSOA_LOG_FORMAT must be json or text" in done.stderr
