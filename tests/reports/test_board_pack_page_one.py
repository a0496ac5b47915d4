"""Page 1 of the board pack on Worcestershire's demo: the state of the plan at a glance.

The plan is built as `wsoa demo` builds it (its scorecard with the DfE figures, its dates moved
into delivery, named people, months of history and a board), once per module inside a
transaction rolled back at the end. The pack must name the workstreams, count as the plan's
dashboard counts, show the 20-week figures against target and England, list indicators with no
figures once without drawing them, say where each item sits, link only to targets that exist,
and name people, never accounts.
"""

import datetime as dt
import re
from collections.abc import Iterator
from html import escape, unescape

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from wsoa.core.models import Membership, Role
from wsoa.demo.building import set_up_on
from wsoa.demo.clock import clock_at, moment
from wsoa.demo.history import write_history
from wsoa.demo.people import create_area_accounts, manager_account
from wsoa.demo.seeds import SEED_AREAS, SEEDS
from wsoa.demo.shifting import shift_plan
from wsoa.documents.importing import import_plan
from wsoa.kpi.demo import record_demo_actuals, setup_demo_indicators
from wsoa.plans.models import Item, Plan
from wsoa.plans.presenters.dashboard import plan_dashboard, top_name
from wsoa.plans.presenters.paths import item_paths
from wsoa.plans.presenters.wording import level_names
from wsoa.progress.demo import setup_demo_cycle
from wsoa.reports import pack_kpi, render
from wsoa.reports.content import build_pack
from wsoa.reports.demo import demo_board
from wsoa.reports.pack_kpi import HEADLINE_CODES
from wsoa.reports.pack_text import SUMMARY_CHARS, summary
from wsoa.reports.window import window_for

pytestmark = pytest.mark.xdist_group("reports-page-one")

TODAY = dt.date(2026, 11, 30)
NOW = dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def demo_plan(django_db_setup, django_db_blocker) -> Iterator[int]:
    """Worcestershire as the demo builds it, short of its meetings and public page."""
    with (
        django_db_blocker.unblock(),
        time_machine.travel(NOW, tick=False),
        transaction.atomic(),
    ):
        seed = next(name for name, area in SEED_AREAS if area == "Worcestershire")
        with clock_at(moment(set_up_on(TODAY))):
            plan = import_plan(path=SEEDS / seed, area_name="Worcestershire", actor_label="t").plan
            setup_demo_indicators(plan.area)
            create_area_accounts(plan.area)
            shift_plan(plan, TODAY)
            plan.refresh_from_db()
            setup_demo_cycle(plan, TODAY)
        write_history(plan, TODAY)
        record_demo_actuals(plan.area, TODAY, plan.period_start)
        demo_board(plan, manager_account(plan.area))
        yield plan.pk
        transaction.set_rollback(True)


@pytest.fixture
def plan(demo_plan, db) -> Iterator[Plan]:
    with time_machine.travel(NOW, tick=False):
        yield Plan.objects.get(pk=demo_plan)


@pytest.fixture
def pack(plan):
    board = plan.boards.order_by("pk").first()
    return build_pack(plan, window_for(plan, board=board), board=board)


@pytest.fixture
def html(pack) -> str:
    return render.render_document(pack, render.render_body(pack))


def page_one(html: str) -> str:
    """The pack from its title to its contents: what page 1 holds."""
    return unescape(html[html.index("<h1") : html.index('id="contents"')])


def dashboard_tiles(plan: Plan) -> dict[str, str]:
    membership = Membership.objects.filter(area=plan.area, role=Role.PLAN_MANAGER).first()
    return {tile.name: tile.figure for tile in plan_dashboard(membership, plan, TODAY).tiles}


def test_page_one_names_each_workstream_in_the_chart_and_the_table(plan, pack, html):
    tops = list(Item.objects.filter(plan=plan, parent=None).current().order_by("position"))
    names = level_names(plan, tops)
    first = page_one(html)
    assert len(tops) == 6
    for top in tops:
        assert top.title in top_name(top, names)
        assert first.count(top_name(top, names)) >= 2  # the chart's bar and the table's row
    assert "Workstream 3: Assessment and Planning" in first
    assert 'role="img"' in first and "<title" in first


def test_page_one_counts_as_the_plans_dashboard_counts(plan, pack, html):
    tiles = dashboard_tiles(plan)
    counts = {row["words"]: row["count"] for row in pack["glance"]["counts"]}
    assert counts["overdue"] == tiles["overdue"] == str(len(pack["overdue"]))
    assert int(counts["overdue"]) > 0
    assert counts["slipped"] == tiles["slipped"]
    assert counts["updates missing this period"] == tiles["updates missing this period"]
    red = Item.objects.filter(plan=plan, rag="red").current().count()
    total = Item.objects.filter(plan=plan).current().count()
    headline = pack["glance"]["headline"]
    assert headline.startswith(f"Of {total} items, {counts['overdue']} are overdue and {red}")
    assert headline in page_one(html)


