"""`wsoa demo`: the seed plans in delivery today, named people in every role, months of history.

The demo is run at a fixed day (time-machine), so its "today" and so its data are known.
"""

import datetime as dt
import hashlib
import json
import re
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse

from totp import totp_code
from wsoa.core.models import AuditEvent, LocalArea
from wsoa.demo.people import DEMO_PASSWORD
from wsoa.demo.seeds import SEED_AREAS, SEEDS
from wsoa.demo.shifting import add_months
from wsoa.documents.importing import import_plan
from wsoa.kpi.models import Indicator, Measurement
from wsoa.plans.models import DueDate, Item, Milestone, Person, Plan
from wsoa.progress.models import Assignment, Evidence, ProgressUpdate, RagDecision, ReportingPeriod
from wsoa.reports.models import Meeting, MeetingPoint, PackSnapshot

TODAY = dt.datetime(2026, 11, 16, 10, tzinfo=dt.UTC)
ROLES = ["area-admin", "plan-manager", "contributor", "board-member", "forum-rep"]
DIGESTED = [
    Plan, Item, DueDate, Milestone, Person, ReportingPeriod, ProgressUpdate, Evidence,
    RagDecision, Assignment, Meeting, MeetingPoint, Indicator, Measurement,
]  # fmt: skip


def run_demo() -> str:
    out = StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command("demo", no_serve=True, stdout=out)
    return out.getvalue()


def _value(row: models.Model, field: models.Field) -> str:
    if isinstance(field, models.ForeignKey) and field.related_model is get_user_model():
        user = getattr(row, field.name)
        return user.get_username() if user else ""
    return str(getattr(row, field.attname))


def digest() -> str:
    """A checksum of the main tables' contents, ids and the import's own timestamps aside."""
    rows = []
    for model in DIGESTED:
        fields = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key
            and (not f.is_relation or f.related_model is get_user_model())
            and not (isinstance(f, models.DateTimeField) and model in (Plan, Indicator))
        ]
        table = sorted(json.dumps([_value(r, f) for f in fields]) for r in model.objects.all())
        rows.append(f"{model.__name__}:{len(table)}:" + "|".join(table))
    events = AuditEvent.objects.values_list("action", "actor_label", "object_type")
    rows.append(json.dumps(sorted(events)))
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def test_every_seed_file_is_loaded_and_every_seed_has_an_area():
    assert {name for name, _area in SEED_AREAS} == {p.name for p in SEEDS.glob("*.txt")}


def without_ids(text: str) -> str:
    """The gathered packs' JSON with row ids (which differ between databases) taken out."""
    text = re.sub(r'"(id|board|by|plan)": \d+', r'"\1": 0', text)
    text = re.sub(r"/\d+/", "/#/", text)  # in links: /items/5/
    return re.sub(r"([a-z])-\d+", r"\1-#", text)  # in anchors and chart ids: item-5, chart-5-title


@pytest.mark.django_db(transaction=True)
def test_two_runs_on_fresh_databases_give_the_same_data(monkeypatch):
    # The packs' figures are compared as gathered; rendering them (tested below and in
    # test_demo_board_packs) would only slow this test down.
    gathered: list[str] = []
    monkeypatch.setattr(
        "wsoa.demo.management.commands.demo.finish_packs",
        lambda packs, say: gathered.append(without_ids(json.dumps(packs, sort_keys=True))),
    )
    run_demo()
    first = digest()
    call_command("flush", interactive=False, verbosity=0)
    run_demo()
    assert digest() == first
    assert len(gathered) == 2 and gathered[0] == gathered[1] and "board pack" in gathered[0]
    assert ProgressUpdate.objects.count() > 500


