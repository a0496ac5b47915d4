"""The plan's dashboard: each tile's figure equals the list its link opens, tiles follow the role,
the ratings chart names each workstream, and its queries do not grow with the plan."""

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

import wsoa.documents
from factories import MembershipFactory, UserFactory, build_plan
from page_text import text_of
from wsoa.core.models import Role
from wsoa.documents.importing import import_plan
from wsoa.kpi.models import ExceptionReport, Indicator, Measurement
from wsoa.plans import panels
from wsoa.plans.models import Item, Plan
from wsoa.plans.presenters.dashboard import plan_dashboard
from wsoa.progress import services
from wsoa.progress.models import ProgressUpdate
from wsoa.reports.models import PlannedMeeting

SEEDS = Path(wsoa.documents.__file__).parent / "seeds"
TODAY = dt.date(2018, 10, 15)  # part-way through Worcestershire's plan of 2018-20
DASHBOARD_QUERIES = 17  # + the items with a lead, read apart: an EXISTS per item hashed every lead
PLAN_PAGE_QUERIES = (
    26  # + the milestones prefetched for overdue, + the people for leads shown by name,
    # + the plan's version for its cache (empty here; cached: tests/plans/test_plan_page_cache.py),
    # + the items with a lead for the tile of updates missing (as DASHBOARD_QUERIES)
)


# The module's tests share one import of the seed (2–3 s each time), built once per worker inside
# a transaction that is rolled back when the module ends; each test runs in a savepoint within it.
pytestmark = pytest.mark.xdist_group("plans-dashboard")


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2018, 10, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture(scope="module")
def worcestershire_month(django_db_setup, django_db_blocker) -> Iterator[int]:
    """Worcestershire's plan with a scripted month: periods, updates (one confirmed, the rest
    waiting), three slipped items, a red indicator of the plan and one of the area, and a
    board meeting added to the schedule."""
    with (
        django_db_blocker.unblock(),
        time_machine.travel(dt.datetime(2018, 10, 15, 10, tzinfo=dt.UTC), tick=False),
        transaction.atomic(),
    ):
        plan = scripted_month(SEEDS / "004_f5d818488e67f6ca.txt")
        yield plan.pk
        transaction.set_rollback(True)


@pytest.fixture
def worcestershire(worcestershire_month, frozen, db) -> Plan:
    return Plan.objects.get(pk=worcestershire_month)


def scripted_month(seed: Path) -> Plan:
    plan = import_plan(path=seed, area_name="Worcestershire", actor_label="test").plan
    manager = member(plan, Role.PLAN_MANAGER)
    services.add_period(
        plan=plan, by=manager, label="September 2018", start=dt.date(2018, 9, 1),
        end=dt.date(2018, 9, 30),
    )  # fmt: skip
    october = services.add_period(
        plan=plan, by=manager, label="October 2018", start=dt.date(2018, 10, 1),
        end=dt.date(2018, 10, 31),
    )  # fmt: skip
    leads = Item.objects.filter(plan=plan, people__part="lead").exclude(rag="blue")
    led = list(leads.distinct().order_by("position")[:6])
    for item in led:
        services.post_update(
            item=item,
            author=manager,
            data=services.UpdateIn(f"Progress on {item.number}", "green", period=october),
        )
    first = ProgressUpdate.objects.filter(item__plan=plan).order_by("pk").first()
    services.decide(update=first, by=manager, outcome="confirmed", reason="")
    dated = Item.objects.filter(plan=plan, due_end__isnull=False).order_by("position")
    for item in dated[:3]:
        Item.objects.filter(pk=item.pk).update(current_due=item.due_end + dt.timedelta(days=200))
    red_indicator(plan.area, plan, "EHC plans in 20 weeks")
    red_indicator(plan.area, None, "School attendance")
    board = plan.boards.order_by("pk").first()
    PlannedMeeting.objects.create(board=board, on=TODAY + dt.timedelta(days=2))
    return plan


def member(plan: Plan, role: str):
    """The user with this role at the plan's area (made on first use)."""
    user = UserFactory(username=f"worcs-{role}")
    if not user.memberships.exists():
        MembershipFactory(user=user, area=plan.area, role=role)
    return user


