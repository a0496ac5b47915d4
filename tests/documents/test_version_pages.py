"""The versions pages: list, agree, compare, and revise from a document, as every persona."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from version_helpers import tamper

from factories import BoardFactory, UserFactory
from page_text import text_of
from personas import MANAGERS, MEMBERS, PERSONAS, assert_access, persona_name
from wsoa.core.idempotency import issue_token
from wsoa.core.models import AuditEvent
from wsoa.documents.interchange.exporting import export_plan, to_json
from wsoa.documents.versions import agree_version
from wsoa.plans.models import Item, PlanVersion

pytestmark = pytest.mark.django_db

READ_PAGES = ["documents:versions", "documents:version_compare"]
MANAGER_PAGES = ["documents:version_agree", "documents:revise"]


def url(name, plan, **query):
    path = reverse(name, args=[plan.area.slug, plan.pk])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def agreed(plan, number_of=1):
    user = UserFactory()
    return [
        agree_version(plan=plan, by=user, agreed_on=dt.date(2025, 3, n + 1))
        for n in range(number_of)
    ]


def agree_data(**extra):
    return {
        "agreed_on_0": "4",
        "agreed_on_1": "3",
        "agreed_on_2": "2025",
        "body": "DfE review",
        **extra,
    }


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize("name", READ_PAGES)
def test_every_member_reads_versions_and_comparisons(client_for, persona, request, plan, name):
    agreed(plan)
    response = client_for(persona).get(url(name, plan))
    assert_access(response, persona_name(request), MEMBERS)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize("name", MANAGER_PAGES)
def test_only_managers_open_agree_and_revise(client_for, persona, request, plan, name):
    response = client_for(persona).get(url(name, plan))
    assert_access(response, persona_name(request), MANAGERS)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_managers_agree_a_version(client_for, persona, request, plan):
    response = client_for(persona).post(url("documents:version_agree", plan), agree_data())
    allowed = assert_access(response, persona_name(request), MANAGERS, ok=(302,))
    assert PlanVersion.objects.filter(plan=plan).count() == (1 if allowed else 0)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_managers_apply_a_revised_document(client_for, persona, request, plan):
    response = client_for(persona).post(url("documents:revise_preview", plan), {})
    assert_access(response, persona_name(request), MANAGERS, ok=(302,))
    assert not PlanVersion.objects.exists()


def test_another_areas_plan_is_404_under_own_slug(client_for, area_admin, area, other_plan):
    agreed(other_plan)
    client = client_for(area_admin)
    for name in READ_PAGES + MANAGER_PAGES + ["documents:revise_preview"]:
        path = reverse(name, args=[area.slug, other_plan.pk])
        assert client.get(path).status_code == 404
    assert (
        client.post(
            reverse("documents:version_agree", args=[area.slug, other_plan.pk]), agree_data()
        ).status_code
        == 404
    )
    assert PlanVersion.objects.count() == 1


def test_agreeing_records_the_next_version_with_its_board_and_lists_it(
    client_for, plan_manager, plan
):
    board = BoardFactory(plan=plan, name="SEND Improvement Board")
    client = client_for(plan_manager)
    response = client.post(
        url("documents:version_agree", plan),
        agree_data(board=board.pk, body="", note="After the DfE review"),
    )
    assert response.status_code == 302
    version = PlanVersion.objects.get(plan=plan)
    assert (version.number, version.board, version.agreed_on) == (1, board, dt.date(2025, 3, 4))
    assert AuditEvent.objects.filter(action="version.agreed", object_id=version.pk).exists()
    page = text_of(client.get(url("documents:versions", plan)))
    assert "Version 1" in page and "4 March 2025" in page and "SEND Improvement Board" in page
    assert "After the DfE review" in page and "Intact" in page


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            agree_data(agreed_on_0="", agreed_on_1="", agreed_on_2=""),
            "Enter the date the version was agreed",
        ),
        (agree_data(agreed_on_0="31", agreed_on_1="2"), "Enter a real date"),
        (agree_data(body=""), "Choose the board that agreed it, or write who agreed it"),
    ],
)
def test_bad_input_is_refused_with_a_specific_error(client_for, plan_manager, plan, data, error):
    response = client_for(plan_manager).post(url("documents:version_agree", plan), data)
    assert response.status_code == 200
    assert error in text_of(response)
    assert not PlanVersion.objects.exists()


def test_sending_the_agree_form_twice_records_one_version(client_for, plan_manager, plan):
    client = client_for(plan_manager)
    data = agree_data(submission_token=issue_token())
    client.post(url("documents:version_agree", plan), data)
    client.post(url("documents:version_agree", plan), data)
    assert PlanVersion.objects.filter(plan=plan).count() == 1


def test_compare_shows_changes_in_the_plans_level_names(client_for, board_member, plan):
    agreed(plan)
    item = plan.items.get(number="1.2")
    item.title = "Action text reworded"
    item.save()
    page = text_of(
        client_for(board_member).get(url("documents:version_compare", plan, before=1, after="now"))
    )
    assert "From version 1 to the plan now" in page
    assert "Action 1.2" in page and "Action text 1.2" in page and "Action text reworded" in page


def test_comparing_a_version_with_itself_says_no_changes(client_for, contributor, plan):
    agreed(plan)
    page = text_of(
        client_for(contributor).get(url("documents:version_compare", plan, before=1, after=1))
    )
    assert "No changes." in page


def test_a_plan_with_no_versions_says_so(client_for, forum_rep, plan):
    assert "No version of this plan has been agreed yet" in text_of(
        client_for(forum_rep).get(url("documents:versions", plan))
    )


def test_revising_from_a_document_shows_the_changes_then_applies_them(
    client_for, plan_manager, plan
):
    document = json.loads(to_json(export_plan(plan)))
    document["items"][0]["children"][0]["title"] = "Action text 1.1, revised"
    client = client_for(plan_manager)
    upload = SimpleUploadedFile("revised.json", json.dumps(document).encode())
    response = client.post(url("documents:revise", plan), {"document": upload})
    assert response.status_code == 302
    preview = text_of(client.get(url("documents:revise_preview", plan)))
    assert "Action 1.1" in preview and "Action text 1.1, revised" in preview
    assert not PlanVersion.objects.exists()
    response = client.post(url("documents:revise_preview", plan), {})
    assert response.status_code == 302
    version = PlanVersion.objects.get(plan=plan)
    assert version.agreed_by_body == "Imported from revised.json"
    assert Item.objects.get(plan=plan, number="1.1").title == "Action text 1.1, revised"


def test_a_document_of_another_plan_is_refused_on_upload(
    client_for, plan_manager, plan, other_plan
):
    document = json.loads(to_json(export_plan(other_plan)))
    for item in document["items"]:
        item["number"], item["title"] = (
            "X" + item["number"],
            "Something else entirely " + item["number"],
        )
        item["children"] = []
    client = client_for(plan_manager)
    upload = SimpleUploadedFile("other.json", json.dumps(document).encode())
    response = client.post(url("documents:revise", plan), {"document": upload})
    assert response.status_code == 200
    assert f"fewer than half of the items match plan {plan.pk}" in text_of(response)


def publish(plan, by):
    from wsoa.public import services

    items = plan.items.filter(number="1.1").values_list("pk", flat=True)
    services.choose_public(plan=plan, by=by, items=items, indicators=[], updates=[])
    services.publish_plan(plan=plan, by=by)


def test_the_public_page_says_which_version_is_delivered_and_when_it_was_agreed(
    client, plan, plan_manager
):
    board = BoardFactory(plan=plan, name="SEND Improvement Board")
    agree_version(plan=plan, by=plan_manager, agreed_on=dt.date(2025, 3, 4), board=board)
    publish(plan, plan_manager)
    page = text_of(client.get(reverse("public:plan", args=[plan.area.slug, plan.pk])))
    assert (
        "We are delivering version 1 of the plan, agreed on 4 March 2025 by SEND Improvement Board."
        in page
    )


def test_the_public_page_of_a_plan_never_agreed_names_no_version(client, plan, plan_manager):
    publish(plan, plan_manager)
    assert "We are delivering" not in text_of(
        client.get(reverse("public:plan", args=[plan.area.slug, plan.pk]))
    )


def test_word_and_excel_of_a_version_show_the_plan_as_agreed(client_for, board_member, plan):
    import io

    from docx import Document
    from openpyxl import load_workbook

    agreed(plan)
    Item.objects.filter(plan=plan, number="1.2").update(title="Changed after the version")
    client = client_for(board_member)
    response = client.get(url("documents:docx", plan, version=1))
    assert response["Content-Disposition"].endswith('-version-1.docx"')
    word = Document(io.BytesIO(b"".join(response)))
    cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
    assert "Action text 1.2" in cells and "Changed after the version" not in cells
    assert any(p.text.startswith("Version 1, agreed on 1 March 2025") for p in word.paragraphs)
    sheet = load_workbook(io.BytesIO(b"".join(client.get(url("documents:xlsx", plan, version=1)))))[
        "Plan"
    ]
    values = {cell.value for row in sheet.iter_rows() for cell in row}
    assert "Action text 1.2" in values and "Changed after the version" not in values
    now = Document(io.BytesIO(b"".join(client.get(url("documents:docx", plan)))))
    assert "Changed after the version" in {
        c.text for t in now.tables for r in t.rows for c in r.cells
    }


@pytest.mark.parametrize("version", ["9", "x"])
def test_a_version_the_plan_does_not_have_is_404(client_for, board_member, plan, version):
    agreed(plan)
    assert (
        client_for(board_member).get(url("documents:docx", plan, version=version)).status_code
        == 404
    )


def test_a_tampered_version_is_not_exported_and_listed_as_changed(client_for, board_member, plan):
    (version,) = agreed(plan)
    content = dict(version.content, levels=["Tampered"])
    tamper(version, content)
    client = client_for(board_member)
    assert client.get(url("documents:xlsx", plan, version=1)).status_code == 404
    assert "Changed since agreed" in text_of(client.get(url("documents:versions", plan)))
