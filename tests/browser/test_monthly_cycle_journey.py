"""The monthly cycle on the demo, walked as its people do, with screenshots to look at afterwards.

Worcestershire's demo is built as `wsoa demo` builds it (its plan in delivery today, named people,
four months of history, board meetings and a published page). Then the plan manager opens the
dashboard and follows "overdue" and "updates missing", the contributor posts an update with a
link and a file as evidence, the manager confirms it and returns another, makes a board pack,
reads the scorecard and publishes the public page, and a parent reads it.

Every page is checked with axe-core, for console errors (CSP) and for sideways scrolling at
320, 375, 768 and 1280 pixels; a full-page screenshot at 375 and 1280 pixels of each goes to
var/screenshots/monthly-cycle (or $WSOA_SCREENSHOTS), numbered in the order of the journey.
The problems of all pages are reported together at the end, so one run shows them all.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import fit
import pytest
from django.utils import timezone
from signing_in import sign_in

from wsoa.core.models import Role
from wsoa.demo.building import build_area, finish_packs, set_up_on
from wsoa.demo.clock import clock_at, moment
from wsoa.demo.people import DEMO_PASSWORD, username_for
from wsoa.demo.seeds import SEED_AREAS, SEEDS
from wsoa.documents.importing import import_plan
from wsoa.plans.models import Plan
from wsoa.progress.models import Outcome, ProgressUpdate
from wsoa.public.models import PublishedSnapshot
from wsoa.reports.demo import Pending

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The area whose month the issue describes: 211 items, overdue ones among them. Its demo builds
# in under a minute; "Hartlepool" (the smallest plan, with nothing overdue) in a quarter of that.
AREA = "Worcestershire"
SHOT_WIDTHS = (375, 1280)
PACK_SECONDS = 180  # the pack is made in a thread after the request; a busy machine is slow


@pytest.fixture
def demo(settings: Any, tmp_path: Path) -> tuple[Plan, dict[str, str]]:
    """One demo area built as `wsoa demo` builds it; its plan and the managers' secrets."""
    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    seed = next(name for name, area in SEED_AREAS if area == AREA)
    with clock_at(moment(set_up_on(today))):
        plan = import_plan(path=SEEDS / seed, area_name=AREA, actor_label="wsoa demo").plan
    packs: list[Pending] = []
    accounts = build_area(plan.area, today, lambda line: None, packs)
    finish_packs(packs[-1:], lambda line: None)  # the latest meeting's pack, as the demo makes it
    plan.refresh_from_db()
    return plan, {account.username: account.secret for account in accounts}


class Journey:
    """Looks at each page of the journey: axe, console, fit and screenshots, in order."""

    def __init__(self, tab: Any) -> None:
        self.tab = tab
        self.page = tab.page
        self.folder = fit.screenshot_folder("monthly-cycle")
        for old in [*self.folder.glob("[0-9][0-9]-*.png"), *self.folder.glob("stopped-*.png")]:
            old.unlink()
        self.count = 0
        self.problems: list[str] = []

    def look(self, name: str) -> None:
        """Check the page as it is now and keep its screenshots as NN-name-WIDTH.png."""
        self.count += 1
        label = f"{self.count:02d}-{name}"
        url = self.page.url
        self.check(not self.heading().startswith("Sorry"), f"{label} {url}: {self.heading()}")
        violations = self.tab.axe_violations()
        if violations:
            self.problems.append(f"{label} {url}: axe-core\n  " + "\n  ".join(violations))
        if self.tab.errors:
            self.problems.append(f"{label} {url}: console errors {self.tab.errors}")
            self.tab.errors.clear()
        overflow = [
            line for width in fit.WIDTHS for line in fit.sideways_overflow(self.page, width)
        ]
        if overflow:
            self.problems.append(f"{label} {url}: scrolls sideways\n  " + "\n  ".join(overflow))
        for width in SHOT_WIDTHS:
            self.page.set_viewport_size({"width": width, "height": 900})
            path = self.folder / f"{label}-{width}.png"
            self.page.screenshot(path=str(path), full_page=True)
        self.page.set_viewport_size({"width": 1280, "height": 900})

    def check(self, ok: bool, problem: str) -> None:
        """Note a problem and go on, so one run walks (and shows) every page of the month."""
        if not ok:
            self.problems.append(problem)

    def sign_in_as(self, plan: Plan, role: str, secrets: dict[str, str]) -> None:
        if self.page.get_by_role("button", name="Sign out").count():
            self.page.get_by_role("button", name="Sign out").click()
        username = username_for(plan.area, role)
        sign_in(self.tab, username, secrets.get(username, ""), password=DEMO_PASSWORD)
        assert self.page.get_by_role("button", name="Sign out").count() == 1, username

    def heading(self) -> str:
        headings = self.page.get_by_role("heading", level=1)
        return headings.first.inner_text() if headings.count() else ""

    def main(self) -> str:
        return self.page.locator("main").inner_text()


