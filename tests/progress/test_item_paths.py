"""Items named with their parents on the review and update pages, from one query per page; and
"Updates this period" states the figure of the dashboard's "updates missing" tile."""

import datetime as dt
import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import wsoa.documents
from factories import MembershipFactory, UserFactory
from page_text import text_of
from wsoa.core.models import Role
from wsoa.documents.importing import import_plan
from wsoa.plans.models import Item, Plan
from wsoa.plans.presenters.paths import item_paths
from wsoa.progress import services
from wsoa.progress.models import ProgressUpdate

SEEDS = Path(wsoa.documents.__file__).parent / "seeds"
WORCESTERSHIRE = "004_f5d818488e67f6ca.txt"

pytestmark = pytest.mark.xdist_group("progress-item-paths")


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker) -> Iterator[int]:
    """Worcestershire's plan with an October 2018 period, imported once for the module."""
    with (
        django_db_blocker.unblock(),
        time_machine.travel(dt.datetime(2018, 10, 15, 10, tzinfo=dt.UTC), tick=False),
        transaction.atomic(),
    ):
        plan = import_plan(
            path=SEEDS / WORCESTERSHIRE, area_name="Worcestershire", actor_label="t"
        ).plan
        services.add_period(
            plan=plan, by=member(plan, Role.PLAN_MANAGER), label="October 2018",
            start=dt.date(2018, 10, 1), end=dt.date(2018, 10, 31),
        )  # fmt: skip
        yield plan.pk
        transaction.set_rollback(True)


@pytest.fixture
def plan(imported, db) -> Iterator[Plan]:
    with time_machine.travel(dt.datetime(2018, 10, 15, 10, tzinfo=dt.UTC), tick=False):
        yield Plan.objects.get(pk=imported)


def member(plan: Plan, role: str):
    user = UserFactory(username=f"worcs-{role}")
    if not user.memberships.exists():
        MembershipFactory(user=user, area=plan.area, role=role)
    return user


def steps(plan: Plan) -> list[tuple[Item, str]]:
    """Steps under a numbered activity, each with the activity's label ("Activity 2.6.1")."""
    rows = Item.objects.filter(plan=plan, level="Step", parent__number__gt="").select_related(
        "parent"
    )
    return [(step, f"{step.parent.level} {step.parent.number}") for step in rows.order_by("pk")]


def post(plan: Plan, items: list[Item]) -> list[ProgressUpdate]:
    manager = member(plan, Role.PLAN_MANAGER)
    october = plan.periods.get()
    return [
        services.post_update(
            item=item, author=manager, data=services.UpdateIn("Done", "green", period=october)
        )
        for item in items
    ]


def visible(body: bytes) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", body.decode()).split()))


@pytest.mark.django_db
def test_paths_name_each_step_s_activity_and_workstream_from_one_query(
    plan, django_assert_num_queries
):
    found = steps(plan)[:12]
    items = [Item.objects.get(pk=step.pk) for step, _ in found]
    with django_assert_num_queries(1):
        paths = item_paths(items)
    for step, activity in found:
        assert paths[step.pk].endswith(f" › {activity}")
        assert re.match(r"Workstream \d+: \w+", paths[step.pk])
    top = Item.objects.filter(plan=plan, depth=0).first()
    assert item_paths([top]) == {top.pk: ""}


@pytest.mark.django_db
def test_reviews_page_names_each_step_s_activity(plan, client_for):
    found = steps(plan)[:3]
    post(plan, [step for step, _ in found])
    client = client_for(member(plan, Role.PLAN_MANAGER))
    text = visible(client.get(reverse("progress:reviews", args=[plan.area.slug, plan.pk])).content)
    for step, activity in found:
        assert f"{activity} Step {step.number}" in text


def reviews_queries(client, plan: Plan) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("progress:reviews", args=[plan.area.slug, plan.pk]))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_reviews_page_queries_do_not_grow_with_the_updates(plan, client_for):
    found = [step for step, _ in steps(plan)]
    client = client_for(member(plan, Role.PLAN_MANAGER))
    post(plan, found[:2])
    reviews_queries(client, plan)  # the first request of a session reads more, once
    few = reviews_queries(client, plan)
    post(plan, found[2:10])
    assert ProgressUpdate.objects.filter(item__plan=plan).count() == 10
    assert reviews_queries(client, plan) == few


@pytest.mark.django_db
def test_decide_page_names_the_step_s_activity(plan, client_for):
    step, activity = steps(plan)[0]
    (update,) = post(plan, [step])
    client = client_for(member(plan, Role.PLAN_MANAGER))
    url = reverse("progress:decide", args=[plan.area.slug, plan.pk, update.pk])
    assert f"{activity} Step {step.number}" in visible(client.get(url).content)


@pytest.mark.django_db
def test_update_form_caption_is_the_step_s_path(plan, client_for):
    step, activity = steps(plan)[0]
    client = client_for(member(plan, Role.PLAN_MANAGER))
    url = reverse("progress:update", args=[plan.area.slug, plan.pk, step.pk])
    caption = re.search(
        r'<span class="govuk-caption-l">([^<]+)</span>', client.get(url).content.decode()
    )
    assert caption
    assert html.unescape(caption.group(1)).endswith(f"{activity} › Step {step.number}")


@pytest.mark.django_db
def test_my_items_names_each_step_s_activity(plan, client_for):
    owner = member(plan, Role.CONTRIBUTOR)
    found = steps(plan)[:3]
    for step, _ in found:
        services.assign(item=step, user=owner, by=member(plan, Role.PLAN_MANAGER))
    text = visible(
        client_for(owner).get(reverse("progress:my_items", args=[plan.area.slug])).content
    )
    for step, activity in found:
        assert f"{activity} Step {step.number}" in text


@pytest.mark.django_db
def test_updates_this_period_states_the_missing_figure_of_the_dashboard_tile(plan, client_for):
    post(plan, [step for step, _ in steps(plan)[:4]])
    client = client_for(member(plan, Role.AREA_ADMIN))
    dashboard = client.get(reverse("plans:plan", args=[plan.area.slug, plan.pk])).content.decode()
    tiles = re.findall(r'<li class="wsoa-tile">(.*?)</li>', dashboard, re.S)
    (missing,) = [tile for tile in tiles if "updates missing this period" in tile]
    tile = re.search(r'wsoa-tile__figure[^"]*">(\d+)<', missing)
    assert tile
    text = text_of(client.get(reverse("progress:returns", args=[plan.area.slug, plan.pk])))
    stated = re.search(r"(\d+) items? (?:has|have) no update yet this period", text)
    assert stated and stated.group(1) == tile.group(1)
    received, expected = map(int, re.search(r"(\d+) of (\d+) items updated", text).groups())
    assert int(tile.group(1)) == expected - received > 0
