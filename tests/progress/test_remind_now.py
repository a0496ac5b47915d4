"""'Updates this period': a manager sends an owner (or every owner missing an update) the digest
`wsoa remind` sends, now and once a period; leads without an account are linked in place."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from factories import MembershipFactory, PersonFactory, UserFactory
from page_text import text_of
from personas import MANAGERS, PERSONAS, assert_access, persona_name
from wsoa.core.models import AuditEvent, Role
from wsoa.plans.models import ItemPerson
from wsoa.progress import reminders, services
from wsoa.progress.models import ReminderKind, ReminderSent, ReportingPeriod

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_owner(area, plan, plan_manager):
    """Ann Lee, asked to report on action 2.1."""
    user = UserFactory(
        username="ann", email="ann.lee@example.org", first_name="Ann", last_name="Lee"
    )
    MembershipFactory(area=area, role=Role.CONTRIBUTOR, user=user)
    services.assign(item=plan.items.get(number="2.1"), user=user, by=plan_manager)
    return user


@pytest.fixture
def unlinked(plan):
    """Sam Patel leads action 2.2 but has no account."""
    person = PersonFactory(plan=plan, name="Sam Patel", role="SENCO", organisation="School")
    lead = plan.items.get(number="2.2").people.get(part=ItemPerson.Part.LEAD)
    lead.person = person
    lead.save()
    return person


def returns_url(plan, period=None):
    url = reverse("progress:returns", args=[plan.area.slug, plan.pk])
    return url + (f"?period={period.pk}" if period else "")


def press(client, plan, period, owner="all"):
    url = reverse("progress:remind", args=[plan.area.slug, plan.pk])
    return client.post(url, {"period": period.pk, "owner": owner}, follow=True)


def test_one_owner_gets_the_digest_of_wsoa_remind_and_the_page_says_when(
    client_for, plan_manager, owned_item, period, second_owner, contributor
):
    plan = owned_item.plan
    expected = reminders.compose(
        contributor, [reminders.owed(plan, period, ReminderKind.REMINDER)[contributor]]
    )
    page = press(client_for(plan_manager), plan, period, owner=contributor.pk)
    [message] = mail.outbox
    assert message.to == ["jo.heaney@example.org"]
    assert (message.subject, message.body) == expected
    sent = ReminderSent.objects.get(user=contributor, period=period)
    assert sent.kind == ReminderKind.REMINDER and sent.items == 1
    text = text_of(page)
    assert "Sent 1 reminder for This month to Jo Heaney." in text
    stamp = timezone.localtime(sent.sent_at)
    assert f"Reminder sent {stamp:%-d %b %Y, %H:%M}" in text
    event = AuditEvent.objects.get(action="reminder.sent")
    assert event.actor == plan_manager and event.changes["user"] == contributor.pk


def test_a_second_press_says_it_was_already_sent_and_wsoa_remind_does_not_repeat_it(
    client_for, plan_manager, owned_item, period, contributor
):
    client = client_for(plan_manager)
    press(client, owned_item.plan, period, owner=contributor.pk)
    again = press(client, owned_item.plan, period, owner=contributor.pk)
    assert "A reminder for This month was already sent to Jo Heaney" in text_of(again)
    out = io.StringIO()
    call_command("remind", today=(period.end - dt.timedelta(days=1)).isoformat(), stdout=out)
    assert len(mail.outbox) == 1 and "1 already sent before" in out.getvalue()
    assert AuditEvent.objects.filter(action="reminder.sent").count() == 1


def test_all_owners_missing_an_update_are_sent_one_each(
    client_for, plan_manager, owned_item, period, second_owner, contributor
):
    plan = owned_item.plan
    before = text_of(client_for(plan_manager).get(returns_url(plan)))
    assert "Send a reminder now to all 2 owners missing an update" in before
    page = press(client_for(plan_manager), plan, period)
    assert sorted(m.to[0] for m in mail.outbox) == ["ann.lee@example.org", "jo.heaney@example.org"]
    assert "Sent 2 reminders for This month to Jo Heaney, Ann Lee." in text_of(page)
    assert "has been sent a reminder for This month" in text_of(page)


def test_an_owner_who_updated_or_has_no_email_is_not_sent_one(
    client_for, plan_manager, owned_item, period, second_owner, contributor
):
    services.post_update(
        item=owned_item, author=contributor, data=services.UpdateIn("Done", "green", period=period)
    )
    second_owner.email = ""
    second_owner.save()
    page = press(client_for(plan_manager), owned_item.plan, period)
    assert mail.outbox == []
    assert "Not sent to Ann Lee: their account has no e-mail address." in text_of(page)
    assert not ReminderSent.objects.exists()


def test_after_the_period_closes_the_button_sends_a_chaser(
    client_for, plan_manager, owned_item, contributor
):
    closed = ReportingPeriod.objects.create(
        plan=owned_item.plan, label="Last month", start=dt.date(2026, 1, 1),
        end=dt.date(2026, 1, 31),
    )  # fmt: skip
    client = client_for(plan_manager)
    assert "Send a chaser now" in text_of(client.get(returns_url(owned_item.plan, closed)))
    press(client, owned_item.plan, closed, owner=contributor.pk)
    [message] = mail.outbox
    assert message.subject == "Overdue: 1 SEND plan update missing"
    assert ReminderSent.objects.get().kind == ReminderKind.CHASER


def test_a_lead_without_an_account_is_linked_in_place(
    client_for, plan_manager, owned_item, period, unlinked, contributor
):
    plan = owned_item.plan
    client = client_for(plan_manager)
    page = client.get(returns_url(plan, period))
    text = text_of(page)
    assert "Leads without an account" in text and "Sam Patel" in text
    assert "Leads, missing for This month: Action 2.2" in text
    response = client.post(
        reverse("progress:owners", args=[plan.area.slug, plan.pk]),
        {
            "which": f"p{unlinked.pk}",
            f"p{unlinked.pk}-person": unlinked.pk,
            f"p{unlinked.pk}-user": contributor.pk,
            "back": f"returns?period={period.pk}",
        },
    )
    assert response["Location"] == returns_url(plan, period)
    unlinked.refresh_from_db()
    assert unlinked.user == contributor
    event = AuditEvent.objects.get(action="person.linked")
    assert event.changes == {"user": {"before": None, "after": contributor.pk}}
    after = text_of(client.get(response["Location"]))
    assert "Leads without an account" not in after
    press(client, plan, period, owner=contributor.pk)
    assert "Action 2.2" in mail.outbox[0].body


def test_a_board_member_sees_the_page_without_the_buttons(
    client_for, board_member, owned_item, period, unlinked
):
    html = client_for(board_member).get(returns_url(owned_item.plan)).content.decode()
    assert "progress/remind" not in html and "/returns/remind/" not in html
    assert "Leads without an account" not in html


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_managers_send_reminders(request, persona, client_for, owned_item, period):
    url = reverse("progress:remind", args=[owned_item.plan.area.slug, owned_item.plan.pk])
    response = client_for(persona).post(url, {"period": period.pk, "owner": "all"})
    assert_access(response, persona_name(request), MANAGERS, ok=(302,))
    expected = 1 if persona_name(request) in MANAGERS else 0
    assert len(mail.outbox) == expected


def test_another_plans_period_is_not_found(client_for, plan_manager, owned_item, other_plan):
    theirs = ReportingPeriod.objects.create(
        plan=other_plan, label="Q1", start=dt.date(2027, 1, 1), end=dt.date(2027, 3, 31)
    )
    url = reverse("progress:remind", args=[owned_item.plan.area.slug, owned_item.plan.pk])
    assert client_for(plan_manager).post(url, {"period": theirs.pk}).status_code == 404
