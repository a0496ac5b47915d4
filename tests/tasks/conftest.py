"""Fixtures of the task tests: a board, an owner who owes an update, work to do as jobs."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from factories import BoardFactory, PersonFactory
from wsoa.documents.office.excel import ExcelExport
from wsoa.plans.models import ItemPerson
from wsoa.progress.models import ReportingPeriod
from wsoa.public import services as public

END = dt.date(2026, 11, 30)


@pytest.fixture
def board(plan):
    return BoardFactory(plan=plan, name="SEND Improvement Board")


@pytest.fixture
def owed_update(plan, item, contributor):
    """Action 1.1 is led by the contributor, who has not updated it for November 2026."""
    person = PersonFactory(plan=plan, name="Jo Heaney", short_code="JH", user=contributor)
    item.people.filter(part=ItemPerson.Part.LEAD).update(person=person)
    contributor.email = "jo.heaney@example.org"
    contributor.save()
    return ReportingPeriod.objects.create(
        plan=plan, label="November 2026", start=dt.date(2026, 11, 1), end=END
    )


@pytest.fixture
def chosen_plan(plan, plan_manager):
    """A plan whose managers chose items 1.1 and 2.1 for the public page."""
    items = plan.items.filter(number__in=["1.1", "2.1"]).values_list("pk", flat=True)
    public.choose_public(plan=plan, by=plan_manager, items=items, indicators=[], updates=[])
    return plan


@pytest.fixture
def edited_workbook(plan):
    """The plan's workbook as exported, with action 1.1's text changed: (bytes, the item)."""
    book = load_workbook(io.BytesIO(ExcelExport(plan).render()))
    sheet = book["Plan"]
    item = plan.items.get(number="1.1")
    column = [c.value for c in sheet[1]].index("Action") + 1
    row = next(r[0].row for r in sheet.iter_rows(min_row=2) if r[0].value == item.pk)
    sheet.cell(row=row, column=column, value="Changed by a large workbook")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), item
