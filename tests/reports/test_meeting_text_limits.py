"""Meeting text has a maximum length: too long is refused with the error, and nothing stored."""

import datetime as dt

import pytest
from django.urls import reverse

from page_text import text_of
from wsoa.reports import services
from wsoa.reports.models import Meeting, MeetingPoint

pytestmark = pytest.mark.django_db


def meeting(board, agenda: str) -> dict:
    return {
        "board": board.pk, "held_on_0": "5", "held_on_1": "10", "held_on_2": "2026",
        "agenda": agenda,
    }  # fmt: skip


def test_an_agenda_over_the_limit_is_refused(client_for, plan_manager, plan, board):
    url = reverse("reports:meeting_new", args=[plan.area.slug, plan.pk])
    response = client_for(plan_manager).post(url, meeting(board, "Minutes\n" + "x" * 29_993))
    assert response.status_code == 200
    assert "Enter 30,000 characters or fewer: this has 1 too many" in text_of(response)
    assert not Meeting.objects.exists()


def test_a_24_mb_agenda_is_refused_before_it_is_read(client_for, plan_manager, plan, board):
    url = reverse("reports:meeting_new", args=[plan.area.slug, plan.pk])
    response = client_for(plan_manager).post(url, meeting(board, "x" * (24 * 1024 * 1024)))
    assert response.status_code == 400
    assert "it may have been too long" in text_of(response)
    assert not Meeting.objects.exists()


def test_an_agenda_at_the_limit_is_kept(client_for, plan_manager, plan, board):
    url = reverse("reports:meeting_new", args=[plan.area.slug, plan.pk])
    client_for(plan_manager).post(url, meeting(board, "x" * 30_000))
    assert len(Meeting.objects.get().agenda) == 30_000


def test_a_point_over_the_limit_is_refused(client_for, plan_manager, plan, board):
    held = services.record_meeting(
        board=board, by=plan_manager, held_on=dt.date(2026, 10, 5), agenda="", attendees=[]
    )
    url = reverse("reports:meeting", args=[plan.area.slug, plan.pk, held.pk])
    response = client_for(plan_manager).post(url, {"kind": "decision", "text": "x" * 10_001})
    assert "Enter 10,000 characters or fewer: this has 1 too many" in text_of(response)
    assert not MeetingPoint.objects.exists()
