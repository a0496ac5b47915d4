"""A milestone past its date makes its item overdue, everywhere overdue is counted.

Stockton's actions are dated only by their milestones' half-year columns ("Aug-19" is due by
31 August 2019), so without this none of them is ever overdue.
"""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import wsoa.documents
from factories import MembershipFactory, UserFactory
from page_text import text_of
from wsoa.core.models import Role
from wsoa.documents.importing import import_plan
from wsoa.plans.models import Item, Milestone, Plan
from wsoa.plans.presenters.wording import overdue_reason
from wsoa.progress.flags import ItemState
from wsoa.progress.flags import overdue as overdue_flag
from wsoa.progress.models import Assignment
from wsoa.progress.presenters import my_items
from wsoa.reports.content import build_pack
from wsoa.reports.window import Window

SEEDS = Path(wsoa.documents.__file__).parent / "seeds"
STOCKTON = SEEDS / "001_ae72a16c3b6432fd.txt"
TODAY = dt.date(2019, 9, 15)  # after the first half-year column, Aug-19
AUG_19 = dt.date(2019, 8, 31)

pytestmark = pytest.mark.xdist_group("plans-overdue-milestones")


@pytest.fixture(scope="module")
def stockton_import(django_db_setup, django_db_blocker) -> Iterator[int]:
    """Stockton's plan imported once for the module, rolled back when it ends."""
    with django_db_blocker.unblock(), transaction.atomic():
        plan = import_plan(path=STOCKTON, area_name="Stockton-on-Tees", actor_label="test").plan
        yield plan.pk
        transaction.set_rollback(True)


@pytest.fixture
def stockton(stockton_import, db) -> Plan:
    return Plan.objects.get(pk=stockton_import)


def items_of(plan: Plan) -> list[Item]:
    return list(Item.objects.filter(plan=plan).prefetch_related("milestones"))


def overdue_ids(plan: Plan, day: dt.date) -> set[int]:
    return set(Item.objects.filter(plan=plan).overdue(day).values_list("pk", flat=True))


def late_only_by_milestones(plan: Plan, day: dt.date) -> list[Item]:
    """Items overdue on the day that have no due date of their own."""
    return [i for i in items_of(plan) if i.due is None and i.pk in overdue_ids(plan, day)]


@pytest.mark.django_db
def test_stockton_has_items_overdue_by_their_milestones_after_aug_19(stockton):
    late = late_only_by_milestones(stockton, TODAY)
    assert late, "no Stockton item is overdue after its Aug-19 milestone"
    for item in late:
        assert any(ms.due is not None and ms.due < TODAY for ms in item.milestones.all())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "day", [dt.date(2019, 7, 1), TODAY, dt.date(2020, 3, 15), dt.date(2021, 9, 15)]
)
def test_queryset_and_item_agree_on_every_item(stockton, day):
    by_item = {i.pk for i in items_of(stockton) if i.is_overdue(day)}
    assert overdue_ids(stockton, day) == by_item


@pytest.mark.django_db
def test_more_items_are_overdue_as_each_half_year_passes(stockton):
    counts = [len(overdue_ids(stockton, d)) for d in (dt.date(2019, 7, 1), TODAY)]
    counts.append(len(overdue_ids(stockton, dt.date(2020, 3, 15))))
    assert counts[0] < counts[1] < counts[2]


def an_item_late_by_milestones(plan: Plan) -> Item:
    return late_only_by_milestones(plan, TODAY)[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "finish",
    [
        {"completed_on": dt.date(2019, 8, 20)},
        {"rag": "blue"},
        {"current_due": dt.date(2019, 12, 31)},  # a revised date not yet reached
    ],
    ids=["completed", "rated-blue", "revised-later"],
)
def test_a_milestone_completed_or_moved_on_does_not_make_its_item_overdue(stockton, finish):
    item = an_item_late_by_milestones(stockton)
    Milestone.objects.filter(item=item, due_end__lt=TODAY).update(**finish)
    fresh = Item.objects.prefetch_related("milestones").get(pk=item.pk)
    assert item.pk not in overdue_ids(stockton, TODAY)
    assert not fresh.is_overdue(TODAY)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change", [{"rag": "blue"}, {"withdrawn_at": dt.datetime(2019, 9, 1, tzinfo=dt.UTC)}]
)
def test_an_item_complete_or_withdrawn_is_not_overdue_by_its_milestones(stockton, change):
    item = an_item_late_by_milestones(stockton)
    Item.objects.filter(pk=item.pk).update(**change)
    assert item.pk not in overdue_ids(stockton, TODAY)
    assert not Item.objects.prefetch_related("milestones").get(pk=item.pk).is_overdue(TODAY)


