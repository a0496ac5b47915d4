"""The multi-agency advice portal: who sees what (advice givers of two services, a caseworker,
a plan-only user, another area), submitting advice (the clock and the audit), asking for more
information, saying why advice will be late, and forged ids."""

import datetime as dt

import pytest
import time_machine
from cases_helpers import TODAY, casework_user, load, row
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from factories import MembershipFactory
from wsoa.casework.models import AdviceRequest, AdviceSubmission, Case, CaseEvent
from wsoa.core.models import Role

pytestmark = [pytest.mark.django_db]

NAME, DOB, UPN, POSTCODE = "Zebedee Quillfeather", "2015-02-03", "A123456789012", "TS24 9ZZ"
# EP1: educational psychology asked 2026-10-20, due 2026-12-01 (1 day left); health asked
# 2026-10-05, due 2026-11-16 (14 days late). EP2: educational psychology 2026-11-25 (due in 37
# days). THEIRS is another area's.
CASES = [
    row("EP1", "2026-10-01", decision_date="2026-10-15", decision="agreed", name=NAME,
        date_of_birth=DOB, upn=UPN, postcode=POSTCODE,
        advice_educational_psychology_requested="2026-10-20",
        advice_health_requested="2026-10-05"),
    row("EP2", "2026-11-10", decision_date="2026-11-20", decision="agreed",
        advice_educational_psychology_requested="2026-11-25"),
]  # fmt: skip
PAGES = ["casework:portal", "casework:portal_request", "casework:portal_submit",
         "casework:portal_more_info", "casework:portal_late"]  # fmt: skip


@pytest.fixture(autouse=True)
def _today(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def advice(area, other_area):
    load(area, CASES, TODAY)
    theirs = row("THEIRS", "2026-10-01", advice_educational_psychology_requested="2026-10-20")
    load(other_area, [theirs], TODAY)
    found = AdviceRequest.objects.select_related("case")
    return {f"{a.case.case_ref}:{a.service}": a for a in found}


@pytest.fixture
def people(area, other_area, plan_manager):
    return {
        "ep": casework_user(area, "advice_giver", "ep-advice", "educational_psychology"),
        "health": casework_user(area, "advice_giver", "health-advice", "health"),
        "caseworker": casework_user(area, "caseworker", "cw"),
        "plan_only": plan_manager,
        "other_area": casework_user(other_area, "advice_giver", "st-ep", "educational_psychology"),
    }


def page(name, area, advice_id):
    args = [area.slug] if name == "casework:portal" else [area.slug, advice_id]
    return reverse(name, args=args)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("ep", 200), ("caseworker", 403), ("plan_only", 404), ("other_area", 404),
     ("anonymous", 302)],
)  # fmt: skip
def test_only_the_service_addressed_opens_its_request(
    client_for, people, advice, area, anonymous, persona, expected
):
    client = client_for(anonymous if persona == "anonymous" else people[persona])
    for name in PAGES:
        response = client.get(page(name, area, advice["EP1:educational_psychology"].pk))
        assert response.status_code == expected, name


def test_an_advice_giver_of_another_service_gets_404_on_the_request(
    client_for, people, advice, area
):
    client = client_for(people["health"])
    assert client.get(page("casework:portal", area, None)).status_code == 200
    for name in PAGES[1:]:
        response = client.get(page(name, area, advice["EP1:educational_psychology"].pk))
        assert response.status_code == 404, name
    assert (
        client.get(page("casework:portal_request", area, advice["EP1:health"].pk)).status_code
        == 200
    )


def test_another_areas_request_under_this_slug_gives_404(client_for, people, advice, area):
    client = client_for(people["ep"])
    theirs = advice["THEIRS:educational_psychology"].pk
    for name in PAGES[1:]:
        assert client.get(page(name, area, theirs)).status_code == 404, name


def test_the_list_shows_the_services_requests_only_most_urgent_first(
    client_for, people, advice, area
):
    text = client_for(people["ep"]).get(reverse("casework:portal", args=[area.slug])).text
    assert text.index("EP1") < text.index("EP2")
    assert "1 day left" in text and "THEIRS" not in text
    health = client_for(people["health"]).get(reverse("casework:portal", args=[area.slug])).text
    assert "EP1" in health and "EP2" not in health and "14 days late" in health


def test_an_advice_giver_sees_no_personal_data(client_for, people, advice, area):
    client = client_for(people["ep"])
    ep1 = advice["EP1:educational_psychology"].pk
    for name in PAGES:
        text = client.get(page(name, area, ep1)).text
        for secret in (NAME, "Quillfeather", DOB, "3 Feb 2015", UPN, POSTCODE):
            assert secret not in text, (name, secret)