@pytest.mark.django_db
def test_demo_plans_are_in_delivery_today_with_history_people_and_packs():
    out = run_demo()
    today = TODAY.date()
    assert Plan.objects.count() == 5
    # Running again adds nothing twice.
    updates = ProgressUpdate.objects.count()
    run_demo()
    assert Plan.objects.count() == 5 and ProgressUpdate.objects.count() == updates
    worcestershire = Plan.objects.get(area__slug="worcestershire")
    assert worcestershire.periods.count() == 12
    stockton = Plan.objects.get(area__slug="stockton-on-tees")
    assert list(stockton.periods.values_list("label", flat=True)) == [f"Q{n}" for n in range(1, 11)]
    assert ProgressUpdate.objects.filter(
        item__plan=stockton, period__label__startswith="Q"
    ).exists()
    for plan in Plan.objects.all():
        assert plan.demo_shift_months and plan.demo_shift_months > 12
        overdue = Item.objects.filter(plan=plan).overdue(today).prefetch_related("milestones")
        # late by its own date or by a milestone not complete, never by years
        assert all((today - min(i.open_due_dates())).days < 400 for i in overdue), plan.area.name
        # a late milestone makes its item overdue too: Stockton, dated by milestones alone, has most
        assert overdue.count() < Item.objects.filter(plan=plan).count() / 3, plan.area.name
        assert RagDecision.objects.filter(item__plan=plan, outcome="returned").exists()
        assert ProgressUpdate.objects.filter(item__plan=plan, decision__isnull=True).exists()
        assert Meeting.objects.filter(board__plan=plan).count() == 3
        # a pack for each meeting, made a week before it
        packs = PackSnapshot.objects.filter(plan=plan).order_by("next_meeting_on")
        assert [p.next_meeting_on for p in packs] == [
            m.held_on for m in Meeting.objects.filter(board__plan=plan).order_by("held_on")
        ]
        assert plan.snapshots.count() == 1
    assert Evidence.objects.exclude(url="").exists()
    assert ProgressUpdate.objects.filter(revised_due__isnull=False).exists()
    assert Measurement.objects.filter(indicator__printed__isnull=False).exists()
    # Worcestershire printed no plan period: its targets' actuals start with its reporting
    assert Measurement.objects.filter(
        indicator__printed__isnull=False, indicator__area__name="Worcestershire"
    ).exists()
    assert "worcestershire-board-member" in out
    assert "Worcestershire: 12 indicators from the plan's targets, " in out
    assert re.search(
        r"Worcestershire: .* [1-9]\d* DfE indicators linked to its findings; DfE: Worc", out
    )
    public = Client().get(f"/public/worcestershire/{worcestershire.pk}/")
    assert "New EHC plans issued within 20 weeks" in public.content.decode()
    check_dates_moved_by_whole_months_keeping_intervals_and_printed_text(worcestershire, out)
    check_each_demo_user_is_named_and_has_something_to_see(out)


def test_add_months_keeps_month_ends_and_days():
    assert add_months(dt.date(2018, 3, 31), 1) == dt.date(2018, 4, 30)
    assert add_months(dt.date(2018, 2, 28), 12) == dt.date(2019, 2, 28)
    assert add_months(dt.date(2019, 2, 28), 12) == dt.date(2020, 2, 29)
    assert add_months(dt.date(2018, 1, 15), 101) == dt.date(2026, 6, 15)
    assert add_months(dt.date(2018, 8, 1), -8) == dt.date(2017, 12, 1)


def printed_two_factor(out: str, username: str) -> tuple[str, list[str]]:
    """The authenticator secret and recovery codes the demo printed for a manager."""
    lines = out.splitlines()
    at = next(n for n, line in enumerate(lines) if line.split()[:1] == [username])
    found = re.search(r"secret (\w+) .* recovery code: (\d+) or (\d+)", lines[at + 1])
    assert found, lines[at + 1]
    return found[1], [found[2], found[3]]


TWO_FACTOR_ACCOUNTS = ("-area-admin", "-plan-manager", "-caseworker", "-casework-manager")


