"""The advice givers' digest: one e-mail per person, their service's requests due within N days
or late, case references and dates only, never sent twice on a day."""

import datetime as dt

import pytest
from cases_helpers import TODAY, casework_user, load, row
from django.core import mail
from django.core.management import CommandError, call_command

from wsoa.casework.models import AdviceDigestSent
from wsoa.casework.portal_digest import send_all

pytestmark = [pytest.mark.django_db]

NAME = "Ophelia Brackenbury-Test"
# LATE1: EP due 2026-11-16 (late); SOON1: EP due 2026-12-04 (4 days); LATER1: EP due
# 2027-01-06 (outside 7 days); DONE1: EP received; HEALTH1: health due 2026-12-02.
CASES = [
    row("LATE1", "2026-10-01", name=NAME, date_of_birth="2016-05-06", upn="B987654321098",
        postcode="TS1 1ZZ", advice_educational_psychology_requested="2026-10-05"),
    row("SOON1", "2026-10-20", advice_educational_psychology_requested="2026-10-23"),
    row("LATER1", "2026-11-20", advice_educational_psychology_requested="2026-11-25"),
    row("DONE1", "2026-10-01", advice_educational_psychology_requested="2026-10-05",
        advice_educational_psychology_received="2026-11-01"),
    row("HEALTH1", "2026-10-20", advice_health_requested="2026-10-21"),
]  # fmt: skip


@pytest.fixture
def givers(area, other_area):
    load(area, CASES, TODAY)
    theirs = row("THEIRS1", "2026-10-01", advice_educational_psychology_requested="2026-10-05")
    load(other_area, [theirs], TODAY)
    ep = casework_user(area, "advice_giver", "ep", "educational_psychology")
    health = casework_user(area, "advice_giver", "health", "health")
    ep.email, health.email = "ep@example.org", "health@example.org"
    ep.save(), health.save()
    return {"ep": ep, "health": health}


def mail_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_each_advice_giver_gets_one_digest_of_their_late_and_due_requests(givers):
    outcome = send_all(TODAY, days=7)
    assert outcome.sent == 2
    (ep,) = mail_to("ep@example.org")
    assert ep.subject == "Advice requests: 1 late, 1 due soon"
    assert "LATE1" in ep.body and "SOON1" in ep.body and "4 days left" in ep.body
    assert "14 days late" in ep.body
    for absent in ("LATER1", "DONE1", "HEALTH1", "THEIRS1"):
        assert absent not in ep.body
    (health,) = mail_to("health@example.org")
    assert "HEALTH1" in health.body and "LATE1" not in health.body


def test_the_digest_holds_no_personal_data(givers):
    send_all(TODAY, days=7)
    text = " ".join(m.subject + m.body for m in mail.outbox)
    for secret in (NAME, "Brackenbury", "2016-05-06", "6 May 2016", "B987654321098", "TS1 1ZZ"):
        assert secret not in text


def test_running_twice_on_a_day_sends_nothing_twice(givers):
    send_all(TODAY, days=7)
    again = send_all(TODAY, days=7)
    assert len(mail.outbox) == 2 and again.sent == 0 and again.already == 2
    assert AdviceDigestSent.objects.count() == 2
    send_all(TODAY + dt.timedelta(days=1), days=7)
    assert len(mail.outbox) == 4  # the next day is a new digest


def test_a_wider_window_includes_later_requests(givers):
    send_all(TODAY, days=60)
    (ep,) = mail_to("ep@example.org")
    assert "LATER1" in ep.body


def test_an_advice_giver_without_an_email_is_reported(givers, capsys):
    givers["health"].email = ""
    givers["health"].save()
    call_command("remind_advice", "--today", "2026-11-30")
    out = capsys.readouterr().out
    assert "Sent 1 digest;" in out and "Not sent to health" in out


def test_dry_run_sends_nothing(givers, capsys):
    call_command("remind_advice", "--today", "2026-11-30", "--dry-run")
    assert "Would send 2 digests" in capsys.readouterr().out
    assert not mail.outbox and not AdviceDigestSent.objects.exists()


def test_beat_sends_the_digests_daily_through_the_same_code(givers):
    from wsoa.casework.tasks import send_advice_digests
    from wsoa.config.celery import app

    entry = app.conf.beat_schedule["send-advice-digests"]
    assert entry["task"] == send_advice_digests.name
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({7}, {20})
    result = send_advice_digests.apply(args=[TODAY.isoformat()]).get()
    assert result == {"sent": 2, "already": 0, "failed": 0}
    assert len(mail_to("ep@example.org")) == 1
    assert send_advice_digests.apply(args=[TODAY.isoformat()]).get()["sent"] == 0


def test_a_bad_date_is_a_clear_error_and_sends_nothing(givers):
    with pytest.raises(
        CommandError, match="--today must be a date like 2026-11-30, not “30/11/2026”"
    ):
        call_command("remind_advice", today="30/11/2026")
    assert not mail.outbox and not AdviceDigestSent.objects.exists()
