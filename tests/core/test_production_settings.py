"""Production settings: HTTPS only, with HSTS, both tunable from the environment."""

import json
import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

NAMES = ["SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER"]


def settings_with(tmp_path, **environment: str) -> dict:
    """Load wsoa's settings in a fresh interpreter with this environment; return a few of them."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("WSOA_") and key != "PYTEST_CURRENT_TEST"
    }
    env |= {"WSOA_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "wsoa.config.settings"}
    env |= environment
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {NAMES!r}}}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


PRODUCTION = {"WSOA_ENV": "production", "WSOA_SECRET_KEY": "a-real-secret-for-this-test"}


def test_production_redirects_to_https_and_sends_hsts_for_a_year(tmp_path):
    loaded = settings_with(tmp_path, **PRODUCTION)
    assert loaded["SECURE_HSTS_SECONDS"] == 31_536_000
    assert loaded["SECURE_SSL_REDIRECT"] is True
    assert loaded["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_production_hsts_and_redirect_can_be_tuned_or_turned_off(tmp_path):
    shorter = settings_with(tmp_path, **PRODUCTION, WSOA_HSTS_SECONDS="3600")
    assert shorter["SECURE_HSTS_SECONDS"] == 3600
    off = settings_with(tmp_path, **PRODUCTION, WSOA_HSTS_SECONDS="0", WSOA_SSL_REDIRECT="0")
    assert off["SECURE_HSTS_SECONDS"] == 0 and off["SECURE_SSL_REDIRECT"] is False


def test_a_bad_hsts_value_stops_start_up_with_a_clear_error(tmp_path):
    env = {**os.environ, **PRODUCTION, "WSOA_VAR_DIR": str(tmp_path)}
    env |= {"DJANGO_SETTINGS_MODULE": "wsoa.config.settings", "WSOA_HSTS_SECONDS": "a year"}
    done = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; settings.DEBUG"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode != 0
    assert "WSOA_HSTS_SECONDS must be a whole number of seconds" in done.stderr


def test_development_neither_redirects_nor_sends_hsts(tmp_path):
    loaded = settings_with(tmp_path)
    assert loaded["SECURE_HSTS_SECONDS"] in (None, 0)
    assert loaded["SECURE_SSL_REDIRECT"] in (None, False)


@pytest.mark.django_db
def test_with_those_settings_plain_http_is_redirected_and_https_gets_hsts(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = Client().get(reverse("login"))
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/sign-in/"
    secure = Client().get(reverse("login"), HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000"
