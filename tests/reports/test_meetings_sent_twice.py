"""Meeting and pack forms sent twice (a double click, a resend, two at once) save once."""

import pytest
from django.urls import reverse

from submitting import at_once, token_on
from wsoa.core.idempotency import TOKEN_FIELD, issue_token
from wsoa.core.models import AuditEvent
from wsoa.reports.models import Meeting, MeetingPoint, PackJob

pytestmark = pytest.mark.django_db


def a_meeting(board, token: str) -> dict:
    return {
        "board": board.pk, "held_on_0": "5", "held_on_1": "10", "held_on_2": "2026",
        "agenda": "Minutes\nExceptions", TOKEN_FIELD: token,
    }  # fmt: skip


def test_a_meeting_sent_twice_is_recorded_once(client_for, plan_manager, plan, board):
    client = client_for(plan_manager)
    url = reverse("reports:meeting_new", args=[plan.area.slug, plan.pk])
    data = a_meeting(board, token_on(client.get(url).content.decode()))
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Meeting.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_meeting_sent_four_times_at_once_is_recorded_once(client_for, plan_manager, plan, board):
    clients = [client_for(plan_manager) for _ in range(4)]
    url = reverse("reports:meeting_new", args=[plan.area.slug, plan.pk])
    data = a_meeting(board, issue_token())
    results = at_once(4, lambda n: clients[n].post(url, data))
    assert [getattr(r, "status_code", r) for r in results] == [302] * 4
    assert Meeting.objects.count() == 1


def test_a_decision_or_action_sent_twice_is_added_once(client_for, plan_manager, plan, board):
    client = client_for(plan_manager)
    new = client.post(
        reverse("reports:meeting_new", args=[plan.area.slug, plan.pk]),
        a_meeting(board, issue_token()),
    )
    url = new["Location"]
    data = {"kind": "action", "text": "Report on EP capacity", "owner_text": "Head of SEND"}
    data[TOKEN_FIELD] = token_on(client.get(url).content.decode())
    first, second = client.post(url, data), client.post(url, data)
    assert second["Location"] == first["Location"] == url
    assert MeetingPoint.objects.count() == 1


def test_a_pack_asked_for_twice_is_made_once(client_for, plan_manager, plan, board):
    client = client_for(plan_manager)
    url = reverse("reports:packs", args=[plan.area.slug, plan.pk])
    data = {"board": board.pk, TOKEN_FIELD: token_on(client.get(url).content.decode())}
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert PackJob.objects.count() == 1
    assert AuditEvent.objects.filter(action="pack.requested").count() == 1
