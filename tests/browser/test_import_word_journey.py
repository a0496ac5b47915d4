"""Issue 12 §6: a plan manager starts a plan from a Word document, by keyboard.

Sign in with the authenticator code, see an old .doc file refused, upload a small Word plan
(a table "Ref | Action | Champion | By when | Notes" whose "Champion" column holds the leads
under a heading wsoa does not know), correct that column to "Lead(s)" and the level's name in
the preview, check again, create the plan, and see it with those leads and that level name.
axe-core runs on every page, and no page logs a console error. Controls are reached with Tab,
as in test_build_plan_journey.py. Set WSOA_SCREENSHOTS to a folder to keep screenshots (1280
and 375 pixels wide) of each page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from keyboard import heading, main_text, press, sign_in, tab_to, type_into
from looking import check_page
from signing_in import PASSWORD

from factories import LocalAreaFactory, MembershipFactory
from totp import activate_totp
from wsoa.core.models import Role
from wsoa.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROWS = [
    ("Ref", "Action", "Champion", "By when", "Notes"),
    ("1.1", "Publish the local offer website", "Council", "March 2025", "Agreed at board"),
    ("1.2", "Train staff on the local offer", "ICB", "June 2025", ""),
    ("1.3", "Ask families what they think", "Parent Carer Forum", "September 2025", ""),
]


def word_plan(folder: Path) -> Path:
    """A small Word plan: a title, a sentence of prose and the table of actions."""
    from docx import Document

    document = Document()
    document.add_heading("Hartlepool SEND improvement plan", level=1)
    document.add_paragraph("The actions the partnership agreed after the inspection.")
    table = document.add_table(rows=len(ROWS), cols=len(ROWS[0]))
    for row, values in zip(table.rows, ROWS, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    path = folder / "plan.docx"
    document.save(str(path))
    return path


def test_start_a_plan_from_a_word_document_by_keyboard(tab, tmp_path):
    area = LocalAreaFactory(name="Hartlepool", slug="hartlepool")
    manager = get_user_model().objects.create_user("plan.manager", password=PASSWORD)
    MembershipFactory(user=manager, area=area, role=Role.PLAN_MANAGER)
    secret = activate_totp(manager)
    page = tab.page
    sign_in(tab, "plan.manager", secret)

    tab.goto("/areas/hartlepool/")
    press(page, page.get_by_role("link", name="start a plan from a document"))
    assert heading(page) == "Start a plan from a document"
    check_page(tab, "draft_upload")
    # An old binary Word file is refused with the reader's message, and nothing is kept.
    old_word = tmp_path / "old-plan.doc"
    old_word.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    document = page.get_by_label("The plan document")
    tab_to(page, document)
    document.set_input_files(str(old_word))
    press(page, page.get_by_role("button", name="Read the document"))
    summary = page.locator(".govuk-error-summary")
    assert "save it as .docx" in summary.inner_text()
    check_page(tab, "draft_upload_refused")

    document = page.get_by_label("The plan document")
    tab_to(page, document)
    # The keyboard reaches the file input; the operating system's file dialog is not part of
    # the page, so the file is set directly.
    uploaded = word_plan(tmp_path)
    document.set_input_files(str(uploaded))
    press(page, page.get_by_role("button", name="Read the document"))
    assert heading(page) == f"Check the plan read from {uploaded.name}"
    check_page(tab, "draft_preview")

    # Correct the column wsoa did not know, and the level's name; check again.
    champion = page.get_by_label("What “Champion” holds")
    assert champion.input_value() == "other"
    tab_to(page, champion)
    page.keyboard.type("Lead(")  # a closed list's type-ahead picks "Lead(s)"
    assert champion.input_value() == "lead"
    type_into(page, page.get_by_label("Level 1 (the top)"), "Activity")
    press(page, page.get_by_role("button", name="Check again"))
    assert heading(page) == f"Check the plan read from {uploaded.name}"
    assert "Activity 1.2: Train staff on the local offer" in main_text(page)
    assert page.get_by_label("What “Champion” holds").input_value() == "lead"
    assert page.get_by_label("Level name of its items").input_value() == "Activity"
    check_page(tab, "draft_preview_checked")

    press(page, page.get_by_role("button", name="Create the plan"))
    plan = Plan.objects.get(area=area)
    assert page.url.endswith(f"/areas/hartlepool/plans/{plan.pk}/")
    assert f"The plan was created from {uploaded.name}." in main_text(page)
    assert [level.name for level in plan.levels.all()] == ["Activity"]
    leads = {i.number: [p.text for p in i.people.all()] for i in plan.items.all()}
    assert leads == {"1.1": ["Council"], "1.2": ["ICB"], "1.3": ["Parent Carer Forum"]}
    assert "ICB" in main_text(page)
    check_page(tab, "plan_from_document")
