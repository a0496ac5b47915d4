"""Statutory DfE indicators linked to the findings they measure; what an empty indicator says."""

import pytest
from django.urls import reverse

from wsoa.core.models import AuditEvent
from wsoa.demo.seeds import SEED_AREAS, SEEDS
from wsoa.documents.importing import import_plan
from wsoa.kpi import dfe, dferules, plansetup, presenters
from wsoa.kpi.models import Indicator
from wsoa.plans.models import Finding

pytestmark = pytest.mark.django_db

TIMELINESS = (
    "Inconsistencies in the timeliness and effectiveness of the local area's arrangements for "
    "identifying and assessing children and young people's special educational needs"
)


def test_rules_read_the_findings_words():
    assert dferules.codes_for(TIMELINESS)[:2] == ["dfe_20wk_ex", "dfe_20wk_inc"]
    assert "dfe_requests" in dferules.codes_for(TIMELINESS)
    quality = "Too much variability in the quality of Education, Health and Care Plans"
    assert dferules.codes_for(quality) == ["dfe_reviews_4wk", "dfe_new_plans"]
    assert dferules.codes_for("The lack of a clear commitment to co-production") == []
    information = "Weaknesses in providing the clear and timely information families need."
    assert dferules.codes_for(information) == []


@pytest.fixture
def finding(plan):
    return Finding.objects.create(plan=plan, position=1, code="A", kind="afi", text=TIMELINESS)


def test_setting_up_links_the_timeliness_indicators_to_the_finding_and_audits(plan, finding):
    plansetup.set_up_plan_scorecard(plan=plan, actor_label="wsoa import")
    linked = Indicator.objects.filter(area=plan.area, findings=finding)
    assert {"dfe_20wk_ex", "dfe_20wk_inc"} <= set(linked.values_list("code", flat=True))
    on_scorecard = presenters.indicators_for(plan.area, plan)
    assert set(linked) <= set(on_scorecard)
    events = AuditEvent.objects.filter(action="indicator.linked")
    assert events.count() == linked.count()
    plansetup.set_up_plan_scorecard(plan=plan, actor_label="wsoa import")
    assert AuditEvent.objects.filter(action="indicator.linked").count() == linked.count()


def test_a_manager_removes_and_links_again_on_the_plans_scorecard(
    client_for, plan_manager, plan, finding
):
    plansetup.set_up_plan_scorecard(plan=plan)
    client = client_for(plan_manager)
    page = reverse("kpi:plan_scorecard", args=[plan.area.slug, plan.pk])
    html = client.get(page).content.decode()
    assert "DfE figures that measure the plan" in html and "Remove" in html
    key = f"dfe_20wk_ex:finding-{finding.pk}"
    url = reverse("kpi:dfe_suggestion", args=[plan.area.slug, plan.pk])
    client.post(url, {"key": key, "choice": "unlink"})
    timeliness = Indicator.objects.get(area=plan.area, code="dfe_20wk_ex")
    assert timeliness not in presenters.indicators_for(plan.area, plan)
    assert AuditEvent.objects.filter(action="indicator.unlinked").count() == 1
    client.post(url, {"key": key, "choice": "link"})
    assert timeliness in presenters.indicators_for(plan.area, plan)


def test_only_managers_of_the_area_change_links(
    client_for, board_member, other_area_user, plan, finding
):
    url = reverse("kpi:dfe_suggestion", args=[plan.area.slug, plan.pk])
    data = {"key": f"dfe_20wk_ex:finding-{finding.pk}", "choice": "link"}
    assert client_for(board_member).post(url, data).status_code == 403
    assert client_for(other_area_user).post(url, data).status_code == 404
    assert not Indicator.objects.filter(findings=finding).exists()
    page = reverse("kpi:plan_scorecard", args=[plan.area.slug, plan.pk])
    assert "DfE figures that measure" not in client_for(board_member).get(page).content.decode()


def test_an_indicator_with_no_data_says_what_to_do_next(
    client_for, plan_manager, board_member, plan, finding
):
    plansetup.set_up_plan_scorecard(plan=plan)
    Indicator.objects.create(area=plan.area, plan=plan, name="Parents who feel heard")
    page = reverse("kpi:plan_scorecard", args=[plan.area.slug, plan.pk])
    manager = client_for(plan_manager).get(page).content.decode()
    assert "The DfE publishes this each June" in manager
    assert reverse("kpi:dfe", args=[plan.area.slug]) in manager
    own = Indicator.objects.get(name="Parents who feel heard")
    assert reverse("kpi:measure", args=[plan.area.slug, own.pk]) in manager
    reader = client_for(board_member).get(page).content.decode()
    assert reverse("kpi:measure", args=[plan.area.slug, own.pk]) not in reader
    assert "plan manager records one" in reader
    detail = client_for(board_member).get(reverse("kpi:indicator", args=[plan.area.slug, own.pk]))
    assert "plan manager records one" in detail.content.decode()


@pytest.mark.parametrize(("seed", "area_name"), SEED_AREAS)
def test_every_seed_plan_has_dfe_figures_on_its_scorecard(seed, area_name):
    plan = import_plan(path=SEEDS / seed, area_name=area_name).plan
    dfe.load_dfe(area=plan.area)
    rows = presenters.scorecard(presenters.indicators_for(plan.area, plan))
    with_figures = [row for row in rows if row.indicator.code and row.latest is not None]
    assert with_figures, f"{area_name}: no DfE figures on the plan's scorecard"


def test_a_published_series_with_no_figure_here_says_so_not_that_the_dfe_publishes_it(
    client_for, plan_manager, plan
):
    from wsoa.partners import waits

    Indicator.objects.create(
        area=plan.area, plan=plan, code="nhs_over18_paeds_QHM", source=waits.SOURCE,
        name="Children waiting over 18 weeks for community paediatrics (% of waiting list)",
    )  # fmt: skip
    page = reverse("kpi:plan_scorecard", args=[plan.area.slug, plan.pk])
    text = client_for(plan_manager).get(page).content.decode()
    assert "The DfE publishes this each June" not in text
    assert "No figure for this place in the published figures (NHS England, Community" in text
    assert "not reported, or nobody waiting." in text