def signed_in(username: str, out: str, *, recovery: bool = False) -> Client:
    """Sign in through the real pages with the password, and the code a manager is asked for."""
    client = Client()
    response = client.post(reverse("login"), {"login": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content.decode()
    if username.endswith(TWO_FACTOR_ACCOUNTS) or "-advice-" in username:
        assert response["Location"] == reverse("mfa_authenticate")
        secret, codes = printed_two_factor(out, username)
        code = codes[0] if recovery else totp_code(secret)
        response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response["Location"] == reverse("plans:areas"), username
    return client


def check_dates_moved_by_whole_months_keeping_intervals_and_printed_text(
    plan: Plan, out: str
) -> None:
    """Compare the demo's plan with the same seed imported as printed, item by item."""
    printed = import_plan(path=SEEDS / SEED_AREAS[4][0], area_name="As printed").plan
    shift = plan.demo_shift_months
    assert shift and shift > 0
    as_printed = {
        (d.item.position, d.position): d
        for d in DueDate.objects.filter(item__plan=printed).select_related("item")
    }
    moved = DueDate.objects.filter(item__plan=plan).select_related("item")
    assert len(moved) == len(as_printed) > 100
    for row in moved:
        was = as_printed[(row.item.position, row.position)]
        assert row.text == was.text  # the printed text is kept
        assert row.end == (add_months(was.end, shift) if was.end else None)
        assert row.start == (add_months(was.start, shift) if was.start else None)
        if was.start and was.end:  # the same interval, in months
            assert months(row.start, row.end) == months(was.start, was.end)
    printed_milestones = {
        (m.item.position, m.position): m.due_end
        for m in Milestone.objects.filter(item__plan=printed).select_related("item")
    }
    for row in Milestone.objects.filter(item__plan=plan).select_related("item"):
        was = printed_milestones[(row.item.position, row.position)]
        assert row.due_end == (add_months(was, shift) if was else None)
    ends = [d.end for d in moved if d.end]
    assert min(ends) < TODAY.date() < max(ends)
    page = signed_in("worcestershire-contributor", out).get(
        reverse("plans:plan", args=["worcestershire", plan.pk])
    )
    assert f"moved this plan’s dates by {shift} months" in page.content.decode()


def months(start: dt.date, end: dt.date) -> int:
    return (end.year * 12 + end.month) - (start.year * 12 + start.month)


def check_each_demo_user_is_named_and_has_something_to_see(out: str) -> None:
    users = get_user_model().objects
    for area in LocalArea.objects.exclude(name="As printed"):
        cache.clear()  # sign-ins from one address are limited a minute; these are 7 an area
        clients = {}
        for role in ROLES:
            user = users.get(username=f"{area.slug}-{role}")
            assert user.first_name and user.last_name
            clients[role] = signed_in(user.username, out, recovery=role == "area-admin")
            assert clients[role].get(reverse("plans:area", args=[area.slug])).status_code == 200
        # casework staff sign in with the code printed for them and reach their own pages
        caseworker = signed_in(f"{area.slug}-caseworker", out)
        assert caseworker.get(reverse("casework:worklist", args=[area.slug])).status_code == 200
        giver = signed_in(f"{area.slug}-advice-health", out, recovery=True)
        assert giver.get(reverse("casework:portal", args=[area.slug])).status_code == 200
        contributor = users.get(username=f"{area.slug}-contributor")
        mine = Item.objects.owned_by(contributor).current()
        assert mine.exists(), area.name
        page = clients["contributor"].get(reverse("progress:my_items", args=[area.slug]))
        assert page.status_code == 200
        first = mine.order_by("position").first()
        link = reverse("progress:item", args=[area.slug, first.plan_id, first.pk])
        assert f'href="{link}"' in page.content.decode()
        plan = area.plans.exclude(demo_shift_months=None).get()
        reviews = clients["plan-manager"].get(
            reverse("progress:reviews", args=[area.slug, plan.pk])
        )
        assert reviews.status_code == 200
        waiting = (  # the page lists the oldest first
            ProgressUpdate.objects.filter(item__plan=plan, decision__isnull=True)
            .order_by("created_at", "id")
            .first()
        )
        link = reverse("progress:item", args=[area.slug, plan.pk, waiting.item_id])
        assert f'href="{link}"' in reviews.content.decode()
    penny = Person.objects.get(
        plan__area__slug="worcestershire", user__username="worcestershire-contributor"
    )
    assert users.get(username="worcestershire-contributor").get_full_name() == penny.name
