"""Board pack and meeting pages for every role, another area's user and anonymous."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from factories import BoardMemberFactory
from wsoa.core.models import AuditEvent
from wsoa.reports import jobs, services
from wsoa.reports.models import Meeting, MeetingPoint, PackJob, PackSnapshot

pytestmark = pytest.mark.django_db
MANAGERS = ["area_admin", "plan_manager"]
OTHERS = ["contributor", "board_member", "forum_rep"]
EVERYONE = MANAGERS + OTHERS


@pytest.fixture
def snapshot(plan, board, plan_manager):
    return services.generate_pack(plan=plan, by=plan_manager, board=board)


@pytest.fixture
def meeting(board, plan_manager):
    return services.record_meeting(
        board=board, by=plan_manager, held_on=dt.date(2026, 10, 5), agenda="Minutes\nScorecard",
        attendees=[],
    )  # fmt: skip


def urls(plan, snapshot, meeting):
    args = [plan.area.slug, plan.pk]
    return [
        reverse("reports:packs", args=args),
        reverse("reports:pack", args=[*args, snapshot.pk]),
        reverse("reports:pack_file", args=[*args, snapshot.pk, "pdf"]),
        reverse("reports:meetings", args=args),
        reverse("reports:meeting", args=[*args, meeting.pk]),
    ]


@pytest.mark.parametrize("persona", EVERYONE, indirect=True)
def test_every_role_reads_packs_and_meetings(client_for, persona, plan, snapshot, meeting):
    client = client_for(persona)
    for url in urls(plan, snapshot, meeting):
        assert client.get(url).status_code == 200, url


def test_other_area_gets_404(client_for, other_area_user, plan, snapshot, meeting):
    client = client_for(other_area_user)
    for url in [
        *urls(plan, snapshot, meeting),
        reverse("reports:meeting_new", args=["hartlepool", plan.pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_other_areas_snapshot_is_404_under_own_plan(client_for, other_area_user, other_plan,
                                                    snapshot):  # fmt: skip
    url = reverse("reports:pack", args=[other_plan.area.slug, other_plan.pk, snapshot.pk])
    assert client_for(other_area_user).get(url).status_code == 404


def test_anonymous_is_sent_to_sign_in(client_for, anonymous, plan, snapshot, meeting):
    client = client_for(anonymous)
    for url in urls(plan, snapshot, meeting):
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in/" in response["Location"], url


@pytest.mark.parametrize("persona", OTHERS, indirect=True)
def test_only_managers_make_packs_and_record_meetings(client_for, persona, plan, board):
    client = client_for(persona)
    args = [plan.area.slug, plan.pk]
    assert client.post(reverse("reports:packs", args=args), {}).status_code == 403
    assert client.get(reverse("reports:meeting_new", args=args)).status_code == 403
    assert not PackJob.objects.exists()


@pytest.mark.parametrize("persona", MANAGERS, indirect=True)
def test_manager_asks_for_a_pack_and_follows_its_progress(client_for, persona, plan, board):
    client = client_for(persona)
    args = [plan.area.slug, plan.pk]
    response = client.post(reverse("reports:packs", args=args), {"board": board.pk})
    job = PackJob.objects.get()
    assert response["Location"] == reverse("reports:pack_job", args=[*args, job.pk])
    waiting = client.get(response["Location"])
    assert waiting.status_code == 200
    assert waiting["Refresh"] == "2"
    assert "<progress" in waiting.content.decode()
    jobs.run_job(job.pk)
    done = client.get(response["Location"])
    snapshot = PackSnapshot.objects.get()
    assert done["Location"] == reverse("reports:pack", args=[*args, snapshot.pk])
    page = client.get(done["Location"]).content.decode()
    assert page.count("<h1") == 1
    assert "The plan at a glance" in page and snapshot.pdf_sha256 in page
    assert AuditEvent.objects.filter(action="pack.generated", object_id=snapshot.pk).exists()


@pytest.mark.parametrize("kind", ["html", "docx", "pdf"])
def test_download_is_exactly_as_made(client_for, board_member, plan, snapshot, kind):
    url = reverse("reports:pack_file", args=[plan.area.slug, plan.pk, snapshot.pk, kind])
    response = client_for(board_member).get(url)
    assert response.content == snapshot.content(kind)
    assert response["X-Checksum-SHA256"] == snapshot.checksum(kind)
    assert "attachment" in response["Content-Disposition"]


def test_tampered_file_is_not_served(client_for, board_member, plan, snapshot):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL's trigger refuses the tampering itself")
    PackSnapshot.objects.filter(pk=snapshot.pk).update(pdf=b"%PDF-1.7 forged")
    url = reverse("reports:pack_file", args=[plan.area.slug, plan.pk, snapshot.pk, "pdf"])
    assert client_for(board_member).get(url).status_code == 409
    page = client_for(board_member).get(
        reverse("reports:pack", args=[plan.area.slug, plan.pk, snapshot.pk])
    )
    assert "Does not match" in page.content.decode()


def test_unknown_file_kind_is_404(client_for, board_member, plan, snapshot):
    url = reverse("reports:pack_file", args=[plan.area.slug, plan.pk, snapshot.pk, "xlsx"])
    assert client_for(board_member).get(url).status_code == 404


def test_manager_records_a_meeting_with_attendees(client_for, plan_manager, plan, board):
    seat = BoardMemberFactory(board=board)
    args = [plan.area.slug, plan.pk]
    response = client_for(plan_manager).post(
        reverse("reports:meeting_new", args=args),
        {"board": board.pk, "held_on_0": "5", "held_on_1": "10", "held_on_2": "2026",
         "agenda": "Minutes\nExceptions", "attendees": [seat.person.pk]},
    )  # fmt: skip
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("reports:meeting", args=[*args, meeting.pk])
    assert meeting.held_on == dt.date(2026, 10, 5)
    assert list(meeting.attendees.all()) == [seat.person]
    assert meeting.agenda_lines() == ["Minutes", "Exceptions"]


def test_meeting_without_a_date_shows_the_error(client_for, plan_manager, plan, board):
    response = client_for(plan_manager).post(
        reverse("reports:meeting_new", args=[plan.area.slug, plan.pk]), {"board": board.pk}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "Enter the date of the meeting" in page
    assert not Meeting.objects.exists()


def test_draft_agenda_prefills_the_form(client_for, plan_manager, plan, item, board):
    item.rag = "red"
    item.save()
    url = reverse("reports:meeting_new", args=[plan.area.slug, plan.pk]) + "?draft=1"
    page = client_for(plan_manager).get(url).content.decode()
    assert "Red: Action 1.1" in page


def test_decision_is_linked_to_items_and_exceptions(
    client_for, plan_manager, plan, item, meeting, exception
):
    url = reverse("reports:meeting", args=[plan.area.slug, plan.pk, meeting.pk])
    client_for(plan_manager).post(
        url,
        {"kind": "action", "text": "Report on EP capacity", "owner_text": "Head of SEND",
         "items": [item.pk], "exceptions": [exception.pk], "indicators": [exception.indicator_id]},
    )  # fmt: skip
    point = MeetingPoint.objects.get()
    assert list(point.items.all()) == [item]
    assert list(point.exceptions.all()) == [exception]
    page = client_for(plan_manager).get(url).content.decode()
    assert "Report on EP capacity" in page and "Action 1.1" in page


def test_other_areas_items_cannot_be_linked(plan_manager, meeting, other_plan):
    foreign = other_plan.items.first()
    with pytest.raises(services.ReportError):
        services.add_point(
            meeting=meeting, by=plan_manager,
            point=services.PointIn(kind="decision", text="x", items=[foreign]),
        )  # fmt: skip


def test_asking_for_a_pack_sends_its_task_once_the_job_is_saved(
    client_for, plan_manager, plan, sent_packs
):
    client_for(plan_manager).post(reverse("reports:packs", args=[plan.area.slug, plan.pk]), {})
    assert sent_packs == [PackJob.objects.get().pk]