def test_the_month_on_the_demo(tab, demo):
    plan, secrets = demo
    journey = Journey(tab)
    try:
        manager_follows_the_dashboard(journey, plan, secrets)
        update = contributor_posts_an_update_with_evidence(journey, plan, secrets)
        manager_reviews_and_reports(journey, plan, secrets, update)
        a_parent_reads_the_public_page(journey, plan)
    except Exception:  # show where the journey stopped, then fail as it would have
        journey.page.screenshot(path=str(journey.folder / "stopped-here.png"), full_page=True)
        raise
    assert not journey.problems, (
        f"{len(journey.problems)} problems (screenshots in {journey.folder}):\n"
        + "\n".join(journey.problems)
    )


def manager_follows_the_dashboard(journey: Journey, plan: Plan, secrets: dict[str, str]) -> None:
    page = journey.page
    journey.sign_in_as(plan, Role.PLAN_MANAGER.value, secrets)
    base = f"/areas/{plan.area.slug}/plans/{plan.pk}/"
    journey.tab.goto(base)
    assert page.get_by_role("heading", name="At a glance").is_visible()
    assert f"moved this plan’s dates by {plan.demo_shift_months} months" in journey.main()
    journey.look("dashboard")
    for tile_name, name in (("overdue", "overdue"), ("updates missing", "updates-missing")):
        journey.tab.goto(base)
        tile = page.locator(".wsoa-tile", has_text=tile_name).first
        figure = tile.locator(".wsoa-tile__figure").inner_text()
        tile.get_by_role("link").click()
        journey.look(name)
        if name == "overdue":
            matches = "1 item matches" if figure == "1" else f"{figure} items match"
            assert page.get_by_role("heading", name=matches).is_visible()
        else:
            counts = re.search(r"(\d+) of (\d+) items updated", journey.main())
            journey.check(
                counts is not None and int(counts[2]) - int(counts[1]) == int(figure),
                f"the tile says {figure} updates missing; the list says {counts and counts[0]}",
            )  # the tile counts this list