def red_indicator(area, plan, name: str) -> None:
    indicator = Indicator.objects.create(
        area=area, plan=plan, name=name, unit="percent", target=Decimal(90)
    )
    measurement = Measurement.objects.create(
        indicator=indicator, label="Q2 2018-19", start=dt.date(2018, 7, 1),
        end=dt.date(2018, 9, 30), value=Decimal(40),
    )  # fmt: skip
    ExceptionReport.objects.create(
        indicator=indicator, measurement=measurement, reason="40% against a target of 90%"
    )


def tiles_of(html: str) -> dict[str, tuple[str, str]]:
    """Each tile's name → (figure, link or "")."""
    found = {}
    for tile in re.findall(r'<li class="wsoa-tile">(.*?)</li>', html, re.S):
        link = re.search(r'href="([^"]+)"', tile)
        figure = re.search(r'wsoa-tile__figure[^"]*">([^<]+)<', tile).group(1)
        name = re.search(r'wsoa-tile__name">([^<]+)<', tile).group(1)
        found[name] = (figure, link.group(1).replace("&amp;", "&") if link else "")
    return found


def plan_url(plan: Plan) -> str:
    return reverse("plans:plan", args=[plan.area.slug, plan.pk])


def count_in(text: str, pattern: str) -> int:
    found = re.search(pattern, text)
    assert found, f"{pattern!r} not in the page"
    return int(found.group(1))


# --- each figure equals the list it links to ------------------------------------------------


@pytest.fixture
def manager_tiles(worcestershire, client_for):
    client = client_for(member(worcestershire, Role.AREA_ADMIN))
    return client, tiles_of(client.get(plan_url(worcestershire)).content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["overdue", "due in the next 30 days", "slipped"])
def test_item_tiles_equal_the_plan_page_filter_they_link_to(manager_tiles, name):
    client, tiles = manager_tiles
    figure, url = tiles[name]
    listed = count_in(text_of(client.get(url)), r"(\d+) items? match")
    assert int(figure) == listed
    assert listed > 0


@pytest.mark.django_db
def test_slipped_tile_counts_the_items_given_a_later_date(manager_tiles):
    assert manager_tiles[1]["slipped"][0] == "3"


@pytest.mark.django_db
def test_missing_updates_tile_equals_updates_this_period(manager_tiles):
    client, tiles = manager_tiles
    figure, url = tiles["updates missing this period"]
    text = text_of(client.get(url))
    received = count_in(text, r"October 2018: (\d+) of \d+ items updated")
    expected = count_in(text, r"October 2018: \d+ of (\d+) items updated")
    assert received == 6
    assert int(figure) == expected - received > 0


@pytest.mark.django_db
def test_ratings_tile_equals_ratings_to_review(manager_tiles):
    client, tiles = manager_tiles
    figure, url = tiles["ratings awaiting review"]
    assert figure == "5"  # six updates, one confirmed
    assert count_in(text_of(client.get(url)), r"(\d+) proposed ratings? waiting") == 5


@pytest.mark.django_db
def test_exceptions_tile_equals_the_plan_s_open_exceptions(manager_tiles):
    client, tiles = manager_tiles
    figure, url = tiles["KPI exceptions"]
    text = text_of(client.get(url))
    assert figure == "1"
    assert count_in(text, r"(\d+) open exceptions?") == 1
    assert "EHC plans in 20 weeks" in text and "School attendance" not in text


@pytest.mark.django_db
def test_next_board_meeting_tile_is_the_first_date_of_the_schedule_it_opens(manager_tiles):
    client, tiles = manager_tiles
    figure, url = tiles["next board meeting"]
    schedule = client.get(url).content.decode()
    first = re.search(r'<td class="govuk-table__cell">\w+ (\d+ \w+ \d{4})</td>', schedule)
    assert first and figure == first.group(1)
    assert dt.datetime.strptime(figure, "%d %B %Y").date() <= TODAY + dt.timedelta(days=2)


# --- what each role sees ------------------------------------------------------------------------