def test_an_advice_giver_sees_no_case_or_plan_page_without_a_plan_role(
    client_for, people, advice, area, plan, contributor
):
    client = client_for(people["ep"])
    case = Case.objects.get(case_ref="EP1")
    assert client.get(reverse("casework:case", args=[area.slug, case.pk])).status_code == 403
    assert client.get(reverse("casework:worklist", args=[area.slug])).status_code == 403
    assert client.get(reverse("plans:plan", args=[area.slug, plan.pk])).status_code == 404
    assert client.get(reverse("plans:area", args=[area.slug])).status_code == 404
    MembershipFactory(area=area, role=Role.CONTRIBUTOR, user=people["ep"])
    assert client.get(reverse("plans:plan", args=[area.slug, plan.pk])).status_code == 200


def test_opening_a_request_is_audited_as_a_read_of_the_case(client_for, people, advice, area):
    client_for(people["ep"]).get(
        page("casework:portal_request", area, advice["EP1:educational_psychology"].pk)
    )
    event = CaseEvent.objects.filter(case_ref="EP1", action="read").get()
    assert event.actor == people["ep"]


def submit(client, area, advice_id, content=b"%PDF-1.4 advice", name="EP advice Zebedee.pdf"):
    return client.post(
        reverse("casework:portal_submit", args=[area.slug, advice_id]),
        {"document": SimpleUploadedFile(name, content, "application/pdf"),
         "needs": "Working memory well below age.", "provision": "Daily small-group support."},
    )  # fmt: skip


def test_submitting_advice_sets_received_updates_the_clock_and_audits(
    client_for, people, advice, area
):
    ep1 = advice["EP1:educational_psychology"]
    case = Case.objects.get(case_ref="EP1")
    assert case.next_step == "advice:health"  # the health advice is late, first due
    response = submit(client_for(people["ep"]), area, ep1.pk)
    assert response.status_code == 302
    ep1.refresh_from_db()
    assert ep1.received == TODAY
    event = CaseEvent.objects.filter(case_ref="EP1", action="update").latest("id")
    assert event.actor == people["ep"]
    assert event.fields == ["advice_educational_psychology_received",
                            "advice_educational_psychology_document"]  # fmt: skip
    submission = AdviceSubmission.objects.get(advice=ep1)
    assert default_storage.open(submission.document.name).read() == b"%PDF-1.4 advice"
    assert "Zebedee" not in submission.document.name  # stored under a random name
    assert submission.document_name == "EP advice Zebedee.pdf"


def test_submitting_the_last_advice_moves_the_cases_next_deadline(client_for, people, advice, area):
    submit(client_for(people["health"]), area, advice["EP1:health"].pk)
    case = Case.objects.get(case_ref="EP1")
    assert case.next_step == "advice:educational_psychology"
    assert case.next_due == dt.date(2026, 12, 1)


def test_summaries_and_the_file_name_are_encrypted_at_rest(client_for, people, advice, area):
    submit(client_for(people["ep"]), area, advice["EP1:educational_psychology"].pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT needs, provision, document_name FROM casework_advicesubmission")
        stored = " ".join(cursor.fetchone())
    assert "Working memory" not in stored and "Zebedee" not in stored


def test_advice_cannot_be_submitted_twice(client_for, people, advice, area):
    client = client_for(people["ep"])
    ep1 = advice["EP1:educational_psychology"].pk
    submit(client, area, ep1)
    response = submit(client, area, ep1)
    assert response.status_code == 200 and "already received" in response.text
    assert AdviceSubmission.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("advice.exe", b"MZ", "must be a PDF, Word"), ("advice.pdf", b"", "The file is empty")],
)
def test_a_bad_file_is_refused_and_nothing_changes(
    client_for, people, advice, area, name, content, message
):
    ep1 = advice["EP1:educational_psychology"]
    response = submit(client_for(people["ep"]), area, ep1.pk, content, name)
    assert response.status_code == 200 and message in response.text
    ep1.refresh_from_db()
    assert ep1.received is None and not AdviceSubmission.objects.exists()
    assert not CaseEvent.objects.filter(action="update").exists()


def test_a_forged_request_id_of_another_service_gets_404_and_changes_nothing(
    client_for, people, advice, area
):
    health = advice["EP1:health"]
    response = submit(client_for(people["ep"]), area, health.pk)
    assert response.status_code == 404
    health.refresh_from_db()
    assert health.received is None and not AdviceSubmission.objects.exists()


