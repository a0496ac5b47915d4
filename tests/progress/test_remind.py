"""`wsoa remind`: one digest per owner, before and after a period closes, never sent twice."""

import datetime as dt
import io
import smtplib

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from wsoa.plans.rag import Rag
from wsoa.progress import services
from wsoa.progress.models import ReminderSent, ReportingPeriod

pytestmark = pytest.mark.django_db
END = dt.date(2026, 11, 30)


@pytest.fixture
def november(plan):
    return ReportingPeriod.objects.create(
        plan=plan, label="November 2026", start=dt.date(2026, 11, 1), end=END
    )


@pytest.fixture
def two_items(owned_item, contributor, plan, plan_manager):
    other = plan.items.get(number="2.1")
    services.assign(item=other, user=contributor, by=plan_manager)
    return owned_item, other


def remind(day: dt.date) -> str:
    out = io.StringIO()
    call_command("remind", today=day.isoformat(), stdout=out)
    return out.getvalue()


def test_one_digest_per_owner_listing_every_item_due(two_items, november):
    output = remind(END - dt.timedelta(days=5))
    assert "Sent 1 message (1 reminder, 0 chasers)" in output
    [message] = mail.outbox
    assert message.to == ["jo.heaney@example.org"]
    assert message.subject == "Reminder: 2 SEND plan updates due soon"
    assert "closes on 30 November 2026" in message.body
    assert "- Action 1.1: http://" in message.body and "- Action 2.1: http://" in message.body
    assert "/items/" in message.body and message.body.count("/update/") == 2


def test_running_twice_sends_nothing_twice(two_items, november):
    remind(END - dt.timedelta(days=5))
    output = remind(END - dt.timedelta(days=4))
    assert len(mail.outbox) == 1
    assert "Sent 0 messages" in output and "1 already sent before" in output
    assert ReminderSent.objects.count() == 1


def test_no_reminder_too_early_or_once_updated(two_items, november, contributor):
    remind(END - dt.timedelta(days=20))
    assert mail.outbox == []
    for item in two_items:
        services.post_update(
            item=item,
            author=contributor,
            data=services.UpdateIn("Done", Rag.GREEN, period=november),
        )
    remind(END - dt.timedelta(days=2))
    assert mail.outbox == []


def test_a_chaser_after_the_period_closes_lists_only_what_is_missing(
    two_items, november, contributor
):
    services.post_update(
        item=two_items[0],
        author=contributor,
        data=services.UpdateIn("Done", "green", period=november),
    )
    assert "0 messages" in remind(END + dt.timedelta(days=1))  # chase after 3 days, not 1
    output = remind(END + dt.timedelta(days=3))
    assert "(0 reminders, 1 chaser)" in output
    [message] = mail.outbox
    assert message.subject == "Overdue: 1 SEND plan update missing"
    assert "closed on 30 November 2026 without an update" in message.body
    assert "Action 2.1" in message.body and "Action 1.1" not in message.body
    remind(END + dt.timedelta(days=10))
    assert len(mail.outbox) == 1


def test_completed_items_are_not_chased(two_items, november):
    for item in two_items:
        item.rag = Rag.BLUE
        item.save()
    remind(END - dt.timedelta(days=1))
    assert mail.outbox == []


def test_owner_without_an_email_is_reported_and_not_marked_sent(two_items, november, contributor):
    contributor.email = ""
    contributor.save()
    output = remind(END - dt.timedelta(days=1))
    assert "Not sent to contributor-user: the account has no e-mail address." in output
    assert not ReminderSent.objects.exists()


def test_a_failed_send_keeps_no_claim_and_is_retried(two_items, november, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection lost")

    monkeypatch.setattr("wsoa.progress.reminders.send_mail", refuse)
    with pytest.raises(CommandError, match="1 message"):
        remind(END - dt.timedelta(days=1))
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    remind(END - dt.timedelta(days=1))
    assert len(mail.outbox) == 1


def test_a_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="--today must be a date like 2026-11-30"):
        call_command("remind", today="30/11/2026")
