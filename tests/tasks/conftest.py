"""Fixtures of the task tests: a board, an owner who owes an update this month."""

import datetime as dt

import pytest

from factories import BoardFactory, PersonFactory
from wsoa.plans.models import ItemPerson
from wsoa.progress.models import ReportingPeriod

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
