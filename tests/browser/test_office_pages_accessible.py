"""A plan manager uploads an edited workbook: the upload, error and preview pages pass axe-core."""

import pytest
from django.contrib.auth import get_user_model
from signing_in import PASSWORD, sign_in

from factories import LocalAreaFactory, MembershipFactory, build_plan
from totp import activate_totp
from wsoa.core.models import Role
from wsoa.documents.office.excel import ExcelExport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_error_preview_and_apply_pages_are_accessible(tab, tmp_path):
    area = LocalAreaFactory(name="Hartlepool", slug="hartlepool")
    plan = build_plan(area)
    manager = get_user_model().objects.create_user("plan.manager", password=PASSWORD)
    MembershipFactory(user=manager, area=area, role=Role.PLAN_MANAGER)
    secret = activate_totp(manager)
    page = tab.page

    sign_in(tab, "plan.manager", secret)

    tab.goto(f"/areas/hartlepool/plans/{plan.pk}/")
    tab.assert_accessible()
    page.get_by_role("link", name="upload an edited Excel workbook").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Upload an edited workbook"
    tab.assert_accessible()

    wrong = tmp_path / "notes.xlsx"
    wrong.write_bytes(b"not a workbook")
    page.get_by_label("The plan's Excel workbook").set_input_files(str(wrong))
    page.get_by_role("button", name="Check the changes").click()
    assert "There is a problem" in page.locator("main").inner_text()
    tab.assert_accessible()

    from openpyxl import load_workbook

    source = tmp_path / "plan.xlsx"
    source.write_bytes(ExcelExport(plan).render())
    book = load_workbook(source)
    item = plan.items.get(number="1.1")
    row = next(r for r in book["Plan"].iter_rows(min_row=2) if r[0].value == item.pk)
    row[4].value = "Edited in Excel"
    book.save(source)
    page.get_by_label("The plan's Excel workbook").set_input_files(str(source))
    page.get_by_role("button", name="Check the changes").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check the changes"
    assert "Edited in Excel" in page.locator("main").inner_text()
    tab.assert_accessible()
    page.get_by_role("button", name="Apply the changes").click()
    assert "1 item changed" in page.locator("main").inner_text()
    tab.assert_accessible()
