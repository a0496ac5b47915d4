"""The demo's casework: made-up cases in bulk (breaches, exceptions, late advice), their figures on
the scorecard, the casework people, and the banner saying the cases are made up."""

import datetime as dt

import pytest
import time_machine
from cases_helpers import TODAY, casework_user, load, row
from django.urls import reverse

from wsoa.casework.demo import CASES_PER_AREA, load_demo_cases, set_up_demo_casework
from wsoa.casework.models import AdviceRequest, Case, CaseAction, CaseEvent, CaseworkRole
from wsoa.casework.services import refresh_next_due
from wsoa.core.models import LocalArea, Membership
from wsoa.demo.people import casework_accounts
from wsoa.kpi.models import Indicator, Measurement

pytestmark = [pytest.mark.django_db]
BANNER = "The cases here are made up for the demo"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC), tick=False):
        yield


def test_demo_cases_are_made_up_realistic_audited_and_loaded_once(area):
    assert load_demo_cases(area, TODAY) == CASES_PER_AREA
    cases = Case.objects.for_area(area)
    assert cases.count() == CASES_PER_AREA and not cases.filter(made_up=False).exists()
    assert all("Made-up child" in case.name for case in cases[:20])
    assert all(case.upn[1:4] == "999" and case.postcode.startswith("ZZ99") for case in cases[:20])
    open_cases = cases.open().filter(next_due__isnull=False)
    assert open_cases.filter(next_due__lt=TODAY).count() >= 10  # breaches
    near = open_cases.filter(next_due__gte=TODAY, next_due__lte=TODAY + dt.timedelta(days=14))
    assert near.count() >= 5  # near breaches
    assert cases.filter(has_exception=True).exists()
    assert cases.filter(decision="refused").count() > CASES_PER_AREA // 10
    late_advice = AdviceRequest.objects.filter(
        case__area=area, received__isnull=True, requested__lt=TODAY - dt.timedelta(weeks=6)
    )
    assert late_advice.exists()
    # the bulk load keeps what the clock would: the same as refreshing each case
    kept = dict(cases.values_list("pk", "next_due"))
    flags = dict(cases.values_list("pk", "has_exception"))
    refresh_next_due(cases, TODAY)
    assert dict(cases.values_list("pk", "next_due")) == kept
    assert dict(cases.values_list("pk", "has_exception")) == flags
    # each case audited as created, and the load as one import
    events = CaseEvent.objects.filter(area=area)
    assert events.filter(action=CaseAction.CREATE).count() == CASES_PER_AREA
    assert events.get(action=CaseAction.IMPORT).count == CASES_PER_AREA
    assert load_demo_cases(area, TODAY) == 0
    assert cases.count() == CASES_PER_AREA


def test_demo_cases_are_the_same_every_run(area):
    load_demo_cases(area, TODAY, count=60)
    mine = sorted(map(str, Case.objects.for_area(area).values_list("request_date", "final_date")))
    Case.objects.for_area(area).delete()
    load_demo_cases(area, TODAY, count=60)
    again = Case.objects.for_area(area).values_list("request_date", "final_date")
    assert sorted(map(str, again)) == mine


def test_demo_casework_figures_feed_the_area_indicators(area):
    lines = set_up_demo_casework(area, TODAY)
    assert lines[0] == f"{area.name}: {CASES_PER_AREA} made-up EHC cases for the casework pages"
    rolling = Indicator.objects.get(area=area, code="casework_20wk_ex_12m")
    latest = Measurement.objects.filter(indicator=rolling).order_by("-end").first()
    assert latest is not None and latest.end == dt.date(2026, 11, 30)
    assert 20 < latest.value < 90  # roughly half issued within 20 weeks, as nationally
    # a second run records nothing new
    assert set_up_demo_casework(area, TODAY) == []


def test_casework_people_have_casework_roles_only(area):
    accounts = casework_accounts(area)
    slug = area.slug
    assert [a.username for a in accounts[:3]] == [
        f"{slug}-caseworker", f"{slug}-casework-manager", f"{slug}-advice-educational-psychology"
    ]  # fmt: skip
    assert len(accounts) == 7 and len({a.name for a in accounts}) == 7
    roles = CaseworkRole.objects.filter(area=area)
    assert roles.filter(role="advice_giver").count() == 5
    assert set(roles.filter(role="advice_giver").values_list("service", flat=True)) == {
        "educational_psychology", "health", "social_care", "education", "other"
    }  # fmt: skip
    assert not Membership.objects.filter(user__username__startswith=f"{slug}-case").exists()
    assert len(casework_accounts(area)) == 7 and roles.count() == 7  # again: nothing twice


def _pages(area: LocalArea, case: Case) -> list[str]:
    return [
        reverse("casework:worklist", args=[area.slug]),
        reverse("casework:case", args=[area.slug, case.pk]),
        reverse("casework:advice", args=[area.slug]),
        reverse("casework:reviews", args=[area.slug]),
        reverse("casework:import", args=[area.slug]),
    ]


def test_every_casework_page_of_a_made_up_area_says_so(client, area, other_area):
    load_demo_cases(area, TODAY, count=30)
    client.force_login(casework_user(area, "casework_manager", "demo-cwm"))
    for url in _pages(area, Case.objects.for_area(area).first()):
        page = client.get(url)
        assert page.status_code == 200 and BANNER in page.content.decode(), url


def test_real_cases_get_no_banner_and_made_up_extracts_do(client, area, other_area):
    load(other_area, [row("REAL-1", "2026-07-20"), row("X-MADEUP-000001", "2026-07-21")])
    load(area, [row("REAL-2", "2026-07-20")])
    assert Case.objects.get(case_ref="X-MADEUP-000001").made_up
    assert not Case.objects.filter(case_ref__startswith="REAL", made_up=True).exists()
    client.force_login(casework_user(area, "casework_manager", "real-cwm"))
    for url in _pages(area, Case.objects.get(case_ref="REAL-2")):
        page = client.get(url)
        assert page.status_code == 200 and BANNER not in page.content.decode(), url
    client.force_login(casework_user(other_area, "caseworker", "mixed-cw"))
    page = client.get(reverse("casework:worklist", args=[other_area.slug]))
    assert BANNER in page.content.decode()
