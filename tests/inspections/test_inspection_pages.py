"""The findings command; the upload → preview → create pages: permissions, corrections, forgery."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from wsoa.core.models import AuditEvent
from wsoa.plans.models import Finding, Item, Plan

REPORTS = Path(__file__).resolve().parent / "reports"
UPLOAD = "/areas/hartlepool/inspection-report/"
PREVIEW = UPLOAD + "preview/"


def test_command_prints_json():
    out = io.StringIO()
    call_command("findings", str(REPORTS / "lancashire.pdf"), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["area"], data["outcome"], data["inspection_dates"]) == (
        "Lancashire", 3, "9 to 13 December 2024"
    )  # fmt: skip
    assert [len(data["priority_actions"]), len(data["improvements"])] == [3, 2]
    assert set(data["priority_actions"][0]) == {"responsible_body", "text", "page"}


def test_command_summary_and_error(tmp_path):
    out = io.StringIO()
    call_command("findings", str(REPORTS / "hartlepool.pdf"), stdout=out)
    assert "Areas for improvement: 3" in out.getvalue()
    notes = tmp_path / "notes.txt"
    notes.write_text("Not a report at all.")
    with pytest.raises(CommandError, match="not an area SEND inspection report"):
        call_command("findings", str(notes))


def upload(client, name: str = "lancashire.pdf"):
    report = SimpleUploadedFile(name, (REPORTS / name).read_bytes(), "application/pdf")
    return client.post(UPLOAD, {"report": report})


def preview_post(response, **changes):
    """The preview's form as the page filled it in, with some fields changed."""
    findings = response.context["findings"]
    data = {f"finding-{k}": v for k, v in findings.management_form.initial.items()}
    for form in findings.forms:
        for name in ("kind", "text", "responsible_body", "page"):
            value = form.initial.get(name, "priority" if name == "kind" else "")
            data[form.add_prefix(name)] = "" if value is None else value
    data.update({"target": "new", "title": response.context["choice"].initial["title"]})
    data.update({"kind": response.context["choice"].initial["kind"], "skeleton": "on"})
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    ("persona", "status"),
    [("area_admin", 200), ("plan_manager", 200), ("contributor", 403), ("board_member", 403),
     ("forum_rep", 403), ("other_area_user", 404)],
    indirect=["persona"],
)  # fmt: skip
def test_only_managers_of_the_area_may_upload(client_for, persona, status):
    client = client_for(persona)
    assert client.get(UPLOAD).status_code == status
    assert client.get(PREVIEW).status_code in ({403, 404} if status != 200 else {302})
    assert upload(client).status_code == (302 if status == 200 else status)
    assert not Plan.objects.exists()


def test_anonymous_is_sent_to_sign_in(client_for, anonymous, area):
    response = client_for(anonymous).get(UPLOAD)
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_area_page_links_to_upload_for_managers_only(client_for, plan_manager, contributor):
    assert UPLOAD in client_for(plan_manager).get("/areas/hartlepool/").content.decode()
    assert UPLOAD not in client_for(contributor).get("/areas/hartlepool/").content.decode()


def test_upload_preview_correct_and_create(client_for, plan_manager):
    client = client_for(plan_manager)
    assert upload(client)["Location"] == PREVIEW
    page = client.get(PREVIEW)
    assert page.context["choice"].initial["kind"] == "pap"
    assert "Leaders from the ICB and local authority" in page.content.decode()
    data = preview_post(page, **{
        "finding-0-text": "Corrected: leaders should work together.",
        "finding-1-responsible_body": "Lancashire County Council",
        "finding-4-DELETE": "on",
        "finding-5-kind": "afi", "finding-5-text": "An added area for improvement.",
    })  # fmt: skip
    response = client.post(PREVIEW, data)
    plan = Plan.objects.get()
    assert response["Location"] == f"/areas/hartlepool/plans/{plan.pk}/"
    assert plan.kind == "pap" and plan.area.slug == "hartlepool"
    findings = list(plan.findings.order_by("position"))
    assert [f.code for f in findings] == ["APA 1", "APA 2", "APA 3", "AFI 1", "AFI 2"]
    assert findings[0].text == "Corrected: leaders should work together."
    assert findings[1].responsible_body == "Lancashire County Council"
    assert findings[4].text == "An added area for improvement."
    items = list(plan.items.order_by("position"))
    assert [(i.number, i.depth, i.position) for i in items][:2] == [
        ("APA 1", 0, 1),
        ("APA 2", 0, 2),
    ]
    assert list(items[0].findings.all()) == [findings[0]]
    event = AuditEvent.objects.get(action="findings.added")
    assert event.actor == plan_manager and event.object_id == plan.pk
    assert client.get(PREVIEW).status_code == 302  # the read report is gone from the session


def test_findings_added_to_an_existing_plan_continue_its_codes(client_for, area_admin, plan):
    Finding.objects.create(plan=plan, position=1, code="AFI 1", kind="afi", text="Old.")
    client = client_for(area_admin)
    upload(client, "durham.pdf")
    data = preview_post(client.get(PREVIEW), target="existing", plan=str(plan.pk), skeleton=None)
    client.post(PREVIEW, data)
    assert list(plan.findings.values_list("code", flat=True)) == [
        "AFI 1", "AFI 2", "AFI 3", "AFI 4", "AFI 5"
    ]  # fmt: skip
    assert Plan.objects.count() == 1 + Plan.objects.exclude(pk=plan.pk).count()


@pytest.mark.parametrize(
    "forged",
    [
        {"target": "existing", "plan": "other"},
        {"finding-TOTAL_FORMS": "5000"},
        {"finding-0-kind": "weakness"},
        {"finding-0-text": ""},
        {"target": "new", "title": ""},
        {"finding-0-page": "-4"},
    ],
)
def test_bad_or_forged_input_changes_nothing(client_for, plan_manager, other_plan, forged):
    client = client_for(plan_manager)
    upload(client)
    page = client.get(PREVIEW)
    if forged.get("plan") == "other":
        forged = {**forged, "plan": str(other_plan.pk)}
    response = client.post(PREVIEW, preview_post(page, **forged))
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert Plan.objects.count() == 1 and not Finding.objects.exists()
    assert not Item.objects.exclude(plan=other_plan).exists()
    assert not AuditEvent.objects.filter(action="findings.added").exists()


def test_a_bad_file_says_why_and_keeps_nothing(client_for, plan_manager):
    client = client_for(plan_manager)
    notes = SimpleUploadedFile("notes.txt", b"Minutes of the board.", "text/plain")
    response = client.post(UPLOAD, {"report": notes})
    assert "not an area SEND inspection report" in response.content.decode()
    assert client.get(PREVIEW).status_code == 302
    word = SimpleUploadedFile("report.docx", b"PK", "application/zip")
    assert "must be a PDF or a text" in client.post(UPLOAD, {"report": word}).content.decode()
