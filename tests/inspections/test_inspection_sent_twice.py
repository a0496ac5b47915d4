"""Starting a plan from an inspection report, sent twice at once, makes one plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from submitting import FormClient, at_once, token_on
from wsoa.core.idempotency import TOKEN_FIELD
from wsoa.plans.models import Plan

REPORTS = Path(__file__).resolve().parent / "reports"
UPLOAD = "/areas/hartlepool/inspection-report/"
PREVIEW = UPLOAD + "preview/"


@pytest.mark.django_db(transaction=True)
def test_a_plan_started_twice_at_once_from_one_report_is_made_once(client_for, plan_manager):
    client = client_for(plan_manager)
    report = (REPORTS / "hartlepool.pdf").read_bytes()
    client.post(UPLOAD, {"report": SimpleUploadedFile("hartlepool.pdf", report, "application/pdf")})
    page = client.get(PREVIEW)
    findings = page.context["findings"]
    data = {f"finding-{k}": v for k, v in findings.management_form.initial.items()}
    for form in findings.forms:
        for name in ("kind", "text", "responsible_body", "page"):
            value = form.initial.get(name, "priority" if name == "kind" else "")
            data[form.add_prefix(name)] = "" if value is None else value
    choice = page.context["choice"].initial
    data |= {"target": "new", "title": choice["title"], "kind": choice["kind"]}
    data[TOKEN_FIELD] = token_on(page.content.decode())
    twin = FormClient()
    twin.cookies = client.cookies  # the same browser session, in a second tab
    results = at_once(2, lambda n: (client, twin)[n].post(PREVIEW, data))
    assert [getattr(r, "status_code", r) for r in results] == [302, 302]
    assert len({r["Location"] for r in results}) == 1
    assert Plan.objects.count() == 1
