"""A pack waiting for the task queue, and one that stalled: the job page as people meet it."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from looking import check_page
from signing_in import PASSWORD, sign_in

from factories import LocalAreaFactory, MembershipFactory, build_plan
from wsoa.core.models import Role
from wsoa.reports import services
from wsoa.reports.models import JobStatus, PackJob

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _without_refresh(route):
    response = route.fetch()
    headers = {k: v for k, v in response.headers.items() if k.lower() != "refresh"}
    route.fulfill(response=response, headers=headers)


def test_waiting_and_stalled_pack_pages_are_accessible(tab):
    area = LocalAreaFactory(name="Hartlepool", slug="hartlepool")
    plan = build_plan(area)
    member = get_user_model().objects.create_user("board.member", password=PASSWORD)
    MembershipFactory(user=member, area=area, role=Role.BOARD_MEMBER)
    waiting = services.request_pack(plan=plan, by=member)
    PackJob.objects.filter(pk=waiting.pk).update(task_id="not-sent")  # the broker was away
    stalled = services.request_pack(plan=plan, by=member)
    long_ago = timezone.now() - dt.timedelta(hours=1)
    PackJob.objects.filter(pk=stalled.pk).update(
        status=JobStatus.RUNNING, step=4, message="Writing the PDF", started_at=long_ago
    )
    sign_in(tab, "board.member")
    tab.page.route("**/packs/jobs/**", _without_refresh)  # so the page holds still for axe
    tab.goto(f"/areas/hartlepool/plans/{plan.pk}/packs/jobs/{waiting.pk}/")
    assert "cannot be reached just now" in tab.page.get_by_role("status").inner_text()
    check_page(tab, "pack-waiting-for-queue")
    tab.goto(f"/areas/hartlepool/plans/{plan.pk}/packs/jobs/{stalled.pk}/")
    assert "stopped before it was finished" in tab.page.get_by_role("status").inner_text()
    assert "A plan manager can run it again." in tab.page.content()
    check_page(tab, "pack-stalled")
