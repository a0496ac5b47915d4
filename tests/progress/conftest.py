"""Fixtures of the monthly cycle: an item led by the contributor, a period open today."""

import datetime as dt

import pytest
from django.utils import timezone

from factories import PersonFactory
from wsoa.plans.models import ItemPerson
from wsoa.progress.models import ReportingPeriod


@pytest.fixture
def owned_item(plan, item, contributor):
    """Action 1.1, whose lead is the plan's person linked to the contributor's account."""
    person = PersonFactory(plan=plan, name="Jo Heaney", short_code="JH", user=contributor)
    lead = item.people.get(part=ItemPerson.Part.LEAD)
    lead.person = person
    lead.save()
    contributor.email = "jo.heaney@example.org"
    contributor.first_name, contributor.last_name = "Jo", "Heaney"
    contributor.save()
    return item


@pytest.fixture
def period(plan):
    today = timezone.localdate()
    start = today.replace(day=1)
    return ReportingPeriod.objects.create(
        plan=plan, label="This month", start=start, end=start + dt.timedelta(days=40)
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