@pytest.mark.django_db
def test_due_soon_counts_milestones_falling_due_in_the_window(stockton):
    day = dt.date(2019, 8, 10)  # Aug-19 milestones fall due on the 31st
    soon = set(Item.objects.filter(plan=stockton).due_soon(day).values_list("pk", flat=True))
    window = (day, day + dt.timedelta(days=30))
    expected = {
        i.pk
        for i in items_of(stockton)
        if any(window[0] <= d <= window[1] for d in i.open_due_dates())
    }
    assert soon == expected
    assert any(i.due is None for i in items_of(stockton) if i.pk in soon)


@pytest.mark.django_db
def test_overdue_is_one_query_however_many_milestones(stockton):
    with CaptureQueriesContext(connection) as captured:
        assert Item.objects.filter(plan=stockton).overdue(TODAY).count() > 0
    assert len(captured) == 1


# --- where it shows -------------------------------------------------------------------------


def member(plan: Plan, role: str, name: str):
    user = UserFactory(username=name)
    MembershipFactory(user=user, area=plan.area, role=role)
    return user


@pytest.fixture
def admin_client(stockton, client_for):
    with time_machine.travel(dt.datetime(2019, 9, 15, 10, tzinfo=dt.UTC), tick=False):
        yield client_for(member(stockton, Role.AREA_ADMIN, "stockton-admin-h3"))


@pytest.mark.django_db
def test_dashboard_overdue_tile_equals_the_filtered_list(stockton, admin_client):
    url = reverse("plans:plan", args=[stockton.area.slug, stockton.pk])
    html = admin_client.get(url).content.decode()
    tile = html.split('wsoa-tile__name">overdue<')[0].rsplit("wsoa-tile__figure", 1)[1]
    figure = int(tile.split(">", 1)[1].split("<", 1)[0])
    listed = text_of(admin_client.get(url, {"overdue": "on"}))
    assert figure == len(overdue_ids(stockton, TODAY)) > 0
    assert f"{figure} items match" in listed or f"{figure} item matches" in listed


@pytest.mark.django_db
def test_plan_page_queries_do_not_grow_with_items_late_by_milestones(stockton, admin_client):
    url = reverse("plans:plan", args=[stockton.area.slug, stockton.pk])
    admin_client.get(url, {"overdue": "on"})  # warm the session and caches
    cache.clear()  # both readings build the page's cached parts (plans/caching.py)
    with CaptureQueriesContext(connection) as before:
        admin_client.get(url, {"overdue": "on", "depth": "all"})
    parent = items_of(stockton)[1]
    for n in range(10):
        added = Item.objects.create(
            plan=stockton, parent=parent, depth=parent.depth + 1, position=1000 + n, title="New"
        )
        Milestone.objects.create(item=added, position=0, text="Extra", due_end=AUG_19)
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        admin_client.get(url, {"overdue": "on", "depth": "all"})
    assert len(after) == len(before)


@pytest.mark.django_db
def test_item_page_names_the_milestone_that_makes_it_overdue(stockton, admin_client):
    item = an_item_late_by_milestones(stockton)
    url = reverse("progress:item", args=[stockton.area.slug, stockton.pk, item.pk])
    text = text_of(admin_client.get(url))
    first = min((ms for ms in item.milestones.all() if ms.due < TODAY), key=lambda m: m.due)
    assert f"Milestone “{first.period_label}: " in text
    assert f"was due on {first.due:%-d %B %Y}" in text


def test_overdue_flag_says_which_milestone_and_when():
    state = ItemState(rag="green", baseline_due=None, late_milestone=("Aug-19: Share", AUG_19))
    flag = overdue_flag(state, TODAY)
    assert flag is not None and flag.code == "overdue"
    assert "Milestone “Aug-19: Share” was due on 31 August 2019, 15 days ago" in flag.reason
    assert overdue_flag(ItemState(rag="blue", baseline_due=None), TODAY) is None


@pytest.mark.django_db
def test_overdue_reason_prefers_the_item_s_own_date(stockton):
    item = Item.objects.prefetch_related("milestones").get(
        pk=an_item_late_by_milestones(stockton).pk
    )
    assert overdue_reason(item, TODAY).startswith("Milestone “Aug-19: ")
    item.due_end = dt.date(2019, 9, 1)
    assert overdue_reason(item, TODAY).startswith("The latest due date has passed")


@pytest.mark.django_db
def test_my_items_lists_an_item_overdue_by_its_milestone(stockton):
    item = an_item_late_by_milestones(stockton)
    owner = member(stockton, Role.CONTRIBUTOR, "stockton-owner-h3")
    Assignment.objects.create(item=item, user=owner, assigned_by=owner)
    rows = my_items(stockton.area, owner, TODAY).due
    assert [r.item.pk for r in rows] == [item.pk]
    assert any("Milestone “Aug-19" in f.reason for f in rows[0].flags)


@pytest.mark.django_db
def test_board_pack_lists_items_overdue_by_their_milestones(stockton):
    end = timezone.make_aware(dt.datetime(2019, 9, 15, 12))
    pack = build_pack(stockton, Window(None, end, dt.date(2019, 10, 15), "test"))
    assert len(pack["overdue"]) == len(overdue_ids(stockton, TODAY)) > 0
