"""`plan_for` reads with the plan only the parts a page shows (its level names, its RAG words),
and no page that leaves one out reads it once per row instead."""

import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from factories import RagLevelFactory
from wsoa.core.models import Membership
from wsoa.plans.rag import Rag
from wsoa.plans.tenancy import plan_for
from wsoa.progress import services
from wsoa.progress.models import ReportingPeriod

pytestmark = pytest.mark.django_db
LEVELS, RAG_LEVELS = '"plans_planlevel"', '"plans_raglevel"'


def _reads(queries: CaptureQueriesContext, table: str) -> int:
    return sum(table in query["sql"] for query in queries)


@pytest.fixture
def manager_membership(plan_manager, plan):
    RagLevelFactory(plan=plan, code=Rag.AMBER, label="Behind plan")
    return Membership.objects.select_related("area").get(user=plan_manager, area=plan.area)


def test_by_default_the_plan_comes_with_its_levels_and_rag_words(manager_membership, plan):
    found = plan_for(manager_membership, plan.pk)
    with CaptureQueriesContext(connection) as queries:
        assert [level.name for level in found.levels.all()] == ["Objective", "Action"]
        assert [level.label for level in found.rag_levels.all()] == ["Behind plan"]
    assert len(queries) == 0


@pytest.mark.parametrize(
    ("parts", "reads"),
    [((), 1), (["levels"], 2), (["rag_levels"], 2), (["levels", "rag_levels"], 3)],
)
def test_only_the_parts_asked_for_are_read(manager_membership, plan, parts, reads):
    with CaptureQueriesContext(connection) as queries:
        found = plan_for(manager_membership, plan.pk, parts=parts)
    assert found == plan and len(queries) == reads
    assert _reads(queries, LEVELS) == ("levels" in parts)
    assert _reads(queries, RAG_LEVELS) == ("rag_levels" in parts)


def test_without_parts_the_plan_is_still_scoped_to_the_area(manager_membership, other_plan):
    with pytest.raises(Http404):
        plan_for(manager_membership, other_plan.pk, parts=())


def _updates_on_every_action(plan, author):
    for item in plan.items.filter(depth=1):
        services.post_update(
            item=item, author=author, data=services.UpdateIn(commentary="Done.", proposed_rag="red")
        )


def _page_reads(client, path):
    client.get(path)  # caches filled
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return _reads(queries, LEVELS), _reads(queries, RAG_LEVELS)


def test_pages_read_no_part_they_do_not_show(client_for, plan_manager, manager_membership, plan):
    today = timezone.localdate()
    ReportingPeriod.objects.create(  # "Updates this period" with what a manager is offered
        plan=plan, label="This month", start=today - dt.timedelta(days=3), end=today
    )
    _updates_on_every_action(plan, plan_manager)
    client = client_for(plan_manager)
    slug = plan.area.slug
    update = plan.items.get(number="1.1").updates.get()
    item = plan.items.get(number="2.2")
    # (level names, RAG words) read: the rating tags read the RAG words by themselves, once.
    pages = {
        reverse("progress:reviews", args=[slug, plan.pk]): (0, 1),
        reverse("progress:decide", args=[slug, plan.pk, update.pk]): (0, 1),
        reverse("progress:returns", args=[slug, plan.pk]): (1, 0),
        reverse("kpi:plan_scorecard", args=[slug, plan.pk]): (0, 0),
        reverse("progress:update", args=[slug, plan.pk, item.pk]): (0, 1),
    }
    for path, reads in pages.items():
        assert _page_reads(client, path) == reads, path


def test_the_item_page_reads_level_names_only_for_managers(
    client_for, plan_manager, contributor, manager_membership, plan
):
    _updates_on_every_action(plan, plan_manager)
    item = plan.items.get(number="1.2")
    path = reverse("progress:item", args=[plan.area.slug, plan.pk, item.pk])
    manager = _page_reads(client_for(plan_manager), path)
    assert manager[0] == 1  # "Add an Action under this"
    assert _page_reads(client_for(contributor), path) == (0, manager[1])


def test_rating_tags_use_the_rag_words_read_with_the_plan(
    client_for, plan_manager, contributor, manager_membership, plan
):
    _updates_on_every_action(plan, plan_manager)
    item = plan.items.get(number="1.2")
    amber = services.post_update(
        item=item, author=plan_manager, data=services.UpdateIn("Slower.", proposed_rag="amber")
    )
    services.decide(update=amber, by=plan_manager, outcome="confirmed", reason="Agreed.")
    path = reverse("progress:item", args=[plan.area.slug, plan.pk, item.pk])
    for user in (plan_manager, contributor):
        client = client_for(user)
        assert _page_reads(client, path)[1] == 1  # with the plan, not again by the tag
        assert "Behind plan" in client.get(path).content.decode()  # the plan's own word
