"""The case-level SEN2 return: which cases a year holds, its columns, personal fields only for
casework managers, every case audited as read, and the command and the download."""

import csv
import datetime as dt
import io
from io import StringIO

import pytest
import time_machine
from cases_helpers import casework_user, load, row
from django.core.management import CommandError, call_command
from django.urls import reverse

from wsoa.casework.models import CaseAction, CaseEvent
from wsoa.casework.returns import COLUMNS, PERSON, sen2_return

pytestmark = [pytest.mark.django_db]

CASES = [
    # issued in 2025 within 20 weeks (request + 140 days exactly)
    row("IN-TIME", "2025-01-06", decision_date="2025-02-17", decision="agreed",
        final_date="2025-05-26", name="Made-up child One", upn="A999000025001",
        date_of_birth="2015-03-01", postcode="ZZ99 1AB", request_source="parent"),
    # refused in 2025, 43 days after the request
    row("REFUSED", "2025-03-03", decision_date="2025-04-15", decision="refused",
        name="=HYPERLINK(\"x\")"),
    # requested in 2024, still open at the end of 2025: ongoing work
    row("ONGOING", "2024-11-04", decision_date="2024-12-02", decision="agreed"),
    # concluded in 2024 (plan issued): not in 2025's return
    row("DONE-2024", "2024-01-08", decision_date="2024-02-05", decision="agreed",
        final_date="2024-05-20"),
    # requested in 2026: not in 2025's return
    row("NEXT-YEAR", "2026-01-05"),
]  # fmt: skip


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def cases(area, other_area):
    load(area, CASES)
    load(other_area, [row("THEIRS", "2025-02-03", name="Made-up child Elsewhere")])


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_return_holds_the_years_active_cases_in_sen2_columns(cases, area):
    text, count = sen2_return(area=area, year=2025, by="test", personal=True)
    assert text.splitlines()[0].split(",") == COLUMNS
    found = {r["LAReference"]: r for r in rows_of(text)}
    assert set(found) == {"IN-TIME", "REFUSED", "ONGOING"} and count == 3
    issued = found["IN-TIME"]
    assert issued["ReceivedDate"] == "2025-01-06" and issued["RequestSource"] == "Parent"
    assert issued["RequestOutcome"] == "Agreed to assess"
    assert issued["RequestOutcomeWithin6Weeks"] == "Y"  # 42 days
    assert issued["AssessmentOutcome"] == "EHC plan issued"
    assert issued["AssessmentOutcomeDate"] == issued["StartDate"] == "2025-05-26"
    assert (
        issued["PlanIssuedWithin20Weeks"] == "Y" and issued["TwentyWeekTimeLimitException"] == "N"
    )
    assert issued["UPN"] == "A999000025001" and issued["Name"] == "Made-up child One"
    assert issued["PersonBirthDate"] == "2015-03-01" and issued["Postcode"] == "ZZ99 1AB"
    refused = found["REFUSED"]
    assert refused["RequestOutcome"] == "Refused to assess"
    assert refused["RequestOutcomeWithin6Weeks"] == "N"  # 43 days
    assert refused["Name"].startswith("'=")  # never run as a formula by a spreadsheet
    assert found["ONGOING"]["AssessmentOutcome"] == "Assessment ongoing"
    assert "Elsewhere" not in text


def test_personal_fields_only_when_asked_and_every_case_audited_as_read(cases, area):
    text, _ = sen2_return(area=area, year=2025, by="test", personal=False)
    assert "Made-up child" not in text and "ZZ99" not in text and "A999" not in text
    assert all(not r[column] for r in rows_of(text) for column in PERSON)
    reads = CaseEvent.objects.filter(area=area, action=CaseAction.READ)
    assert sorted(reads.values_list("case_ref", flat=True)) == ["IN-TIME", "ONGOING", "REFUSED"]
    assert all(e.fields == ["sen2_return"] for e in reads)


def test_the_download_gives_managers_personal_fields_and_caseworkers_none(cases, client, area):
    url = reverse("casework:sen2_return", args=[area.slug])
    manager = casework_user(area, "casework_manager", "cwm")
    client.force_login(manager)
    page = client.get(url)
    assert page.status_code == 200 and "Download the return (CSV)" in page.content.decode()
    got = client.get(url, {"year": "2025"})
    assert got["Content-Type"].startswith("text/csv") and got["Cache-Control"] == "no-store"
    assert "Made-up child One" in got.content.decode()
    event = CaseEvent.objects.filter(action=CaseAction.READ, actor=manager).first()
    assert event is not None and event.fields == ["sen2_return", "personal"]
    client.force_login(casework_user(area, "caseworker", "cw"))
    plain = client.get(url, {"year": "2025"}).content.decode()
    assert "IN-TIME" in plain and "Made-up child" not in plain


def test_a_bad_year_is_refused_and_audits_nothing(cases, client, area):
    client.force_login(casework_user(area, "casework_manager", "cwm"))
    page = client.get(reverse("casework:sen2_return", args=[area.slug]), {"year": "1999"})
    assert page.status_code == 400 and "Choose a year from 2021 to 2026." in page.content.decode()
    assert not CaseEvent.objects.filter(action=CaseAction.READ).exists()


def test_no_return_for_advice_givers_plan_users_or_another_area(cases, client, area, other_area,
                                                                forum_rep):  # fmt: skip
    url = reverse("casework:sen2_return", args=[area.slug])
    client.force_login(casework_user(area, "advice_giver", "ep", service="educational_psychology"))
    assert client.get(url, {"year": "2025"}).status_code == 403
    for user in (forum_rep, casework_user(other_area, "casework_manager", "them")):
        client.force_login(user)
        assert client.get(url, {"year": "2025"}).status_code == 404
    assert not CaseEvent.objects.filter(action=CaseAction.READ).exists()


def test_the_command_writes_the_return_with_personal_fields_for_a_manager_only(
    cases, area, tmp_path
):
    target = tmp_path / "return.csv"
    out = StringIO()
    call_command("casework", "sen2", "--area", area.name, "--year", "2025", "--return",
                 str(target), stdout=out)  # fmt: skip
    assert out.getvalue().strip() == f"3 cases written to {target} (each audited as read)."
    assert "Made-up child" not in target.read_text(encoding="utf-8")
    with pytest.raises(CommandError, match="only for casework managers"):
        call_command("casework", "sen2", "--area", area.name, "--year", "2025", "--return",
                     str(tmp_path / "p.csv"), "--personal")  # fmt: skip
    assert not (tmp_path / "p.csv").exists()
    casework_user(area, "casework_manager", "cwm")
    again = ["--return", str(tmp_path / "p.csv"), "--personal", "--by", "cwm"]
    call_command(
        "casework", "sen2", "--area", area.name, "--year", "2025", *again, stdout=StringIO()
    )
    assert "Made-up child One" in (tmp_path / "p.csv").read_text(encoding="utf-8")
