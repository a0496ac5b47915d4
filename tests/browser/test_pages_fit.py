"""Every page a person can reach fits the screen: no sideways scroll at 320, 375, 768 or 1280
pixels, axe-core clean, and every input styled as a GOV.UK input.

The data is Worcestershire's real plan (long text, URLs) part-way through delivery, with a month
of updates (one with a long evidence link), a board meeting and its pack, indicators with the
DfE figures, and a published public page; the people are the demo's, one account per role.
Each page is visited once and measured at every width. Set WSOA_SCREENSHOTS to a folder to keep
screenshots at 1280 and 375 pixels.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from fit import WIDTHS, assert_fits, sideways_overflow
from looking import check_page
from signing_in import PASSWORD, sign_in

from factories import (
    ItemFactory,
    ItemPersonFactory,
    LocalAreaFactory,
    MembershipFactory,
    PersonFactory,
    PlanFactory,
    UserFactory,
)
from wsoa.core.models import Membership, Role
from wsoa.demo.people import DEMO_PASSWORD, create_area_accounts, username_for
from wsoa.documents.importing import import_plan
from wsoa.kpi.demo import setup_demo_indicators
from wsoa.kpi.models import Indicator
from wsoa.plans.models import Item, Plan
from wsoa.progress import services
from wsoa.progress.demo import setup_demo_cycle
from wsoa.progress.models import ProgressUpdate
from wsoa.public.demo import publish_demo_page
from wsoa.reports import demo as meetings
from wsoa.reports.models import Meeting, PackSnapshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOW = dt.datetime(2018, 10, 15, 10, tzinfo=dt.UTC)  # part-way through the plan of 2018-20
TODAY = NOW.date()
LONG_URL = (
    "https://www.worcestershire.gov.uk/info/20556/special_educational_needs_and_disabilities"
    "/evidence/annual-report-of-the-send-improvement-board-2018-19-with-appendices.pdf"
)
# Inputs, selects and text areas without their GOV.UK class (hidden inputs and the design
# system's own checkboxes and radios aside).
BARE_INPUTS = """
() => [...document.querySelectorAll('main input, main select, main textarea')]
  .filter((el) => el.type !== 'hidden' && el.type !== 'submit')
  .filter((el) => !/govuk-(input|select|textarea|file-upload|checkboxes__input|radios__input)\\b/
    .test(el.className))
  .map((el) => el.tagName.toLowerCase() + '[name=' + el.name + '] type=' + el.type)
