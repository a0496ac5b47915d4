"""A reporting period can be changed or removed while nothing refers to it; once something does
(an update, a reminder, a board pack), the page says why it is kept. Both changes are audited."""

import datetime as dt

import pytest
from django.urls import reverse

from page_text import text_of
from personas import MANAGERS, PERSONAS, assert_access, persona_name
from submitting import token_on
from wsoa.core.models import AuditEvent
from wsoa.progress import services
from wsoa.progress.models import ReminderSent, ReportingPeriod
from wsoa.reports.models import PackJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def q1(plan):
    return ReportingPeriod.objects.create(
        plan=plan, label="Q1", start=dt.date(2027, 1, 1), end=dt.date(2027, 3, 31)
    )


@pytest.fixture
def q2(plan):
    return ReportingPeriod.objects.create(
        plan=plan, label="Q2", start=dt.date(2027, 4, 1), end=dt.date(2027, 6, 30)
    )


def edit_url(period):
    return reverse("progress:period_edit", args=[period.plan.area.slug, period.plan_id, period.pk])


def remove_url(period):
    return reverse(
        "progress:period_remove", args=[period.plan.area.slug, period.plan_id, period.pk]
    )


def dates(label: str, start: dt.date, end: dt.date) -> dict[str, str]:
    data = {"period-label": label}
    for name, day in (("start", start), ("end", end)):
        data |= {
            f"period-{name}_0": str(day.day),
            f"period-{name}_1": str(day.month),
            f"period-{name}_2": str(day.year),
        }
    return data


def test_a_manager_renames_and_moves_a_period_and_it_is_audited(client_for, plan_manager, q1):
    response = client_for(plan_manager).post(
        edit_url(q1), dates("Quarter 1", dt.date(2027, 1, 4), dt.date(2027, 4, 2))
    )
    assert response.status_code == 302 and response["Location"].endswith("/cycle/#periods")
    q1.refresh_from_db()
    assert (q1.label, q1.start, q1.end) == ("Quarter 1", dt.date(2027, 1, 4), dt.date(2027, 4, 2))
    event = AuditEvent.objects.get(action="period.changed")
    assert event.actor == plan_manager and event.object_id == q1.plan_id
    assert event.changes == {
        "period": q1.pk,
        "label": {"before": "Q1", "after": "Quarter 1"},
        "start": {"before": "2027-01-01", "after": "2027-01-04"},
        "end": {"before": "2027-03-31", "after": "2027-04-02"},
    }


@pytest.mark.parametrize(
    ("start", "end", "says"),
    [
        (dt.date(2027, 3, 1), dt.date(2027, 5, 1), "It would overlap “Q2” (01/04/2027–30/06/2027)"),
        (
            dt.date(2027, 3, 1),
            dt.date(2027, 2, 1),
            "The last day must be on or after the first day",
        ),
    ],
)
def test_an_overlap_or_an_end_before_the_start_changes_nothing(
    client_for, plan_manager, q1, q2, start, end, says
):
    response = client_for(plan_manager).post(edit_url(q1), dates("Q1", start, end))
    assert response.status_code == 200 and says in text_of(response)
    assert "There is a problem" in text_of(response)
    q1.refresh_from_db()
    assert (q1.start, q1.end) == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert not AuditEvent.objects.filter(action="period.changed").exists()


