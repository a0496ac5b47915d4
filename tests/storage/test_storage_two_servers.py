"""Two app servers on one database and one S3 store: a file uploaded on one is served by the other.

Each server is a gunicorn process (as the README deploys it) started by the test on a port of
its own; the data the test makes is committed (`transaction=True`) so they see it.
"""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client
from django.urls import reverse
from storage_servers import app_servers, send_form, signed_in

from totp import activate_totp
from wsoa.core.auth import must_set_up_two_factor
from wsoa.progress.models import Evidence

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("storage_s3")]

PDF = b"%PDF-1.4 the annual SEND report, uploaded on one server\n" * 50


def _session_of(user) -> str:
    if must_set_up_two_factor(user):  # managers: signed in with their authenticator app
        activate_totp(user)
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def test_a_file_uploaded_on_one_server_is_served_by_the_other(
    s3, contributor, forum_rep, other_area_user, owned_item
):
    plan = owned_item.plan
    form_path = reverse("progress:update", args=[plan.area.slug, plan.pk, owned_item.pk])
    with app_servers(2, s3.environ()) as (first, second):
        response = send_form(
            signed_in(_session_of(contributor)),
            first.url + form_path,
            {"commentary": "The annual report is attached", "proposed_rag": "green"},
            {"evidence_file": ("annual-report.pdf", PDF, "application/pdf")},
        )
        assert response.status_code == 302, response.text[-2000:]
        evidence = Evidence.objects.get()
        path = reverse("progress:evidence", args=[plan.area.slug, plan.pk, evidence.pk])
        served = signed_in(_session_of(forum_rep)).get(
            second.url + path, timeout=30, allow_redirects=False
        )
        outsider = signed_in(_session_of(other_area_user)).get(
            second.url + path, timeout=30, allow_redirects=False
        )
    assert served.status_code == 200 and served.content == PDF
    assert served.headers["X-Checksum-SHA256"] == hashlib.sha256(PDF).hexdigest()
    assert outsider.status_code == 404
    assert s3.objects() == {f"wsoa-files/{evidence.file.name}": PDF}
