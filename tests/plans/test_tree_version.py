"""The plan's tree version (plans/caching.py, ADR 0034): the tree and the dashboard's figures are
kept while people post updates and comments, and rebuilt by anything that changes what they show;
the dashboard's tiles and the item page's progress part show every update at once."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
import time_machine
from django.db import migrations
from django.test import Client
from django.urls import reverse

from factories import build_plan
from page_text import text_of
from wsoa.core.audit import record_event
from wsoa.core.models import TREE_NEUTRAL_ACTIONS, AuditEvent
from wsoa.plans import caching
from wsoa.plans import views as plan_views
from wsoa.plans.models import Item, Plan
from wsoa.plans.rag import Rag
from wsoa.progress import item_progress, services
from wsoa.progress.models import Outcome, ReportingPeriod

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def plan(area, plan_manager) -> Plan:
    built = build_plan(area, objectives=2, actions=2)
    services.add_period(
        plan=built, by=plan_manager, label="June 2026", start=dt.date(2026, 6, 1),
        end=dt.date(2026, 6, 30),
    )  # fmt: skip
    return built


@pytest.fixture
def builds(monkeypatch) -> dict[str, int]:
    """Count how often the plan page builds its tree and figures and the item page its progress."""
    counts = {"tree": 0, "figures": 0, "progress": 0}

    def counted(name: str, module, attribute: str) -> None:
        original = getattr(module, attribute)

        def build(*args, **kwargs):
            counts[name] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, attribute, build)

    counted("tree", plan_views, "_tree_part")
    counted("figures", plan_views, "plan_figures")
    counted("progress", item_progress, "item_progress")
    return counts


def plan_url(plan: Plan) -> str:
    return reverse("plans:plan", args=[plan.area.slug, plan.pk])


def item_url(item: Item) -> str:
    return reverse("progress:item", args=[item.plan.area.slug, item.plan_id, item.pk])


def action(plan: Plan, number: str = "1.1") -> Item:
    return Item.objects.get(plan=plan, number=number)


def post(item: Item, author, rag: str = Rag.AMBER, words: str = "Done this month"):
    period = ReportingPeriod.objects.filter(plan=item.plan).first()
    data = services.UpdateIn(commentary=words, proposed_rag=rag, period=period)
    return services.post_update(item=item, author=author, data=data)


def tree_key(plan: Plan) -> str:
    return caching.content_version(plan, TODAY).key


def built_tree(client: Client, plan: Plan, settings) -> str:
    """The plan page as built from the data, with no cache at all."""
    kept = settings.CACHES
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    try:
        return text_of(client.get(plan_url(plan) + "?open=all")).split("Find items", 1)[1]
    finally:
        settings.CACHES = kept


# --- the actions left out change nothing the tree shows -----------------------------------------


@pytest.mark.django_db
def test_listed_actions_leave_the_tree_as_built_from_the_data(
    plan, client_for, plan_manager, contributor, settings
):
    client = client_for(plan_manager)
    before = built_tree(client, plan, settings)
    update = post(action(plan), contributor, Rag.RED, words="Posted")
    services.add_comment(item=action(plan), author=contributor, text="A comment")
    services.decide(update=update, by=plan_manager, outcome=Outcome.RETURNED, reason="Say more")
    done = set(AuditEvent.objects.filter(area=plan.area).values_list("action", flat=True))
    assert {"update.posted", "comment.added", "rag.returned"} <= done
    assert built_tree(client, plan, settings) == before


@pytest.mark.django_db
def test_update_comment_and_returned_rating_keep_the_tree_and_figures(
    plan, client_for, plan_manager, contributor, builds
):
    client = client_for(plan_manager)
    client.get(plan_url(plan))
    key = tree_key(plan)
    assert builds["tree"] == 1 and builds["figures"] == 1
    update = post(action(plan), contributor)
    services.add_comment(item=action(plan, "2.1"), author=contributor, text="Looks right")
    services.decide(update=update, by=plan_manager, outcome=Outcome.RETURNED, reason="Say more")
    page = text_of(client.get(plan_url(plan)))
    assert tree_key(plan) == key
    assert builds["tree"] == 1 and builds["figures"] == 1  # both from the cache
    assert "Action text 1.1" in page


@pytest.mark.django_db
def test_dashboard_tiles_count_each_update_while_the_tree_is_kept(
    plan, client_for, plan_manager, contributor, builds
):
    client = client_for(plan_manager)
    assert "0 ratings awaiting review" in text_of(client.get(plan_url(plan)))
    post(action(plan), contributor)
    assert "1 ratings awaiting review" in text_of(client.get(plan_url(plan)))
    post(action(plan, "1.2"), contributor)
    assert "2 ratings awaiting review" in text_of(client.get(plan_url(plan)))
    assert builds["tree"] == 1 and builds["figures"] == 1


# --- everything else rebuilds it ---------------------------------------------------------------


@pytest.mark.django_db
def test_confirming_the_same_rating_rebuilds_the_tree_and_shows_it(
    plan, client_for, plan_manager, contributor, builds
):
    client = client_for(plan_manager)
    item = action(plan)
    Item.objects.filter(pk=item.pk).update(rag=Rag.GREEN, status_text="")
    client.get(plan_url(plan))
    key, version = tree_key(plan), Item.objects.get(pk=item.pk).version
    update = post(item, contributor, Rag.GREEN)
    services.decide(update=update, by=plan_manager, outcome=Outcome.CONFIRMED, reason="")
    assert Item.objects.get(pk=item.pk).version == version  # the item row is as it was
    page = text_of(client.get(plan_url(plan) + "?open=all"))
    assert tree_key(plan) != key and builds["tree"] == 2
    assert "Rating: Green" in page.split("Action 1.1 ", 1)[1].split("Action 1.2 ", 1)[0]


@pytest.mark.django_db
def test_an_action_not_in_the_list_changes_the_tree_version(plan, plan_manager):
    key = tree_key(plan)
    record_event(obj=action(plan), by=plan_manager, action="item.noted", summary="New kind")
    assert tree_key(plan) != key


@pytest.mark.django_db
def test_another_areas_events_leave_the_tree_version(plan, other_area, other_area_user):
    key = tree_key(plan)
    other = build_plan(other_area, objectives=1, actions=1)
    record_event(obj=other.items.first(), by=other_area_user, action="item.edited", summary="x")
    assert tree_key(plan) == key


def test_the_index_names_the_same_actions_as_the_tree_version():
    conditions = [i.condition for i in AuditEvent._meta.indexes if i.condition is not None]
    assert [c.children for c in conditions] == [[("action__in", TREE_NEUTRAL_ACTIONS)]]
    assert conditions[0].negated
    migration = importlib.import_module("wsoa.core.migrations.0008_audit_latest_tree_change")
    operation = migration.Migration.operations[0]
    assert isinstance(operation, migrations.AddIndex)
    assert operation.index.condition == conditions[0]


# --- the item page's progress part is kept per item ---------------------------------------------


@pytest.mark.django_db
def test_item_progress_is_kept_while_others_post_and_shows_its_own_at_once(
    plan, client_for, plan_manager, contributor, builds
):
    client = client_for(plan_manager)
    item = action(plan)
    client.get(item_url(item))
    assert builds["progress"] == 1
    post(action(plan, "2.2"), contributor, words="Elsewhere")
    services.add_comment(item=action(plan, "2.2"), author=contributor, text="Elsewhere too")
    assert "Elsewhere" not in text_of(client.get(item_url(item)))
    assert builds["progress"] == 1  # from the cache
    update = post(item, contributor, words="Our own news")
    assert "Our own news" in text_of(client.get(item_url(item)))
    services.add_comment(item=item, author=contributor, text="Our own comment")
    assert "Our own comment" in text_of(client.get(item_url(item)))
    services.decide(update=update, by=plan_manager, outcome=Outcome.RETURNED, reason="Be clearer")
    assert "Returned by" in text_of(client.get(item_url(item)))
    assert builds["progress"] == 4


@pytest.mark.django_db
def test_plan_rows_kept_under_the_version_follow_each_audited_change(plan, plan_manager):
    from wsoa.progress import authoring
    from wsoa.progress.models import PlanSettings

    def rows():
        version = caching.content_version(plan, TODAY)
        return (
            [p.name for p in caching.cached_rows(version, "people", plan.people.all())],
            [p.label for p in caching.cached_rows(version, "periods", plan.periods.all())],
            [c.silent_after_days for c in caching.cached_rows(
                version, "cycle", PlanSettings.objects.filter(plan=plan))],
        )  # fmt: skip

    people, periods, _cycle = rows()
    authoring.add_person(plan=plan, by=plan_manager, name="Sam Newlead")
    assert rows()[0] == sorted([*people, "Sam Newlead"])
    services.add_period(
        plan=plan, by=plan_manager, label="July 2026", start=dt.date(2026, 7, 1),
        end=dt.date(2026, 7, 31),
    )  # fmt: skip
    assert rows()[1] == [*periods, "July 2026"]
    cycle = PlanSettings.objects.for_changing(plan)
    services.save_settings(cycle=cycle, by=plan_manager, values={"silent_after_days": 99})
    assert rows()[2] == [99]