def test_a_label_another_period_has_is_refused(client_for, plan_manager, q1, q2):
    response = client_for(plan_manager).post(
        edit_url(q1), dates("Q2", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    )
    assert "There is already a period called “Q2”" in text_of(response)
    assert ReportingPeriod.objects.get(pk=q1.pk).label == "Q1"


def test_sending_the_change_twice_saves_once(client_for, plan_manager, q1):
    client = client_for(plan_manager)
    token = token_on(client.get(edit_url(q1)).content.decode())
    data = dates("Quarter 1", dt.date(2027, 1, 1), dt.date(2027, 3, 31)) | {
        "submission_token": token
    }
    first, second = client.post(edit_url(q1), data), client.post(edit_url(q1), data)
    assert first["Location"] == second["Location"]
    assert AuditEvent.objects.filter(action="period.changed").count() == 1
    assert "This was already saved." in text_of(client.get(second["Location"]))


def test_a_manager_removes_a_period_after_confirming(client_for, plan_manager, q1, q2):
    client = client_for(plan_manager)
    page = client.get(remove_url(q1))
    assert "Remove the period Q1" in text_of(page) and "1 January 2027 to 31 March 2027" in text_of(
        page
    )
    assert ReportingPeriod.objects.filter(pk=q1.pk).exists()  # showing it removes nothing
    data = {"submission_token": token_on(page.content.decode())}
    response = client.post(remove_url(q1), data)
    assert response["Location"].endswith("/cycle/#periods")
    assert list(ReportingPeriod.objects.filter(plan=q1.plan)) == [q2]
    event = AuditEvent.objects.get(action="period.removed")
    assert event.changes == {
        "period": q1.pk,
        "label": {"before": "Q1", "after": None},
        "start": {"before": "2027-01-01", "after": None},
        "end": {"before": "2027-03-31", "after": None},
    }
    again = client.post(remove_url(q1), data)
    assert again.status_code == 302 and again["Location"] == response["Location"]
    assert AuditEvent.objects.filter(action="period.removed").count() == 1
    assert "This was already saved." in text_of(client.get(again["Location"]))


def refer(what, period, *, item, contributor, plan_manager):
    if what == "update":
        services.post_update(
            item=item, author=contributor, data=services.UpdateIn("Done", "green", period=period)
        )
        return "1 update was posted for this period"
    if what == "reminders":
        for user in (contributor, plan_manager):
            ReminderSent.objects.create(user=user, period=period, kind="reminder", items=1)
        return "2 reminders were sent for this period"
    PackJob.objects.create(plan=period.plan, period=period, requested_by=plan_manager)
    return "1 board pack was asked for on this period"


@pytest.mark.parametrize("what", ["update", "reminders", "pack"])
def test_a_period_something_refers_to_says_why_it_is_kept(
    what, client_for, plan_manager, contributor, owned_item, q1
):
    reason = refer(what, q1, item=owned_item, contributor=contributor, plan_manager=plan_manager)
    client = client_for(plan_manager)
    cycle_page = reverse("progress:cycle", args=[q1.plan.area.slug, q1.plan_id])
    assert f"Kept: {reason}" in text_of(client.get(cycle_page))
    for url in (edit_url(q1), remove_url(q1)):
        page = client.get(url)
        assert reason in text_of(page) and "cannot be changed or removed" in text_of(page)
        assert "submission_token" not in page.content.decode()  # no form is offered
    client.post(edit_url(q1), dates("Changed", dt.date(2027, 1, 1), dt.date(2027, 3, 1)))
    response = client.post(remove_url(q1))
    assert response.status_code == 200 and reason in text_of(response)
    q1.refresh_from_db()
    assert (q1.label, q1.end) == ("Q1", dt.date(2027, 3, 31))
    assert not AuditEvent.objects.filter(action__in=["period.changed", "period.removed"]).exists()


def test_the_cycle_page_offers_change_and_remove_to_managers_only(
    client_for, plan_manager, board_member, q1
):
    cycle_page = reverse("progress:cycle", args=[q1.plan.area.slug, q1.plan_id])
    assert edit_url(q1) in client_for(plan_manager).get(cycle_page).content.decode()
    assert edit_url(q1) not in client_for(board_member).get(cycle_page).content.decode()


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize("page", ["edit", "remove"])
def test_only_managers_open_the_period_pages(request, persona, page, client_for, q1):
    url = edit_url(q1) if page == "edit" else remove_url(q1)
    role = persona_name(request)
    assert_access(client_for(persona).get(url), role, MANAGERS)
    if role not in MANAGERS:
        assert_access(client_for(persona).post(url, {}), role, MANAGERS)
        assert ReportingPeriod.objects.filter(pk=q1.pk, label="Q1").exists()


def test_another_areas_period_is_not_found(client_for, plan_manager, other_plan, q1):
    theirs = ReportingPeriod.objects.create(
        plan=other_plan, label="Q1", start=dt.date(2027, 1, 1), end=dt.date(2027, 3, 31)
    )
    area = q1.plan.area.slug
    for name in ("progress:period_edit", "progress:period_remove"):
        mixed = reverse(name, args=[area, q1.plan_id, theirs.pk])
        assert client_for(plan_manager).get(mixed).status_code == 404