def contributor_posts_an_update_with_evidence(
    journey: Journey, plan: Plan, secrets: dict[str, str]
) -> ProgressUpdate:
    page = journey.page
    journey.sign_in_as(plan, Role.CONTRIBUTOR.value, secrets)
    journey.tab.goto(f"/areas/{plan.area.slug}/my-items/")
    assert journey.heading() == "My items"
    journey.look("my-items")
    page.locator("main").get_by_role("link", name=re.compile(r"\d")).first.click()
    item_url = page.url
    journey.look("item")
    page.get_by_role("link", name="Post an update").click()
    journey.look("update-form")
    page.get_by_label("What has happened since the last update?").fill(
        "Draft protocol shared with the parent carer forum; sign-off moved to the next board."
    )
    page.get_by_label(re.compile(r"^\s*Amber")).check()
    page.get_by_label("Evidence title").fill("Forum meeting notes")
    page.get_by_label("Evidence link").fill("https://documents.example.org/send/forum-notes")
    evidence = Path(journey.folder) / "forum-notes.pdf"
    evidence.write_bytes(b"%PDF-1.4 notes of the forum meeting")
    page.get_by_label("Evidence file").set_input_files(str(evidence))
    page.get_by_role("button", name="Post update").click()
    evidence.unlink()
    assert "Your update was posted" in journey.main()
    assert page.url.startswith(item_url)
    journey.look("update-posted")
    update = ProgressUpdate.objects.filter(item__plan=plan).latest("created_at", "pk")
    assert update.commentary.startswith("Draft protocol shared")
    assert {(e.url != "", bool(e.file)) for e in update.evidence.all()} == {(True, True)}
    return update


def manager_reviews_and_reports(
    journey: Journey, plan: Plan, secrets: dict[str, str], posted: ProgressUpdate
) -> None:
    page = journey.page
    slug = plan.area.slug
    journey.sign_in_as(plan, Role.PLAN_MANAGER.value, secrets)
    journey.tab.goto(f"/areas/{slug}/plans/{plan.pk}/")
    page.locator(".wsoa-tile", has_text="awaiting review").get_by_role("link").click()
    assert journey.heading() == "Ratings to review"
    card = page.locator(f"#update-{posted.pk}")
    while not card.count():  # oldest first: today's update is on the last page
        page.locator(".govuk-pagination__next a").click()
    assert "Forum meeting notes" in card.inner_text()
    journey.look("ratings-to-review")
    card.get_by_role("link", name=re.compile(r"^Review")).click()
    journey.look("review-a-rating")
    page.get_by_label("Confirm the proposed rating").check()
    page.get_by_role("button", name="Save decision").click()
    assert "The rating was confirmed" in journey.main()
    journey.look("rating-confirmed")
    page.locator("main").get_by_role("link", name=re.compile(r"^Review")).first.click()
    page.get_by_label("Return it to the owner").check()
    page.get_by_label("Reason").fill("Please attach the signed-off protocol as evidence.")
    page.get_by_role("button", name="Save decision").click()
    assert "returned" in journey.main().lower()
    journey.look("rating-returned")
    outcomes = set(posted.item.updates.values_list("decision__outcome", flat=True))
    assert Outcome.CONFIRMED in outcomes

    journey.tab.goto(f"/areas/{slug}/plans/{plan.pk}/packs/")
    journey.look("board-packs")
    page.get_by_role("button", name="Make the pack").click()
    page.wait_for_url(re.compile(r"/packs/\d+/$"), timeout=PACK_SECONDS * 1000)
    journey.look("board-pack")

    journey.tab.goto(f"/areas/{slug}/plans/{plan.pk}/scorecard/")
    journey.look("plan-scorecard")
    journey.tab.goto(f"/areas/{slug}/scorecard/")
    assert journey.heading() == "Scorecard"
    journey.look("area-scorecard")

    journey.tab.goto(f"/areas/{slug}/plans/{plan.pk}/public/")
    before = PublishedSnapshot.objects.filter(plan=plan).count()
    journey.look("public-page-staff")
    page.get_by_role("button", name="Publish the page now").click()
    assert PublishedSnapshot.objects.filter(plan=plan).count() == before + 1
    journey.look("public-page-published")
    page.get_by_role("button", name="Sign out").click()


def a_parent_reads_the_public_page(journey: Journey, plan: Plan) -> None:
    journey.tab.goto(f"/public/{plan.area.slug}/{plan.pk}/")
    assert journey.page.get_by_role("heading", level=1).count() == 1
    assert "Draft protocol shared" not in journey.main()  # returned or not chosen: not public
    journey.look("public-page")
    journey.tab.goto(f"/public/{plan.area.slug}/")
    journey.look("public-area")