def test_asking_for_more_information_is_recorded_and_audited(client_for, people, advice, area):
    ep1 = advice["EP1:educational_psychology"]
    response = client_for(people["ep"]).post(
        reverse("casework:portal_more_info", args=[area.slug, ep1.pk]),
        {"question": "Please send the school's latest report."},
    )
    assert response.status_code == 302
    ep1.refresh_from_db()
    assert ep1.more_info_asked == TODAY and ep1.received is None
    event = CaseEvent.objects.filter(case_ref="EP1", action="update").get()
    assert event.fields == ["advice_educational_psychology_more_info_asked"]
    assert AdviceSubmission.objects.get().text == "Please send the school's latest report."


def late(client, area, advice_id, **data):
    values = {"reason": "capacity", "explanation": "Two posts vacant.", "expected_on_0": "14",
              "expected_on_1": "12", "expected_on_2": "2026", **data}  # fmt: skip
    return client.post(reverse("casework:portal_late", args=[area.slug, advice_id]), values)


def test_a_reason_for_late_advice_is_recorded_and_the_due_date_stays(
    client_for, people, advice, area
):
    health = advice["EP1:health"]
    assert late(client_for(people["health"]), area, health.pk).status_code == 302
    health.refresh_from_db()
    assert (
        "does not have the staff" in health.late_reason and "14 December 2026" in health.late_reason
    )
    event = CaseEvent.objects.filter(case_ref="EP1", action="update").get()
    assert event.fields == ["advice_health_late_reason"]
    page_text = (
        client_for(people["health"])
        .get(reverse("casework:portal_request", args=[area.slug, health.pk]))
        .text
    )
    assert "16 November 2026" in page_text and "14 days late" in page_text


def test_a_late_reason_with_a_past_date_is_refused(client_for, people, advice, area):
    health = advice["EP1:health"]
    response = late(client_for(people["health"]), area, health.pk, expected_on_2="2025")
    assert response.status_code == 200 and "must be today or later" in response.text
    health.refresh_from_db()
    assert health.late_reason == "" and not AdviceSubmission.objects.exists()


def test_the_advice_file_reaches_its_service_and_the_caseworkers_only(
    client_for, people, advice, area
):
    submit(client_for(people["ep"]), area, advice["EP1:educational_psychology"].pk)
    url = reverse("casework:portal_document", args=[area.slug, AdviceSubmission.objects.get().pk])
    for persona, expected in [("ep", 200), ("caseworker", 200), ("health", 404),
                              ("plan_only", 404), ("other_area", 404)]:  # fmt: skip
        response = client_for(people[persona]).get(url)
        assert response.status_code == expected, persona
        if expected == 200:
            assert b"".join(response.streaming_content) == b"%PDF-1.4 advice"
            assert "Zebedee" not in response["Content-Disposition"]
    reads = CaseEvent.objects.filter(case_ref="EP1", action="read")
    assert {e.actor for e in reads} == {people["ep"], people["caseworker"]}


def test_the_caseworker_sees_on_the_case_what_advice_givers_sent(client_for, people, advice, area):
    ep1 = advice["EP1:educational_psychology"]
    client_for(people["ep"]).post(
        reverse("casework:portal_more_info", args=[area.slug, ep1.pk]),
        {"question": "Please send the school's latest report."},
    )
    late(client_for(people["health"]), area, advice["EP1:health"].pk)
    case = Case.objects.get(case_ref="EP1")
    text = (
        client_for(people["caseworker"])
        .get(reverse("casework:case", args=[area.slug, case.pk]))
        .text
    )
    assert "Please send the school&#x27;s latest report." in text
    assert "does not have the staff to meet the date: Two posts vacant." in text


@pytest.mark.django_db(transaction=True)
def test_erasing_a_case_removes_its_advice_document_from_the_store(
    client_for, people, advice, area
):
    from wsoa.casework.services import erase_case

    ep1 = advice["EP1:educational_psychology"]
    assert submit(client_for(people["ep"]), area, ep1.pk).status_code == 302
    name = AdviceSubmission.objects.get(advice=ep1).document.name
    assert default_storage.exists(name)
    erase_case(area=area, case_ref="EP1", by=people["caseworker"])
    assert not AdviceSubmission.objects.filter(document=name).exists()
    assert not default_storage.exists(name)  # the child's advice is not left behind in the store
