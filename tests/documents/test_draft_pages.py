"""Start a plan from a document: upload, check and correct the column map, create the plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from draft_helpers import (
    PLAN_TEXT,
    make_draft,
    plan_file,
    preview_data,
    preview_url,
    upload_url,
)

from factories import MembershipFactory, UserFactory
from page_text import text_of
from wsoa.core.idempotency import issue_token
from wsoa.core.models import AuditEvent, Role
from wsoa.documents.draft_views import CHANGED
from wsoa.documents.models import ImportDraft, SavedColumnMap
from wsoa.plans.models import Plan

pytestmark = pytest.mark.django_db

CHAMPION_AS_LEAD = {"Champion": "lead"}


def test_upload_keeps_the_file_as_a_draft_and_shows_the_preview(client_for, plan_manager, area):
    plans_before = Plan.objects.count()
    response = client_for(plan_manager).post(upload_url(area), {"document": plan_file()})
    draft = ImportDraft.objects.get()
    assert response.status_code == 302
    assert response["Location"] == preview_url(draft)
    assert (draft.area, draft.created_by, draft.file_name) == (area, plan_manager, "plan.txt")
    assert bytes(draft.content) == PLAN_TEXT.encode()
    assert Plan.objects.count() == plans_before


def test_a_file_that_cannot_be_read_is_refused_and_nothing_is_kept(client_for, plan_manager, area):
    bad = plan_file("plan.txt", "")
    bad.file.write(b"\xff\xfe\x00not text")
    bad.file.seek(0)
    bad.size = 12
    response = client_for(plan_manager).post(upload_url(area), {"document": bad})
    assert response.status_code == 200
    page = text_of(response)
    assert "There is a problem" in page
    assert "the file is not UTF-8 text" in page
    assert "Nothing was saved." in page
    assert not ImportDraft.objects.exists()


def test_an_empty_file_is_refused(client_for, plan_manager, area):
    response = client_for(plan_manager).post(upload_url(area), {"document": plan_file(text="")})
    assert "The submitted file is empty." in text_of(response)
    assert not ImportDraft.objects.exists()


def test_preview_shows_the_proposed_map_the_levels_and_the_plan(client_for, plan_manager, area):
    draft = make_draft(area, plan_manager)
    response = client_for(plan_manager).get(preview_url(draft))
    assert response.status_code == 200
    page = text_of(response)
    assert "Check the plan read from plan.txt" in page
    for heading in ("Ref", "Action", "Champion", "By when", "Notes"):
        assert heading in page
    assert "Parent Carer Forum" in page  # a sample value of the Champion column
    html = response.content.decode()
    assert '<option value="other" selected>Not used</option>' in html  # Champion, as proposed
    assert 'name="level_0" value="Action"' in html
    assert "Action 1.1: Publish the local offer website" in page
    assert "March 2025" in page
    assert not Plan.objects.filter(area=area, title="Hartlepool SEND improvement plan").exists()


def test_check_again_keeps_the_corrected_map_and_shows_the_plan_with_it(
    client_for, plan_manager, area
):
    draft = make_draft(area, plan_manager)
    client = client_for(plan_manager)
    data = preview_data(draft, roles=CHAMPION_AS_LEAD, levels=["Step"])
    response = client.post(preview_url(draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    champion = next(c for c in draft.column_map["columns"] if c["heading"] == "Champion")
    assert champion["role"] == "lead"
    assert draft.column_map["levels"] == ["Step"]
    page = text_of(client.get(preview_url(draft)))
    assert "Step 1.2: Train staff on the local offer" in page
    assert "ICB" in page.split("Step 1.2")[1].split("Step 1.3")[0]  # now read as its lead
    assert '<option value="lead" selected>' in client.get(preview_url(draft)).content.decode()


def test_create_after_checking_writes_the_plan_with_the_corrections_and_audits_it(
    client_for, plan_manager, area
):
    draft = make_draft(area, plan_manager)
    client = client_for(plan_manager)
    client.post(preview_url(draft), preview_data(draft, roles=CHAMPION_AS_LEAD, levels=["Step"]))
    draft.refresh_from_db()
    response = client.post(preview_url(draft), preview_data(draft, "create", title="Our plan"))
    plan = Plan.objects.get(area=area, title="Our plan")
    assert response["Location"] == reverse("plans:plan", args=[area.slug, plan.pk])
    assert [level.name for level in plan.levels.all()] == ["Step"]
    item = plan.items.get(number="1.2")
    assert item.level == "Step"
    assert [p.text for p in item.people.filter(part="lead")] == ["ICB"]
    event = AuditEvent.objects.get(action="plan.imported", object_id=plan.pk)
    assert event.actor == plan_manager
    assert event.changes["source"] == "plan.txt"
    assert not ImportDraft.objects.exists()


def test_create_with_a_map_changed_in_the_same_post_shows_the_plan_again_first(
    client_for, plan_manager, area
):
    draft = make_draft(area, plan_manager)
    client = client_for(plan_manager)
    response = client.post(
        preview_url(draft), preview_data(draft, "create", roles=CHAMPION_AS_LEAD), follow=True
    )
    assert CHANGED in text_of(response)
    assert not Plan.objects.filter(area=area).exists()
    draft.refresh_from_db()
    assert any(
        c["role"] == "lead" for c in draft.column_map["columns"] if c["heading"] == "Champion"
    )


def test_create_sent_twice_makes_one_plan(client_for, plan_manager, area):
    draft = make_draft(area, plan_manager)
    client = client_for(plan_manager)
    data = preview_data(draft, "create", title="Once only", submission_token=issue_token())
    first = client.post(preview_url(draft), data)
    second = client.post(preview_url(draft), data)
    assert Plan.objects.filter(title="Once only").count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]


def test_a_forged_role_is_refused_and_nothing_is_written(client_for, plan_manager, area):
    draft = make_draft(area, plan_manager)
    data = preview_data(draft, "create", roles={"Champion": "owner_of_everything"})
    response = client_for(plan_manager).post(preview_url(draft), data)
    assert response.status_code == 200
    assert "Select one of the options shown" in text_of(response)
    draft.refresh_from_db()
    assert draft.column_map == {}
    assert not Plan.objects.filter(area=area).exists()


def test_a_forged_heading_is_refused(client_for, plan_manager, area):
    draft = make_draft(area, plan_manager)
    data = preview_data(draft, "check", **{"column-2-heading": "Not in the file"})
    response = client_for(plan_manager).post(preview_url(draft), data)
    assert "The column “Not in the file” is not in this file" in text_of(response)
    draft.refresh_from_db()
    assert draft.column_map == {}


def test_another_users_draft_is_404(client_for, plan_manager, area_admin, area):
    draft = make_draft(area, area_admin)
    client = client_for(plan_manager)
    assert client.get(preview_url(draft)).status_code == 404
    assert client.post(preview_url(draft), preview_data(draft, "create")).status_code == 404
    assert ImportDraft.objects.filter(pk=draft.pk).exists()


def test_another_areas_draft_id_is_404_under_this_slug(client_for, plan_manager, area, other_area):
    stranger = UserFactory()
    MembershipFactory(area=other_area, user=stranger, role=Role.PLAN_MANAGER)
    draft = make_draft(other_area, plan_manager)  # even one the user made is not of this area
    path = reverse("documents:draft_preview", args=[area.slug, draft.pk])
    assert client_for(plan_manager).get(path).status_code == 404
    assert client_for(plan_manager).post(path, preview_data(draft, "create")).status_code == 404
    assert not Plan.objects.filter(area=area).exists()


def test_save_this_map_keeps_it_for_the_next_upload(client_for, plan_manager, area):
    draft = make_draft(area, plan_manager)
    client = client_for(plan_manager)
    data = preview_data(draft, "save", roles=CHAMPION_AS_LEAD, map_name="Monthly tracker")
    response = client.post(preview_url(draft), data, follow=True)
    assert "The column map was saved as “Monthly tracker”" in text_of(response)
    saved = SavedColumnMap.objects.get(area=area, name="Monthly tracker")
    assert saved.created_by == plan_manager
    form = client.get(upload_url(area))
    assert "Monthly tracker" in text_of(form)
    client.post(upload_url(area), {"document": plan_file(), "column_map": saved.pk})
    latest = ImportDraft.objects.latest("pk")
    page = text_of(client.get(preview_url(latest)))
    assert "ICB" in page.split("Action 1.2")[1].split("Action 1.3")[0]


def test_save_this_map_needs_a_name(client_for, plan_manager, area):
    draft = make_draft(area, plan_manager)
    response = client_for(plan_manager).post(preview_url(draft), preview_data(draft, "save"))
    assert "Enter a name to save the column map under" in text_of(response)
    assert not SavedColumnMap.objects.exists()


def test_another_areas_saved_map_cannot_be_chosen(client_for, plan_manager, area, other_area):
    SavedColumnMap.objects.create(area=area, name="Ours", column_map={})
    theirs = SavedColumnMap.objects.create(area=other_area, name="Theirs", column_map={})
    response = client_for(plan_manager).post(
        upload_url(area), {"document": plan_file(), "column_map": theirs.pk}
    )
    assert "Select one of the options shown" in text_of(response)
    assert "Theirs" not in text_of(response)
    assert not ImportDraft.objects.exists()


def test_drafts_older_than_a_day_go_when_the_next_is_uploaded(client_for, plan_manager, area):
    old = make_draft(area, plan_manager)
    ImportDraft.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=1, minutes=1)
    )
    recent = make_draft(area, plan_manager)
    client_for(plan_manager).post(upload_url(area), {"document": plan_file()})
    remaining = set(ImportDraft.objects.values_list("pk", flat=True))
    assert old.pk not in remaining
    assert recent.pk in remaining
    assert len(remaining) == 2


@pytest.mark.parametrize(("role", "shown"), [("plan_manager", True), ("contributor", False)])
def test_the_area_page_links_managers_to_the_upload(client_for, request, area, role, shown):
    user = request.getfixturevalue(role)
    html = client_for(user).get(reverse("plans:area", args=[area.slug])).content.decode()
    assert (upload_url(area) in html) is shown


def word_plan() -> bytes:
    """A small Word plan: a title and the table of actions."""
    import io

    from docx import Document

    document = Document()
    document.add_heading("Hartlepool SEND improvement plan", level=1)
    rows = [line.split("\t") for line in PLAN_TEXT.splitlines()[1:]]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_plan_is_previewed_with_the_places_of_its_columns(client_for, plan_manager, area):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(plan_manager)
    client.post(upload_url(area), {"document": SimpleUploadedFile("plan.docx", word_plan())})
    draft = ImportDraft.objects.get()
    page = text_of(client.get(preview_url(draft)))
    assert "Check the plan read from plan.docx" in page
    assert "At table 1, row 1" in page
    client.post(preview_url(draft), preview_data(draft, roles=CHAMPION_AS_LEAD))
    draft.refresh_from_db()
    client.post(preview_url(draft), preview_data(draft, "create"))
    plan = Plan.objects.get(area=area)
    assert [p.text for p in plan.items.get(number="1.3").people.all()] == ["Parent Carer Forum"]


def test_an_old_word_file_is_refused_with_the_readers_message(client_for, plan_manager, area):
    from django.core.files.uploadedfile import SimpleUploadedFile

    old_word = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    response = client_for(plan_manager).post(
        upload_url(area), {"document": SimpleUploadedFile("plan.doc", old_word)}
    )
    page = text_of(response)
    assert "There is a problem" in page
    assert "This is an old Word document (.doc). Open it in Word and save it as .docx" in page
    assert "Nothing was saved." in page
    assert not ImportDraft.objects.exists()


def test_a_wsoa_json_plan_has_no_columns_to_map_but_its_levels_can_be_renamed(
    client_for, plan_manager, area, plan
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wsoa.documents.interchange.exporting import export_plan, to_json

    exported = to_json(export_plan(plan)).encode()
    client = client_for(plan_manager)
    client.post(upload_url(area), {"document": SimpleUploadedFile("plan.json", exported)})
    draft = ImportDraft.objects.get()
    page = text_of(client.get(preview_url(draft)))
    assert "there are no columns to map" in page
    levels = [level.name for level in plan.levels.all()]
    renamed = ["Priority area", *levels[1:]]
    client.post(preview_url(draft), preview_data(draft, levels=renamed))
    draft.refresh_from_db()
    client.post(preview_url(draft), preview_data(draft, "create", title="From JSON"))
    created = Plan.objects.get(title="From JSON")
    assert [level.name for level in created.levels.all()] == renamed
    assert (
        created.items.filter(depth=0, level="Priority area").count()
        == plan.items.filter(depth=0).count()
    )