def test_page_one_shows_the_twenty_week_figures_against_target_and_england(pack, html):
    rows = pack["headline_indicators"]
    assert rows[0]["code"] == "dfe_20wk_ex"
    assert rows[0]["actual"].endswith("%") and rows[0]["england"].endswith("%")
    first = page_one(html)
    row = re.search(rf'href="#{rows[0]["anchor"]}">([^<]+)</a></th>(.*?)</tr>', first, re.S)
    assert row and row.group(1) == rows[0]["name"]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", row.group(2))
    assert cells == [
        rows[0]["period"], rows[0]["actual"], rows[0]["target"] or "None set",
        rows[0]["england"], rows[0]["standing"],
    ]  # fmt: skip
    assert rows[0]["standing"] in {"Worse than England", "Better than England", "Same as England"}


def test_indicators_with_no_figures_are_listed_once_and_not_charted(pack, html):
    missing = pack["not_measured"]
    assert missing, "the plan's own targets have no figures in the demo's first months"
    charted = {row["id"] for row in pack["indicators"]}
    assert charted <= {row["id"] for row in pack["scorecard"]}
    assert all(row["rows"] and row["chart"] for row in pack["indicators"])
    listed = re.search(r'id="not-measured".*?</ul>', html, re.S).group(0)
    for row in missing:
        assert row["id"] not in charted
        assert f'id="indicator-{row["id"]}"' not in html
        assert listed.count(f"<li>{row['name']}") == 1


def test_the_board_sees_in_detail_the_indicators_that_need_it(plan, pack, html):
    scorecard = {row["id"]: row for row in pack["scorecard"]}
    detailed = {row["id"] for row in pack["indicators"]}
    needing = {
        pk
        for pk, row in scorecard.items()
        if row["code"] in HEADLINE_CODES
        or row["standing"] in {"Off target", "Worse than England"}
        or row["rag"] in {"red", "amber"}
        or row["trend"] == "worse"
        or row["has_exception"]
    }
    assert detailed == needing
    assert {row["id"] for row in pack["headline_indicators"]} <= detailed
    others = set(scorecard) - detailed
    assert others, "the demo has indicators on target or improving"
    assert f"The other {len(others)} are none of these." in html
    for pk in others:  # linked from the scorecard to their page on the site, not drawn
        assert f'id="indicator-{pk}"' not in html
        page = f'{render._base_url()}{reverse("kpi:indicator", args=[plan.area.slug, pk])}"'
        assert f'href="{page}>{escape(scorecard[pk]["name"])}</a>' in html
    for pk in detailed:
        assert f'href="#indicator-{pk}">' in html and f'id="indicator-{pk}"' in html


def test_a_long_series_is_drawn_whole_and_its_latest_figures_listed(plan, pack, monkeypatch):
    whole = {row["id"]: (row["chart"], row["rows"]) for row in pack["indicators"]}
    monkeypatch.setattr(pack_kpi, "LATEST_PERIODS", 2)
    board = plan.boards.order_by("pk").first()
    pack = build_pack(plan, window_for(plan, board=board), board=board)
    html = render.render_document(pack, render.render_body(pack))
    long = [row for row in pack["indicators"] if row["periods"] > 2]
    assert long, "the 20-week figures have more than two years"
    for indicator in pack["indicators"]:
        assert len(indicator["rows"]) == min(indicator["periods"], 2)
    for indicator in long:
        page = reverse("kpi:indicator", args=[plan.area.slug, indicator["id"]])
        assert (
            f"The latest 2 of {indicator['periods']} periods; the chart draws them all and "
            f'<a class="govuk-link" href="{render._base_url()}{page}">'
        ) in html
        chart, rows = whole[indicator["id"]]
        assert indicator["chart"] == chart  # the chart still draws every period
        assert indicator["rows"] == rows[-2:]  # the table lists the latest two


def test_an_indicators_figures_table_holds_the_comparators_its_chart_draws(pack, html):
    pk = pack["headline_indicators"][0]["id"]  # the 20-week figures, excluding exceptions
    twenty = next(row for row in pack["indicators"] if row["id"] == pk)
    assert twenty["comparator_names"][:1] == ["England"]
    section = html[html.index(f'id="{twenty["anchor"]}"') :]
    table = section[: section.index("</table>")]
    heads = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', table)
    assert heads[-len(twenty["comparator_names"]) :] == twenty["comparator_names"]
    assert "<title" in twenty["chart"] and "England" in twenty["chart"]
    latest = twenty["rows"][-1]
    assert latest["comparators"][0].endswith("%")
    row = re.findall(r"<tr[^>]*><th scope=\"row\"[^>]*>[^<]+</th>(.*?)</tr>", table)[-1]
    assert (
        re.findall(r"<td[^>]*>([^<]*)</td>", row)[-len(latest["comparators"]) :]
        == latest["comparators"]
    )


