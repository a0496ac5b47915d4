"""The item page with a long history, and its full lists of updates and changes: axe-core clean,
fitting the screen, with GOV.UK pagination (issue 16 §3). WSOA_SCREENSHOTS keeps screenshots."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from fit import assert_fits
from looking import check_page
from signing_in import PASSWORD, sign_in

from wsoa.progress import services
from wsoa.progress.item_progress import LATEST, PER_PAGE
from wsoa.progress.models import ReportingPeriod

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_item_page_and_its_full_lists(tab, item, contributor, plan_manager):
    start = timezone.localdate().replace(day=1)
    period = ReportingPeriod.objects.create(
        plan=item.plan, label="This month", start=start, end=start + dt.timedelta(days=40)
    )
    for number in range(PER_PAGE + LATEST):
        update = services.post_update(
            item=item,
            author=contributor,
            data=services.UpdateIn(f"Update {number}: the panel met.", "amber", period=period),
        )
        services.decide(update=update, by=plan_manager, outcome="confirmed", reason="Agreed.")
    args = [item.plan.area.slug, item.plan.pk, item.pk]
    contributor.set_password(PASSWORD)
    contributor.save()
    sign_in(tab, contributor.username)
    for name, path in [
        ("item-long-history", reverse("progress:item", args=args)),
        ("item-all-updates", reverse("progress:item_updates", args=args) + "?page=2"),
        ("item-all-changes", reverse("progress:item_changes", args=args)),
    ]:
        tab.goto(path)
        check_page(tab, name)
        assert_fits(tab.page)
    assert tab.page.get_by_role("navigation", name="Pages of changes").is_visible()


def test_an_updates_text_starts_level_with_its_label(tab, item, contributor):
    services.post_update(
        item=item,
        author=contributor,
        data=services.UpdateIn("The panel met.\n\nThe plans were agreed.", "amber"),
    )
    contributor.set_password(PASSWORD)
    contributor.save()
    sign_in(tab, contributor.username)
    tab.goto(reverse("progress:item", args=[item.plan.area.slug, item.plan.pk, item.pk]))
    for width in (375, 1280):
        tab.page.set_viewport_size({"width": width, "height": 900})
        row = tab.page.locator(".govuk-summary-list__row", has_text="What happened").first
        # How far the first paragraph sits below the top of its box's content.
        gap = row.locator("dd").evaluate(
            "dd => dd.querySelector('p').getBoundingClientRect().top"
            " - dd.getBoundingClientRect().top - parseFloat(getComputedStyle(dd).paddingTop)"
        )
        assert abs(gap) < 2, (width, gap)