MANAGER_ONLY = {"ratings awaiting review", "KPI exceptions"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "unlinked"),
    [
        (Role.AREA_ADMIN, set()),
        (Role.PLAN_MANAGER, set()),
        (Role.BOARD_MEMBER, MANAGER_ONLY),
        (Role.CONTRIBUTOR, MANAGER_ONLY | {"updates missing this period"}),
        (Role.FORUM_REP, MANAGER_ONLY | {"updates missing this period"}),
    ],
)
def test_every_role_sees_the_dashboard_with_links_only_to_lists_it_may_open(
    worcestershire, client_for, role, unlinked
):
    client = client_for(member(worcestershire, role))
    tiles = tiles_of(client.get(plan_url(worcestershire)).content.decode())
    assert len(tiles) == 7
    assert {name for name, (_, url) in tiles.items() if not url} == unlinked
    for name, (_, url) in tiles.items():
        if url:
            assert client.get(url).status_code == 200, name


@pytest.mark.django_db
def test_other_area_user_gets_404_and_no_dashboard(worcestershire, client_for, other_area_user):
    response = client_for(other_area_user).get(plan_url(worcestershire))
    assert response.status_code == 404
    assert "wsoa-tile" not in response.content.decode()


# --- the ratings chart -----------------------------------------------------------------------


@pytest.mark.django_db
def test_ratings_chart_and_table_name_each_workstream_in_the_plan_s_words(
    worcestershire, client_for
):
    client = client_for(member(worcestershire, Role.BOARD_MEMBER))
    html = client.get(plan_url(worcestershire)).content.decode()
    chart = html.split("<svg", 2)[-1].split("</svg>")[0]
    assert 'role="img"' in chart and '<title id="ratings-title">' in chart
    for name in ("Workstream: Safeguarding Actions", "Workstream 1: Local Offer",
                 "Workstream 5: Workforce and Engagement"):  # fmt: skip
        assert name in chart
        assert re.search(rf'<th scope="row" [^>]*><a [^>]*>{re.escape(name)}</a></th>', html)


@pytest.mark.django_db
def test_table_counts_every_current_item_once_by_its_rating(worcestershire, frozen):
    manager = member(worcestershire, Role.PLAN_MANAGER)
    membership = manager.memberships.get()
    dashboard = plan_dashboard(membership, worcestershire, TODAY)
    current = Item.objects.filter(plan=worcestershire, withdrawn_at__isnull=True)
    assert sum(bar.total for bar in dashboard.bars) == current.count()
    greens = sum(bar.counts.get("green", 0) for bar in dashboard.bars)
    assert greens == current.filter(rag="green").count() > 0


# --- bounded queries -------------------------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_of_worcestershire_takes_a_fixed_number_of_queries(
    worcestershire, django_assert_max_num_queries, capsys
):
    manager = member(worcestershire, Role.BOARD_MEMBER)
    membership = manager.memberships.get()
    with django_assert_max_num_queries(DASHBOARD_QUERIES) as captured:
        plan_dashboard(membership, worcestershire, TODAY)
    with capsys.disabled():
        print(f"\nDashboard of Worcestershire (211 items): {len(captured)} queries")


@pytest.mark.django_db
def test_plan_page_of_worcestershire_with_its_dashboard_takes_a_fixed_number_of_queries(
    worcestershire, client_for, django_assert_max_num_queries, capsys
):
    client = client_for(member(worcestershire, Role.PLAN_MANAGER))
    with django_assert_max_num_queries(PLAN_PAGE_QUERIES) as captured:
        assert client.get(plan_url(worcestershire)).status_code == 200
    with capsys.disabled():
        print(f"\nPlan page of Worcestershire with its dashboard: {len(captured)} queries")


@pytest.mark.django_db
@pytest.mark.parametrize(("objectives", "actions"), [(2, 2), (20, 10)])
def test_dashboard_queries_do_not_grow_with_the_plan(
    area, plan_manager, objectives, actions, django_assert_max_num_queries
):
    plan = build_plan(area, objectives=objectives, actions=actions)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        plan_dashboard(plan_manager.memberships.get(), plan, TODAY)


# --- the tree below, and the area page ----------------------------------------------------------


