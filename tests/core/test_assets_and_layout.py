"""Front-end assets build or fail clearly; every page has the layout and a strict CSP."""

import io
import re
import stat
from pathlib import Path

import pytest
from django.urls import reverse

from security_headers import assert_strict_csp, directives
from wsoa.core.assets import AssetBuildError, assets_built, build_assets

SCSS = Path(__file__).resolve().parents[2] / "src" / "wsoa" / "assets" / "wsoa.scss"


def test_missing_npm_is_a_clear_error_naming_node(tmp_path, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(AssetBuildError, match=r"Node\.js and npm are needed"):
        build_assets(out=io.StringIO(), project_dir=tmp_path, build_dir=tmp_path / "build")
    assert not (tmp_path / "build").exists()


def test_built_assets_are_not_rebuilt_unless_forced(tmp_path):
    build = tmp_path / "build"
    build.mkdir()
    for name in ("wsoa.css", "govuk-frontend.min.js"):
        (build / name).write_text("x")
    assert assets_built(build)
    assert build_assets(out=io.StringIO(), project_dir=tmp_path, build_dir=build) is False


def test_assets_older_than_their_styles_or_npm_lock_are_built_again(tmp_path):
    import os

    build = tmp_path / "build"
    build.mkdir()
    for name in ("wsoa.css", "govuk-frontend.min.js"):
        (build / name).write_text("x")
        os.utime(build / name, (SCSS.stat().st_mtime - 60,) * 2)  # built before the styles
    assert not assets_built(build, tmp_path)
    for name in ("wsoa.css", "govuk-frontend.min.js"):
        os.utime(build / name, (SCSS.stat().st_mtime + 60,) * 2)
    assert assets_built(build, tmp_path)
    lock = tmp_path / "package-lock.json"
    lock.write_text("{}")
    os.utime(lock, (SCSS.stat().st_mtime + 120,) * 2)  # a new GOV.UK Frontend release
    assert not assets_built(build, tmp_path)


def test_a_failing_npm_step_reports_its_output(tmp_path):
    (tmp_path / "package.json").write_text("{}")
    npm = tmp_path / "npm"
    npm.write_text("#!/bin/sh\necho 'network unreachable' >&2\nexit 1\n")
    npm.chmod(npm.stat().st_mode | stat.S_IEXEC)
    with pytest.raises(AssetBuildError, match="network unreachable"):
        build_assets(
            out=io.StringIO(), project_dir=tmp_path, build_dir=tmp_path / "b", npm=str(npm)
        )


def test_styles_use_arial_and_no_gds_transport_or_crown():
    scss = SCSS.read_text()
    assert "$govuk-font-family: (arial, sans-serif)" in scss
    assert "$govuk-include-default-font-face: false" in scss


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["board_member", "anonymous"], indirect=True)
def test_every_page_has_skip_link_landmarks_and_no_inline_script(client_for, persona):
    # Signed in, the sign-in page sends you on to your areas.
    page = reverse("plans:areas") if persona.is_authenticated else reverse("login")
    response = client_for(persona).get(page)
    html = response.content.decode()
    assert_strict_csp(response)
    assert 'href="#main-content"' in html and 'id="main-content"' in html
    assert "<main" in html and "<footer" in html and 'lang="en-GB"' in html
    assert "govuk-logo" not in html and "crown" not in html.lower()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
    assert " style=" not in html


@pytest.mark.django_db
def test_sign_out_is_a_post_form(client_for, board_member):
    html = client_for(board_member).get(reverse("plans:areas")).content.decode()
    assert re.search(r'<form method="post" action="/sign-out/">', html)
    assert "Signed in as board_member-user" in html


@pytest.mark.django_db
def test_wrong_password_shows_a_govuk_error_summary(client, board_member):
    response = client.post(reverse("login"), {"login": "board_member-user", "password": "nope"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "<title>Error: Sign in" in html


@pytest.mark.django_db
def test_sign_in_takes_a_member_to_their_areas(client, board_member):
    response = client.post(
        reverse("login"), {"login": "board_member-user", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("plans:areas")


@pytest.mark.django_db
def test_unknown_page_is_a_styled_404(client_for, board_member):
    response = client_for(board_member).get("/areas/nowhere/plans/1/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


STRICT_HEADER = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


@pytest.mark.parametrize(
    "weakened",
    [
        STRICT_HEADER.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
        STRICT_HEADER.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'"),
        STRICT_HEADER.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
        STRICT_HEADER.replace("default-src 'self'", "default-src *"),
        STRICT_HEADER.replace("; frame-ancestors 'none'", ""),
        STRICT_HEADER.replace("object-src 'none'", "object-src 'self'"),
        STRICT_HEADER + "; script-src *",
    ],
)
def test_the_policy_check_refuses_a_weakened_policy(weakened):
    assert_strict_csp({"Content-Security-Policy": STRICT_HEADER})
    with pytest.raises(AssertionError):
        assert_strict_csp({"Content-Security-Policy": weakened})


def test_policy_header_is_parsed_into_directives():
    assert directives("default-src 'self';  img-src 'self' data: ;") == {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
    }
