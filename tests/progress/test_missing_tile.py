"""The dashboard's tile of updates missing counts in one query what "Updates this period" lists
(progress/dashboard.py): the same items expected, the same received, in every kind of case."""

from __future__ import annotations

import datetime as dt

import pytest

from wsoa.plans.models import Item, ItemPerson
from wsoa.plans.rag import Rag
from wsoa.progress import presenters, services
from wsoa.progress.dashboard import missing_updates
from wsoa.progress.models import ReportingPeriod


def listed(plan, period) -> tuple[int, int]:
    total = presenters.period_updates(plan, period, list(plan.periods.all())).total
    return total.expected, len(total.missing)


def post(item, author, period) -> None:
    data = services.UpdateIn(commentary="Done", proposed_rag=Rag.GREEN, period=period)
    services.post_update(item=item, author=author, data=data)


@pytest.mark.django_db
def test_missing_tile_counts_as_updates_this_period(
    plan, owned_item, period, contributor, plan_manager, forum_rep
):
    last_month = ReportingPeriod.objects.create(
        plan=plan, label="Last month", start=period.start - dt.timedelta(days=31),
        end=period.start - dt.timedelta(days=1),
    )  # fmt: skip
    items = list(Item.objects.filter(plan=plan).order_by("position"))
    assert missing_updates(plan, period) == listed(plan, period)
    objective = next(i for i in items if i.parent_id is None)
    services.assign(item=objective, user=forum_rep, by=plan_manager)  # no lead, assigned
    done, withdrawn, unled = (i for i in items if i.parent_id is not None and i != owned_item)
    Item.objects.filter(pk=done.pk).update(rag=Rag.BLUE)  # complete: not expected
    Item.objects.filter(pk=withdrawn.pk).update(withdrawn_at=dt.datetime.now(tz=dt.UTC))
    ItemPerson.objects.filter(item=unled).delete()  # no lead, nobody assigned: not expected
    post(owned_item, contributor, period)  # received
    post(objective, forum_rep, last_month)  # another period's: still missing
    expected, missing = missing_updates(plan, period)
    assert (expected, missing) == listed(plan, period)
    assert (expected, missing) == (2, 1)


@pytest.mark.django_db
def test_missing_tile_is_one_query(plan, period, django_assert_num_queries):
    with django_assert_num_queries(1):
        missing_updates(plan, period)
