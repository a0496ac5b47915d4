"""Scorecard text has a maximum length: too long is refused with the error, and nothing stored."""

import pytest
from django.urls import reverse

from page_text import text_of
from wsoa.kpi.models import ExceptionReport, Measurement

pytestmark = pytest.mark.django_db
TOO_LONG = "Enter 10,000 characters or fewer: this has 1 too many"


def test_a_note_over_the_limit_is_refused(client_for, plan_manager, area, indicator):
    url = reverse("kpi:measure", args=[area.slug, indicator.pk])
    data = {"period": "Q2 2019-20", "value": "85", "note": "x" * 10_001}
    assert TOO_LONG in text_of(client_for(plan_manager).post(url, data))
    assert not Measurement.objects.exists()


def test_an_exceptions_cause_over_the_limit_is_refused(client_for, contributor, area, indicator):
    owner = client_for(contributor)
    owner.post(
        reverse("kpi:measure", args=[area.slug, indicator.pk]), {"period": "2019", "value": "1"}
    )
    url = reverse("kpi:exception", args=[area.slug, indicator.pk])
    response = owner.post(url, {"cause": "x" * 10_001, "action": "Agency caseworkers"})
    assert TOO_LONG in text_of(response)
    assert ExceptionReport.objects.get().cause == ""
