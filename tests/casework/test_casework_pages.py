"""The casework pages as every persona; the worklist, a case page (audited), advice, reviews,
and importing an extract through the preview."""

import datetime as dt

import pytest
import time_machine
from cases_helpers import TODAY, casework_user, csv_bytes, load, row
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wsoa.casework.models import Case, CaseEvent, ExtractUpload

pytestmark = [pytest.mark.django_db]

# NEAR1: request + 140 days = 2026-12-07 (7 days left); LATE1: health advice asked 2026-07-02,
# due 6 weeks later on 2026-08-13 (109 days late)
CASES = [
    row("NEAR1", "2026-07-20", decision_date="2026-08-20", decision="agreed",
        draft_date="2026-11-01", caseworker="Ann Able", team="North", name="Made-up child Near"),
    row("LATE1", "2026-06-01", decision_date="2026-07-01", decision="agreed",
        draft_date="2026-10-01", caseworker="Bob Brown", team="South",
        advice_health_requested="2026-07-02", name="Made-up child Late"),
    row("DONE1", "2025-01-06", decision_date="2025-02-01", decision="agreed",
        final_date="2025-05-01", caseworker="Ann Able", team="North"),
]  # fmt: skip
PAGES = ["casework:worklist", "casework:case", "casework:advice", "casework:reviews",
         "casework:import"]  # fmt: skip
ALLOWED = {
    "caseworker": {"casework:worklist", "casework:case", "casework:advice", "casework:reviews"},
    "casework_manager": set(PAGES),
    "advice_giver": set(),
}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def cases(area, other_area):
    load(area, CASES, TODAY)
    load(other_area, [row("THEIRS", "2026-07-20", name="Made-up child Elsewhere")], TODAY)
    return {case.case_ref: case for case in Case.objects.all()}


@pytest.fixture
def people(area, other_area, plan_manager):
    return {
        "caseworker": casework_user(area, "caseworker", "cw"),
        "casework_manager": casework_user(area, "casework_manager", "cwm"),
        "advice_giver": casework_user(area, "advice_giver", "health-advice", service="health"),
        "plan_only": plan_manager,
        "other_area": casework_user(other_area, "casework_manager", "stockton-cwm"),
    }


def url(name, area, cases):
    if name == "casework:case":
        return reverse(name, args=[area.slug, cases["NEAR1"].pk])
    return reverse(name, args=[area.slug])


@pytest.mark.parametrize("persona", ["caseworker", "casework_manager", "advice_giver",
                                     "plan_only", "other_area", "anonymous"])  # fmt: skip
def test_each_persona_gets_what_its_casework_role_allows(
    client_for, people, cases, area, anonymous, persona
):
    user = anonymous if persona == "anonymous" else people[persona]
    client = client_for(user)
    for name in PAGES:
        response = client.get(url(name, area, cases))
        if persona == "anonymous":
            assert response.status_code == 302 and "/sign-in/" in response["Location"]
        elif persona in ("plan_only", "other_area"):
            assert response.status_code == 404, name  # casework does not exist for them
        else:
            assert response.status_code == (200 if name in ALLOWED[persona] else 403), name
        if response.status_code != 200:
            assert b"Made-up child" not in response.content


def test_another_areas_case_id_under_this_slug_gives_404(client_for, people, cases, area):
    path = reverse("casework:case", args=[area.slug, cases["THEIRS"].pk])
    assert client_for(people["casework_manager"]).get(path).status_code == 404
    assert not CaseEvent.objects.filter(action="read").exists()


def test_reading_a_case_is_audited_and_shows_its_next_deadline(client_for, people, cases, area):
    response = client_for(people["caseworker"]).get(url("casework:case", area, cases))
    text = response.content.decode()
    assert "Made-up child Near" in text
    assert "Next deadline: " in text and "7 December 2026" in text and "7 days left" in text
    event = CaseEvent.objects.get(action="read")
    assert (event.actor, event.case, event.case_ref) == (
        people["caseworker"],
        cases["NEAR1"],
        "NEAR1",
    )