def test_every_internal_link_has_its_target(html):
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    targets = set(re.findall(r'href="#([^"]+)"', html))
    assert {"list-overdue", "summary", "headline-indicators"} <= ids
    assert targets and targets <= ids, sorted(targets - ids)


def test_items_show_where_they_sit_and_enough_text(plan, pack, html):
    items = {i.pk: i for i in Item.objects.filter(plan=plan).current()}
    paths = item_paths(items.values())
    rows = [*pack["overdue"], *pack["due_soon"]]
    assert all(row["path"] == paths[row["id"]] for row in rows)
    deep = next(row for row in rows if items[row["id"]].depth >= 2)
    assert " › " in deep["path"] and deep["path"].startswith("Workstream")
    header = r'<th scope="rowgroup" colspan="\d" class="govuk-table__header">'
    group = rf"{header}{re.escape(deep['path'])}</th>"
    assert re.search(group, unescape(html))  # the path heads its group of rows, once
    assert deep["summary"] == summary(items[deep["id"]].title)


def test_red_items_are_in_full_in_the_appendix_and_the_others_link_to_their_page(pack, html):
    rows = [*pack["completed"], *pack["overdue"], *pack["due_soon"], *pack["red"]]
    red = [row for row in rows if row["rag"] == "red"]
    assert red and len(red) < len(rows)
    for row in rows:
        in_full = re.search(rf'<tr class="govuk-table__row" id="item-{row["id"]}">(.*?)</tr>', html)
        assert row["detailed"] is (row["rag"] == "red") is bool(in_full)
        if in_full:
            assert " ".join(row["title"].split()) in unescape(in_full.group(1))
            assert f'href="#item-{row["id"]}"' in html
        else:
            assert f'href="{render._base_url()}{row["url"]}"' in html


def test_the_overdue_list_gives_each_items_lead_and_days_late(pack, html):
    table = html[html.index('id="list-overdue"') : html.index('id="list-due-soon"')]
    assert table.count('<tr class="govuk-table__row"><td') == len(pack["overdue"])
    led = [row for row in pack["overdue"] if row["lead"]]
    assert led and all(row["days_late"] > 0 for row in pack["overdue"])
    for row in led[:5]:
        assert escape(row["lead"]) in table
    assert ">Days late</th>" in table


def test_no_username_appears_and_people_are_named(plan, html):
    since_start = build_pack(plan, window_for(plan))
    assert since_start["rag_changes"], "the demo's history confirms ratings"
    whole = html + render.render_body(since_start)
    users = get_user_model().objects.filter(memberships__area=plan.area)
    for username in users.values_list("username", flat=True):
        assert username not in whole
    names = {u.get_full_name() for u in users}
    signed = {row["decided_by"].split(" (")[0] for row in since_start["rag_changes"]}
    assert signed and signed <= names


def test_an_older_pack_without_page_one_still_renders(pack):
    new = {"glance", "red", "detail", "appendix", "not_measured", "headline_indicators"}
    old = {key: value for key, value in pack.items() if key not in new}
    for key in ("overdue", "due_soon", "in_progress"):
        old[key] = [
            {k: v for k, v in row.items() if k not in {"path", "summary"}} for row in pack[key]
        ]
    body = render.render_body(old)
    assert 'id="summary">Summary by area' in body
    assert "In progress (" in body and "at-a-glance" not in body


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Short text.", "Short text."),
        (
            "First sentence is here. " + "Second goes on " * 20,
            "First sentence is here.",
        ),
        ("word " * 60, ("word " * 24).strip() + "…"),
        ("Use e.g. this. " + "X" * 300, "Use e.g. this."),
    ],
)
def test_summary_keeps_whole_words_and_sentences(text, expected):
    found = summary(text)
    assert found == expected
    assert len(found) <= SUMMARY_CHARS + 1


def test_every_table_wider_than_three_columns_scrolls_by_itself_on_a_phone(html):
    # The HTML download opened on a phone: a wide table scrolls within its own region, so
    # the page itself never scrolls sideways (WCAG 1.4.10).
    from lxml import html as lxml_html

    root = lxml_html.fromstring(html)
    wide = [t for t in root.iter("table") if len(t.xpath("./thead/tr[1]/th")) > 3]
    assert wide
    for table in wide:
        region = table.xpath("ancestor::div[contains(@class, 'wsoa-scroll')]")
        assert region, table.findtext("caption")
        assert region[0].get("tabindex") == "0" and region[0].get("aria-label")