"""


@dataclass
class Area:
    plan: Plan
    secrets: dict[str, str]
    ids: dict[str, int] = field(default_factory=dict)

    def url(self, name: str, *args: Any) -> str:
        """The path of an area's page, or else of this plan's page, with `args` after."""
        try:
            return reverse(name, args=[self.plan.area.slug, *args])
        except NoReverseMatch:
            return reverse(name, args=[self.plan.area.slug, self.plan.pk, *args])

    def sign_in(self, tab: Any, role: str) -> None:
        username = username_for(self.plan.area, role)
        sign_in(tab, username, self.secrets.get(username, ""), DEMO_PASSWORD)


@pytest.fixture
def worcestershire(seeds):
    """Worcestershire's plan in October 2018 with the demo's people and a scripted month."""
    with time_machine.travel(NOW, tick=True):
        plan = import_plan(
            path=seeds / "004_f5d818488e67f6ca.txt", area_name="Worcestershire", actor_label="test"
        ).plan
        setup_demo_indicators(plan.area)
        accounts = create_area_accounts(plan.area)
        setup_demo_cycle(plan, TODAY)
        area = Area(plan, {a.username: a.secret for a in accounts if a.secret})
        write_month(area)
        board = meetings.demo_board(plan, manager(plan))
        meetings.hold_meeting(
            board=board, by=manager(plan), held_on=TODAY, next_on=TODAY + dt.timedelta(weeks=8)
        )
        meetings.make_pack(board=board, by=manager(plan), next_on=TODAY + dt.timedelta(weeks=8))
        publish_demo_page(plan)
        area.ids.update(
            board=board.pk,
            meeting=Meeting.objects.get(board=board).pk,
            pack=PackSnapshot.objects.get(plan=plan).pk,
            indicator=Indicator.objects.filter(plan=plan).order_by("pk").first().pk,
            member=Membership.objects.filter(area=plan.area).order_by("pk").first().pk,
        )
        yield area


def manager(plan: Plan) -> Any:
    return get_user_model().objects.get(username=username_for(plan.area, Role.PLAN_MANAGER))


def write_month(area: Area) -> None:
    """Updates on the first led items of the contributor (one with a long link), one confirmed."""
    plan = area.plan
    owner = get_user_model().objects.get(username=username_for(plan.area, Role.CONTRIBUTOR))
    period = plan.periods.filter(start__lte=TODAY, end__gte=TODAY).get()
    items = Item.objects.filter(plan=plan, people__person__user=owner).order_by("position")
    for n, item in enumerate(items.distinct()[:5]):
        evidence = [services.EvidenceIn("Annual report of the board, 2018-19", LONG_URL)]
        data = services.UpdateIn(
            f"Progress on {item.number}: see {LONG_URL} for the evidence.",
            "amber",
            period=period,
            evidence=evidence if n == 0 else [],
        )
        services.post_update(item=item, author=owner, data=data)
    first = ProgressUpdate.objects.filter(item__plan=plan).order_by("pk").first()
    services.decide(update=first, by=manager(plan), outcome="confirmed", reason="")
    area.ids["update"] = ProgressUpdate.objects.filter(item__plan=plan).order_by("pk").last().pk
    area.ids["item"] = first.item_id


def manager_pages(area: Area) -> list[str]:
    """Every page an area admin reaches, with each filter of the plan page."""
    ids, plan = area.ids, area.url("plans:plan")
    item = ["progress:item", "progress:update", "progress:edit", "progress:move", "progress:remove"]
    filters = ["overdue=on", "due_soon=on", "slipped=on", "open=all", "q=EHCP", "status=red"]
    return [
        "/",
        area.url("plans:area"),
        plan,
        *[f"{plan}?{query}" for query in filters],
        *[area.url(name, ids["item"]) for name in item],
        area.url("progress:item_new"),
        area.url("progress:decide", ids["update"]),
        *[area.url(f"plans:{name}") for name in ("findings", "people", "glossary", "boards")],
        *[area.url(f"progress:{name}") for name in ("reviews", "returns", "cycle", "owners")],
        area.url("progress:my_items"),
        area.url("progress:plan_new"),
        area.url("core:members"),
        area.url("core:member", ids["member"]),
        area.url("reports:meetings"),
        area.url("reports:meeting", ids["meeting"]),
        area.url("reports:meeting_new"),
        area.url("reports:board_new"),
        area.url("reports:board_edit", ids["board"]),
        area.url("reports:board_schedule", ids["board"]),
        area.url("reports:packs"),
        area.url("reports:pack", ids["pack"]),
        *[area.url(f"kpi:{name}") for name in ("scorecard", "exceptions", "dfe", "import")],
        area.url("kpi:indicator_new"),
        area.url("kpi:plan_scorecard"),
        area.url("kpi:printed_targets"),
        *[area.url(f"kpi:{name}", ids["indicator"]) for name in ("indicator", "indicator_edit")],
        *[area.url(f"kpi:{name}", ids["indicator"]) for name in ("target_step", "measure")],
        area.url("inspections:upload"),
        area.url("documents:draft_upload"),
        *[area.url(f"documents:{name}") for name in ("versions", "revise", "workbook_upload")],
        area.url("documents:version_compare") + "?from=1&to=1",
        *[area.url(f"public:{name}") for name in ("staff", "choose", "you_said_add")],
        reverse("mfa_index"),
        reverse("mfa_view_recovery_codes"),
    ]


def problems_on(tab: Any, path: str, status: int = 200) -> list[str]:
    """What is wrong with the page at `path`: sideways scroll at any width, bare inputs, axe."""
    try:
        response = tab.page.goto(tab.base_url + path)
    except Exception as error:  # a page that does not load is reported with the rest
        return [f"{path}: {str(error).splitlines()[0]}"]
    found = [] if response.status == status else [f"status {response.status}, not {status}"]
    for width in WIDTHS:
        found += sideways_overflow(tab.page, width)
    tab.page.set_viewport_size({"width": 1280, "height": 900})
    found += [f"bare input {bare}" for bare in tab.page.evaluate(BARE_INPUTS)]
    found += tab.axe_violations()
    found += [e for e in tab.errors if f"status of {status}" not in e or status == 200]
    tab.errors.clear()
    return [f"{path}: {line}" for line in found]


def test_every_page_fits_at_every_width_for_each_role(browser, tab, worcestershire):
    """One set of data, a fresh browser per person: an area admin, a contributor, a board
    member, and anyone (public pages, signing in, a missing page)."""
    area = worcestershire
    item, slug = area.ids["item"], area.plan.area.slug
    contributor = [
        area.url("progress:my_items"),
        area.url("plans:plan"),
        area.url("plans:plan") + "?overdue=on",
        area.url("progress:item", item),
        area.url("progress:update", item),
    ]
    board_member = [
        area.url("plans:plan"),
        area.url("progress:item", item),
        area.url("reports:meetings"),
        area.url("reports:pack", area.ids["pack"]),
        area.url("kpi:plan_scorecard"),
    ]
    public = [
        reverse("public:area", args=[slug]),
        reverse("public:plan", args=[slug, area.plan.pk]),
        reverse("public:version", args=[slug, area.plan.pk, 1]),
        reverse("login"),
        reverse("account_reset_password"),
    ]
    problems = []
    with time_machine.travel(NOW, tick=True):
        for role, paths in (
            (Role.AREA_ADMIN, manager_pages(area)),
            (Role.CONTRIBUTOR, contributor),
            (Role.BOARD_MEMBER, board_member),
        ):
            with browsing(browser, tab) as tab:
                area.sign_in(tab, role)
                problems += [line for path in paths for line in problems_on(tab, path)]
        with browsing(browser, tab) as tab:
            problems += [line for path in public for line in problems_on(tab, path)]
            problems += problems_on(tab, "/no-such-page/", status=404)
            problems += two_factor_code_page(tab, area)
    assert not problems, "\n".join(problems)


@contextmanager
def browsing(browser: Any, tab: Any) -> Iterator[Any]:
    """A tab in a browser of its own (no cookies shared with the last person's)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield type(tab)(context.new_page(), tab.base_url)
    finally:
        context.close()


def two_factor_code_page(tab: Any, area: Area) -> list[str]:
    """The problems of the page that asks a manager for the authenticator app's code."""
    page = tab.page
    tab.goto(reverse("login"))
    page.get_by_label("Username or e-mail address").fill(
        username_for(area.plan.area, Role.PLAN_MANAGER)
    )
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.locator("input[name=code]").wait_for()
    return problems_on(tab, page.url.removeprefix(tab.base_url))


@pytest.fixture
def thirty_items():
    """An owner who leads 30 items with long words and links, a third of them overdue."""
    area = LocalAreaFactory(name="Worcestershire", slug="worcestershire")
    plan = PlanFactory(area=area, title="WORCESTERSHIRE LOCAL AREA SEND ACTION PLAN")
    owner = UserFactory(username="penny", password=PASSWORD, first_name="Penny")
    MembershipFactory(user=owner, area=area, role=Role.CONTRIBUTOR)
    person = PersonFactory(plan=plan, name="Penny Richardson", user=owner)
    for n in range(30):
        item = ItemFactory(
            plan=plan,
            level="Activity",
            number=f"1.1.{n + 1}",
            title=f"Remind schools of their duties to pursue the transfer of pupil records; "
            f"guidance at {LONG_URL}",
            rag="amber" if n % 2 else "green",
            due_end=TODAY - dt.timedelta(days=40) if n % 3 == 0 else TODAY + dt.timedelta(days=90),
        )
        ItemPersonFactory(item=item, person=person, text=person.name)
    return area


def test_my_items_reads_item_by_item_with_thirty_items_on_a_phone(tab, thirty_items):
    page = tab.page
    with time_machine.travel(NOW, tick=True):
        sign_in(tab, "penny")
        tab.goto(reverse("progress:my_items", args=[thirty_items.slug]))
        assert_fits(page)
        page.set_viewport_size({"width": 375, "height": 800})
        everything = page.get_by_role("list", name="All your items").locator(".wsoa-my-item")
        assert everything.count() == 30
        for n in (0, 1, 29):
            card = everything.nth(n)
            assert card.get_by_role("link").count() == 1  # one link per item
            assert card.get_by_role("link").inner_text() == f"Activity 1.1.{n + 1}"
            lines = card.inner_text().splitlines()
            assert f"Activity 1.1.{n + 1}" in lines  # its name on a line of its own
            assert card.bounding_box()["height"] < 330  # about a screen holds two or three
        overdue = everything.nth(0).locator(".govuk-tag", has_text="Overdue")
        assert overdue.is_visible()
        assert not everything.nth(1).locator(".govuk-tag", has_text="Overdue").count()
        check_page(tab, "my-items-thirty")