def test_the_worklist_orders_by_deadline_with_breaches_and_filters(client_for, people, cases, area):
    client = client_for(people["caseworker"])
    path = reverse("casework:worklist", args=[area.slug])
    text = client.get(path).content.decode()
    assert text.index("LATE1") < text.index("NEAR1")
    assert "109 days late" in text and "Near breach" in text
    assert "Made-up child" not in text  # names only on the case page
    filtered = client.get(path, {"caseworker": "Ann Able"}).content.decode()
    assert "NEAR1" in filtered and "LATE1" not in filtered
    narrow = client.get(path, {"show": "breaches", "near": "3"}).content.decode()
    assert "LATE1" in narrow and "NEAR1" not in narrow


def test_the_worklist_runs_a_fixed_number_of_queries(client_for, people, cases, area):
    client = client_for(people["caseworker"])
    path = reverse("casework:worklist", args=[area.slug])
    client.get(path)
    with CaptureQueriesContext(connection) as before:
        client.get(path)
    load(area, [row(f"MORE{n}", "2026-08-01") for n in range(30)], TODAY)
    with CaptureQueriesContext(connection) as after:
        client.get(path)
    assert len(after) == len(before)


def test_advice_overdue_is_listed_by_service(client_for, people, cases, area):
    text = client_for(people["caseworker"]).get(reverse("casework:advice", args=[area.slug]))
    body = text.content.decode()
    assert "Health: 1 overdue" in body and "LATE1" in body and "NEAR1" not in body


def test_a_manager_imports_an_extract_through_the_preview(client_for, people, area):
    client = client_for(people["casework_manager"])
    upload = SimpleUploadedFile("extract.csv", csv_bytes(CASES), content_type="text/csv")
    response = client.post(reverse("casework:import", args=[area.slug]), {"extract": upload})
    kept = ExtractUpload.objects.get()
    assert response["Location"] == reverse("casework:import_preview", args=[area.slug, kept.pk])
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM casework_extractupload")
        assert b"NEAR1" not in cursor.fetchone()[0].encode()
    preview = client.get(response["Location"]).content.decode()
    assert "3 rows read: 3 new cases" in preview and "Made-up child" not in preview
    form = {"case_ref": "case_ref", "request_date": "request_date", "final_date": "final_date",
            "caseworker": "caseworker", "name": "name", "action": "import"}  # fmt: skip
    done = client.post(response["Location"], form)
    assert done["Location"] == reverse("casework:worklist", args=[area.slug])
    assert Case.objects.for_area(area).count() == 3
    assert Case.objects.get(case_ref="NEAR1").decision == ""  # not mapped: not read
    assert not ExtractUpload.objects.exists()
    page = client.get(done["Location"]).content.decode()
    assert page.count("Imported extract.csv: 3 created, 0 updated, 0 unchanged.") == 1


def test_a_bad_extract_shows_every_error_and_imports_nothing(client_for, people, area):
    client = client_for(people["casework_manager"])
    bad = csv_bytes([row("A1", "2026-13-01"), row("A2", "")])
    upload = SimpleUploadedFile("bad.csv", bad, content_type="text/csv")
    response = client.post(reverse("casework:import", args=[area.slug]), {"extract": upload})
    page = client.post(
        response["Location"],
        {"case_ref": "case_ref", "request_date": "request_date", "action": "import"},
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "row 2, column request_date: “2026-13-01” is not a date" in text
    assert "row 3, column request_date: the date of the request is needed." in text
    assert not Case.objects.exists()


def test_another_managers_upload_is_404(client_for, people, area):
    kept = ExtractUpload.objects.create(area=area, by=people["caseworker"], name="x.csv",
                                        content="")  # fmt: skip
    path = reverse("casework:import_preview", args=[area.slug, kept.pk])
    assert client_for(people["casework_manager"]).get(path).status_code == 404
