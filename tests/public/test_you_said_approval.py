"""Changing approved "you said, we did" text sends it back for a manager's approval.

Any member may add and change entries (`public/permissions.py`); only managers approve them
for publishing. Until a manager approves a change, publishing keeps the text they approved.
"""

import datetime as dt

import pytest
from django.urls import reverse

from page_text import text_of
from wsoa.core.idempotency import TOKEN_FIELD, issue_token
from wsoa.core.models import AuditEvent
from wsoa.public import services
from wsoa.public.models import PublishedSnapshot, YouSaid

pytestmark = pytest.mark.django_db

APPROVED = "Letters are hard to read."
CHANGED = "Nobody reads the letters: they are too long."


@pytest.fixture
def approved(chosen, plan_manager):
    item = chosen.items.get(number="1.1")
    data = services.YouSaidIn(
        APPROVED, "Parent carer forum", dt.date(2026, 11, 3), "Rewritten.", [item]
    )
    entry = services.save_you_said(plan=chosen, by=plan_manager, data=data)
    services.set_you_said_published(entry=entry, by=plan_manager, is_published=True)
    services.publish_plan(plan=chosen, by=plan_manager)
    return entry


def edit_url(entry) -> str:
    return reverse("public:you_said_edit", args=[entry.plan.area.slug, entry.plan_id, entry.pk])


def the_form(said: str, **more) -> dict:
    return {
        "said": said, "source": "Parent carer forum",
        "said_on_0": "3", "said_on_1": "11", "said_on_2": "2026", "did": "Rewritten.",
        TOKEN_FIELD: issue_token(), **more,
    }  # fmt: skip


def published_sayings(plan, by) -> list[str]:
    snapshot = services.publish_plan(plan=plan, by=by)
    return [e["said"] for e in snapshot.content["you_said"]]


def test_a_forum_reps_change_to_approved_text_waits_for_a_manager(
    client_for, forum_rep, plan_manager, approved
):
    response = client_for(forum_rep).post(edit_url(approved), the_form(CHANGED))
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.said == CHANGED and approved.needs_approval
    assert published_sayings(approved.plan, plan_manager) == [APPROVED]
    event = AuditEvent.objects.filter(action="you_said.edited").latest("pk")
    assert event.actor == forum_rep and "waits for a manager" in event.summary
    assert event.changes["said"] == {"before": APPROVED, "after": CHANGED}


def test_the_staff_page_says_the_change_waits_for_approval(
    client_for, forum_rep, plan_manager, approved
):
    client_for(forum_rep).post(edit_url(approved), the_form(CHANGED))
    url = reverse("public:staff", args=[approved.plan.area.slug, approved.plan_id])
    page = text_of(client_for(plan_manager).get(url))
    assert "Changed since it was approved: a manager must approve the change" in page


def test_a_manager_approves_the_change_and_the_next_publishing_shows_it(
    client_for, forum_rep, plan_manager, approved
):
    client_for(forum_rep).post(edit_url(approved), the_form(CHANGED))
    manager = client_for(plan_manager)
    form = manager.get(edit_url(approved)).context["form"]
    assert form.initial["is_published"] is True
    manager.post(edit_url(approved), the_form(CHANGED, is_published="on"))
    approved.refresh_from_db()
    assert not approved.needs_approval and approved.approved["said"] == CHANGED
    assert approved.approved_by == plan_manager
    assert published_sayings(approved.plan, plan_manager) == [CHANGED]
    assert AuditEvent.objects.filter(
        action="you_said.approved", actor=plan_manager, summary__contains="approved"
    ).exists()


def test_a_manager_unticking_it_takes_it_off_the_next_publishing(
    client_for, plan_manager, approved
):
    client_for(plan_manager).post(edit_url(approved), the_form(APPROVED))
    approved.refresh_from_db()
    assert not approved.is_published and approved.approved is None
    assert published_sayings(approved.plan, plan_manager) == []


def test_a_change_to_the_items_also_waits_for_approval(
    client_for, contributor, plan_manager, approved
):
    other = approved.plan.items.get(number="2.1")
    client_for(contributor).post(edit_url(approved), the_form(APPROVED, items=[other.pk]))
    approved.refresh_from_db()
    assert approved.needs_approval
    snapshot = services.publish_plan(plan=approved.plan, by=plan_manager)
    assert snapshot.content["you_said"][0]["items"] == ["Action 1.1"]


def test_saving_approved_text_unchanged_keeps_it_approved(client_for, board_member, approved):
    client_for(board_member).post(
        edit_url(approved), the_form(APPROVED, items=[approved.items.get().pk])
    )
    approved.refresh_from_db()
    assert approved.is_published and not approved.needs_approval


def test_what_was_published_before_never_changes(client_for, forum_rep, approved):
    client_for(forum_rep).post(edit_url(approved), the_form(CHANGED))
    first = PublishedSnapshot.objects.get(plan=approved.plan, number=1)
    assert [e["said"] for e in first.content["you_said"]] == [APPROVED]
    assert YouSaid.objects.get().said == CHANGED
