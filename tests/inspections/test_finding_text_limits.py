"""A finding's text has a maximum length: too long is refused, and nothing is created."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from page_text import text_of
from wsoa.plans.models import Finding, Plan

pytestmark = pytest.mark.django_db
REPORTS = Path(__file__).resolve().parent / "reports"
UPLOAD = "/areas/hartlepool/inspection-report/"
PREVIEW = UPLOAD + "preview/"


def test_a_finding_over_the_limit_is_refused(client_for, plan_manager):
    client = client_for(plan_manager)
    report = (REPORTS / "bedford.pdf").read_bytes()
    client.post(UPLOAD, {"report": SimpleUploadedFile("bedford.pdf", report, "application/pdf")})
    findings = client.get(PREVIEW).context["findings"]
    data = {f"finding-{k}": v for k, v in findings.management_form.initial.items()}
    for form in findings.forms:
        for name in ("kind", "text", "responsible_body", "page"):
            data[form.add_prefix(name)] = form.initial.get(name) or ""
    data |= {"finding-0-text": "x" * 10_001, "finding-0-kind": "afi"}
    data |= {"target": "new", "title": "Bedford plan", "kind": "wsoa"}
    page = text_of(client.post(PREVIEW, data))
    assert "Enter 10,000 characters or fewer: this has 1 too many" in page
    assert page.count("There is a problem") == 1 and page.count("too many") == 2  # summary, field
    assert not Plan.objects.exists() and not Finding.objects.exists()
