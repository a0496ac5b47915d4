"""Retention: closed cases are purged after the configured period, one case is erased on
request; each leaves an audit row with no personal data."""

import datetime as dt
from io import StringIO

import pytest
from cases_helpers import TODAY, load, row
from django.core.management import CommandError, call_command

from wsoa.casework.models import AdviceRequest, Case, CaseEvent
from wsoa.casework.services import purge_closed, record_read

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(area, other_area):
    load(area, [
        row("OLD", "2015-01-05", closed_on="2019-06-30", name="Made-up child Old",
            advice_health_requested="2015-02-01"),
        row("RECENT", "2023-01-05", closed_on="2025-06-30", name="Made-up child Recent"),
        row("OPEN", "2026-09-01", name="Made-up child Open"),
    ], TODAY)  # fmt: skip
    load(other_area, [row("THEIRS", "2014-01-05", closed_on="2016-01-01")], TODAY)


def test_purge_deletes_closed_cases_past_retention_in_every_area_and_audits_counts(cases, area):
    record_read(case=Case.objects.get(case_ref="OLD"), by="someone")
    counts = purge_closed(retention_days=2190, by="wsoa casework", today=TODAY)
    assert counts == {"Hartlepool": 1, "Stockton-on-Tees": 1}
    assert set(Case.objects.values_list("case_ref", flat=True)) == {"RECENT", "OPEN"}
    assert not AdviceRequest.objects.exists()
    event = CaseEvent.objects.get(area=area, action="purge")
    assert (event.count, event.case_ref, event.actor_label) == (1, "", "wsoa casework")
    assert CaseEvent.objects.get(action="read").case is None  # the read stays, case gone


def test_purge_command_uses_the_configured_retention(cases, settings):
    settings.WSOA_CASEWORK_RETENTION_DAYS = 365
    out = StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.localdate", lambda: TODAY)
        call_command("casework", "purge", stdout=out)
    assert (
        out.getvalue().strip().splitlines()[-1] == "3 cases closed more than 365 days ago deleted."
    )
    assert list(Case.objects.values_list("case_ref", flat=True)) == ["OPEN"]


def test_erase_removes_one_case_on_request_and_records_it(cases, area):
    out = StringIO()
    call_command("casework", "erase", "--area", "Hartlepool", "--case-ref", "OPEN", stdout=out)
    assert not Case.objects.filter(case_ref="OPEN").exists()
    event = CaseEvent.objects.get(action="erase")
    assert (event.area, event.case_ref, event.count) == (area, "OPEN", 1)
    with pytest.raises(CommandError, match=r"Hartlepool has no case NOPE: nothing was erased\."):
        call_command("casework", "erase", "--area", "Hartlepool", "--case-ref", "NOPE")


def test_another_areas_case_cannot_be_erased_under_this_area(cases):
    with pytest.raises(CommandError, match="no case THEIRS"):
        call_command("casework", "erase", "--area", "Hartlepool", "--case-ref", "THEIRS")
    assert Case.objects.filter(case_ref="THEIRS").exists()


def test_audit_rows_cannot_be_changed(cases):
    event = CaseEvent.objects.first()
    event.actor_label = "someone else"
    with pytest.raises(ValueError, match="cannot be changed"):
        event.save()


def test_purge_also_deletes_extracts_left_on_the_preview_for_a_day(area, admin_user):
    from django.utils import timezone

    from wsoa.casework.models import ExtractUpload

    old = ExtractUpload.objects.create(area=area, by=admin_user, name="a.csv", content="x")
    ExtractUpload.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    fresh = ExtractUpload.objects.create(area=area, by=admin_user, name="b.csv", content="y")
    purge_closed(retention_days=2190, by="wsoa casework", today=TODAY)
    assert list(ExtractUpload.objects.values_list("pk", flat=True)) == [fresh.pk]
