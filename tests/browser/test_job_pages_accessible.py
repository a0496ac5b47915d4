"""The progress page of long work (a job) as managers meet it: waiting, running, failed, done."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from looking import check_page
from signing_in import PASSWORD, sign_in

from factories import LocalAreaFactory, MembershipFactory, build_plan
from totp import activate_totp
from wsoa.core.models import Role
from wsoa.jobs import running
from wsoa.jobs.models import Job, JobStatus
from wsoa.kpi import tasks as kpi_tasks
from wsoa.kpi.models import DfeLink
from wsoa.public import tasks as public_tasks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _without_refresh(route):
    response = route.fetch()
    headers = {k: v for k, v in response.headers.items() if k.lower() != "refresh"}
    route.fulfill(response=response, headers=headers)


def test_job_pages_are_accessible_in_each_state(tab):
    area = LocalAreaFactory(name="Hartlepool", slug="hartlepool")
    plan = build_plan(area)
    manager = get_user_model().objects.create_user(
        "plan.manager", password=PASSWORD, first_name="Sam", last_name="Okafor"
    )
    MembershipFactory(user=manager, area=area, role=Role.PLAN_MANAGER)
    secret = activate_totp(manager)
    waiting = public_tasks.start_publishing(plan=plan, by=manager)
    Job.objects.filter(pk=waiting.pk).update(task_id="not-sent")  # the broker was away
    running_job = kpi_tasks.start_national_load(area=area, by=manager)
    Job.objects.filter(pk=running_job.pk).update(
        status=JobStatus.RUNNING, message="", started_at=timezone.now(), attempts=1
    )
    failed = public_tasks.start_publishing(plan=plan, by=manager)
    running.fail_job(
        failed.pk,
        "Choose something to publish first: an area of weakness, an item or an indicator.",
    )
    done = kpi_tasks.start_dfe_load(area=area, by=manager)
    Job.objects.filter(pk=done.pk).update(
        status=JobStatus.DONE, finished_at=timezone.now(),
        message="Loaded the DfE's figures for Hartlepool (805).",
        result={"lines": [
            "120 actuals and 480 comparator figures for Hartlepool (805).",
            "Not matched: no figure for 2024 of the 6-week decisions",
        ]},
        result_url=f"/areas/{area.slug}/scorecard/",
    )  # fmt: skip
    sign_in(tab, "plan.manager", secret)
    tab.page.route("**/work/**", _without_refresh)  # so the page holds still for axe
    for job, name, words in [
        (waiting, "job-waiting-for-queue", "cannot be reached just now"),
        (running_job, "job-running", "Running."),
        (failed, "job-failed", "Choose something to publish first"),
        (done, "job-done-with-report", "120 actuals"),
    ]:
        tab.goto(f"/areas/hartlepool/work/{job.pk}/")
        assert words in tab.page.content(), name
        check_page(tab, name)
    DfeLink.objects.create(area=area, la_code="805", la_name="Hartlepool", region_name="North East")
    tab.goto("/areas/hartlepool/benchmarks/")  # no national figures yet: managers may load them
    assert tab.page.get_by_role("button", name="Load the national figures").is_visible()
    check_page(tab, "benchmarks-load-national")