@pytest.mark.django_db
def test_large_plan_opens_at_its_top_level_and_open_all_opens_every_level(
    worcestershire, client_for
):
    client = client_for(member(worcestershire, Role.BOARD_MEMBER))
    shut = client.get(plan_url(worcestershire)).content.decode()
    top = Item.objects.get(plan=worcestershire, depth=0, number="1")
    part = shut.split(f'id="item-{top.pk}"', 1)[1]
    assert part.index("<details") < part.index(">", part.index("<details"))
    assert re.search(r"<details class=\"govuk-details govuk-!-margin-bottom-2\">", part)
    assert 'href="?open=all#tree"' in shut and "Open all" in shut
    every = client.get(plan_url(worcestershire) + "?open=all").content.decode()
    assert every.count("<details") == every.count('margin-bottom-2" open>')
    assert "Step" in text_of(client.get(plan_url(worcestershire)))  # still in the page


@pytest.mark.django_db
def test_small_plan_shows_every_level_until_closed(area, board_member, client_for):
    plan = build_plan(area, objectives=2, actions=2)
    client = client_for(board_member)
    html = client.get(plan_url(plan)).content.decode()
    assert html.count('margin-bottom-2" open>') == 2
    closed = client.get(plan_url(plan) + "?open=none").content.decode()
    assert closed.count('margin-bottom-2" open>') == 0
    assert closed.count("<details") == 2


@pytest.mark.django_db
def test_area_page_shows_the_dashboard_of_its_only_plan(area, board_member, client_for):
    plan = build_plan(area, objectives=2, actions=2)
    client = client_for(board_member)
    html = client.get(reverse("plans:area", args=[area.slug])).content.decode()
    assert "At a glance" in html and plan.title in html
    assert len(tiles_of(html)) == 7
    Plan.objects.create(area=area, title="A second plan")
    html = client.get(reverse("plans:area", args=[area.slug])).content.decode()
    assert "At a glance" not in html


# --- the registry ------------------------------------------------------------------------------


def test_apps_above_plans_register_their_tiles_in_order():
    assert panels.registered() == ["progress", "kpi", "reports"]


# --- the filters the tiles link to -------------------------------------------------------------


@pytest.mark.django_db
def test_due_soon_and_slipped_filters_keep_the_right_items(area, board_member, client_for):
    plan = build_plan(area, objectives=1, actions=4)
    a1, a2, a3, a4 = Item.objects.filter(plan=plan, depth=1).order_by("position")
    Item.objects.filter(pk=a1.pk).update(due_end=TODAY + dt.timedelta(days=30))  # due soon
    Item.objects.filter(pk=a2.pk).update(due_end=TODAY - dt.timedelta(days=1))  # overdue
    Item.objects.filter(pk=a3.pk).update(
        due_end=TODAY - dt.timedelta(days=40), current_due=TODAY + dt.timedelta(days=5)
    )  # slipped, and now due soon
    Item.objects.filter(pk=a4.pk).update(due_end=TODAY + dt.timedelta(days=31))  # not yet
    client = client_for(board_member)
    with time_machine.travel(dt.datetime(2018, 10, 15, 10, tzinfo=dt.UTC), tick=False):
        soon = text_of(client.get(plan_url(plan) + "?due_soon=on"))
        slipped = text_of(client.get(plan_url(plan) + "?slipped=on"))
    assert "2 items match" in soon and f"Action {a1.number}" in soon
    assert f"Action {a3.number}" in soon and f"Action {a4.number}" not in soon
    assert "1 item matches" in slipped and f"Action {a3.number}" in slipped


@pytest.mark.django_db
def test_exceptions_list_keeps_one_plan_and_refuses_another_area_s_plan(
    plan, other_plan, plan_manager, client_for
):
    red_indicator(plan.area, plan, "EHC plans in 20 weeks")
    red_indicator(plan.area, None, "School attendance")
    client = client_for(plan_manager)
    url = reverse("kpi:exceptions", args=[plan.area.slug])
    every = text_of(client.get(url))
    assert "EHC plans in 20 weeks" in every and "School attendance" in every
    one = text_of(client.get(f"{url}?plan={plan.pk}"))
    assert "EHC plans in 20 weeks" in one and "School attendance" not in one
    assert client.get(f"{url}?plan={other_plan.pk}").status_code == 404
    assert client.get(f"{url}?plan=first").status_code == 404
