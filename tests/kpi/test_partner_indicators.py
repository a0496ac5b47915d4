"""Health and tribunal figures as scorecard indicators, and the manager's page that adds them."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from factories import MembershipFactory, UserFactory
from wsoa.core.models import AuditEvent, Organisation, OrganisationKind, Role
from wsoa.kpi import dfe, partner_indicators, presenters
from wsoa.kpi.models import Comparator, Indicator, Measurement
from wsoa.partners import waits
from wsoa.partners.models import AreaIcb

pytestmark = pytest.mark.django_db

NENC = "E54000050"
SALT_18 = "nhs_over18_salt_QHM"
SALT_NAME = (
    "Children waiting over 18 weeks for speech and language therapy (% of waiting list), "
    "North East and North Cumbria ICB"
)


def _add(area, plan, *, therapies=("speech_and_language",), tribunal=False, by="test"):
    return partner_indicators.add_partner_indicators(
        area=area,
        icbs=[waits.icbs()[NENC]],
        therapies=list(therapies),
        tribunal=tribunal,
        plan=plan,
        by=by,
    )


def _expected_percent(month: int) -> Decimal:
    row = waits.series("icb", "North East and North Cumbria", "speech_and_language")[month - 1]
    return (Decimal(100 * (row.over_18_to_52 + row.over_52)) / row.total).quantize(Decimal("0.001"))


def test_salt_indicator_has_monthly_figures_and_england(area, plan):
    report = _add(area, plan)
    indicator = Indicator.objects.get(area=area, code=SALT_18)
    assert indicator.name == SALT_NAME
    assert (indicator.unit, indicator.polarity, indicator.frequency) == (
        "percent",
        "lower",
        "monthly",
    )
    rows = list(indicator.measurements.order_by("end"))
    assert [r.label for r in rows][:2] == ["January 2023", "February 2023"]
    assert rows[0].value == _expected_percent(1)
    first = waits.series("icb", "North East and North Cumbria", "speech_and_language")[0]
    assert (rows[0].numerator, rows[0].denominator) == (first.over_18, first.total)
    england = Comparator.objects.filter(indicator=indicator, kind="england").order_by("end")
    assert england.count() == 10
    assert england[0].value == Decimal("35.102")  # 23,790 of 67,774 in January 2023
    assert indicator in presenters.indicators_for(area, plan)
    assert SALT_NAME in report.added


def test_over_52_weeks_is_a_count_without_an_england_comparator(area, plan):
    _add(area, plan)
    over_52 = Indicator.objects.get(area=area, code="nhs_over52_salt_QHM")
    first = waits.series("icb", "North East and North Cumbria", "speech_and_language")[0]
    assert over_52.unit == "count"
    assert over_52.measurements.order_by("end").first().value == first.over_52
    assert not over_52.comparators.exists()


def test_a_member_working_for_the_icb_owns_the_health_indicators(area, plan):
    icb = Organisation.objects.create(area=area, name="NENC ICB", kind=OrganisationKind.ICB)
    lead = UserFactory(username="icb-lead")
    MembershipFactory(area=area, user=lead, role=Role.CONTRIBUTOR, organisation=icb)
    _add(area, plan)
    assert Indicator.objects.get(area=area, code=SALT_18).owner == lead


def test_adding_again_writes_nothing(area, plan):
    dfe.link_area(area=area, la_code="805", neighbour_codes=["806", "807"], by="test")
    _add(area, plan, tribunal=True)
    counts = [m.objects.count() for m in (Indicator, Measurement, Comparator, AuditEvent)]
    report = _add(area, plan, tribunal=True)
    assert report.summary() == "0 indicators added, 0 actuals and 0 comparator figures recorded"
    assert [m.objects.count() for m in (Indicator, Measurement, Comparator, AuditEvent)] == counts


def test_a_changed_figure_is_recorded_as_a_correction(area, plan):
    _add(area, plan)
    indicator = Indicator.objects.get(area=area, code=SALT_18)
    first = indicator.measurements.order_by("end").first()
    Measurement.objects.filter(pk=first.pk).update(value=Decimal("1.000"))
    report = _add(area, plan)
    assert report.measurements == 1
    correction = indicator.measurements.get(corrects=first)
    assert correction.value == _expected_percent(1)


def test_adding_is_audited(area, plan, plan_manager):
    _add(area, plan, by=plan_manager)
    assert AuditEvent.objects.filter(action="indicator.added", actor=plan_manager).count() == 2
    loaded = AuditEvent.objects.get(action="partner_figures.loaded")
    assert loaded.area == area and "2 indicators added" in loaded.summary


def test_tribunal_rate_with_england_and_neighbours_that_have_a_figure(area, plan):
    # Cumberland (942) was formed in 2023: it has no figure, so the mean is of two of three.
    dfe.link_area(area=area, la_code="805", neighbour_codes=["806", "807", "942"], by="test")
    _add(area, plan, therapies=(), tribunal=True)
    indicator = Indicator.objects.get(area=area, code="tribunal_appeal_rate")
    assert indicator.name.endswith("(appeals registered as % of appealable decisions), Hartlepool")
    latest = indicator.measurements.order_by("end").last()
    assert (latest.label, latest.numerator, latest.denominator) == ("2022", 12, 858)
    assert latest.value == Decimal("1.399")
    england = indicator.comparators.get(kind="england", label="2022")
    assert england.value == Decimal("2.327")
    neighbours = indicator.comparators.get(kind="neighbours", label="2022")
    # Middlesbrough 6 / 1656 and Redcar and Cleveland 17 / 1656 in 2022 (table SEND_2).
    expected = (Decimal(600) / 1656 + Decimal(1700) / 1656) / 2
    assert abs(neighbours.value - expected) < Decimal("0.001")
    expected_name = "Statistical neighbours chosen by the area (mean of 2 of 3 with a figure)"
    assert neighbours.name == expected_name


def test_tribunal_without_neighbours_has_england_only(area, plan):
    _add(area, plan, therapies=(), tribunal=True)
    indicator = Indicator.objects.get(area=area, code="tribunal_appeal_rate")
    assert set(indicator.comparators.values_list("kind", flat=True)) == {"england"}
    assert indicator.measurements.count() == 9


# The page


def _url(area, plan):
    return reverse("kpi:partner_figures", args=[area.slug, plan.pk])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("plan_manager", 200),
        ("area_admin", 200),
        ("contributor", 403),
        ("board_member", 403),
        ("forum_rep", 403),
        ("other_area_user", 404),
        ("anonymous", 302),
    ],
    indirect=["persona"],
)
def test_only_managers_of_the_area_see_the_page(client_for, persona, status, area, plan):
    response = client_for(persona).get(_url(area, plan))
    assert response.status_code == status


def test_the_page_offers_the_seed_areas_icb_ticked(client_for, plan_manager, area, plan):
    html = client_for(plan_manager).get(_url(area, plan)).content.decode()
    ticked = re.findall(r'<input[^>]*name="icbs"[^>]*checked[^>]*>', html)
    assert len(ticked) == 1 and f'value="{NENC}"' in ticked[0]
    assert "North East and North Cumbria ICB" in html


def test_a_manager_adds_the_figures_to_the_plans_scorecard(client_for, plan_manager, area, plan):
    client = client_for(plan_manager)
    data = {"icbs": [NENC], "therapies": ["speech_and_language", "audiology"], "tribunal": "on"}
    response = client.post(_url(area, plan), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("kpi:plan_scorecard", args=[area.slug, plan.pk])
    assert AreaIcb.objects.filter(area=area, code=NENC).exists()
    assert AuditEvent.objects.filter(action="icbs.chosen", actor=plan_manager).exists()
    codes = set(Indicator.objects.for_area(area).values_list("code", flat=True))
    assert {SALT_18, "nhs_over18_audiology_QHM", "tribunal_appeal_rate"} <= codes
    page = client.get(response["Location"]).content.decode()
    assert "speech and language therapy (% of waiting list)" in page


def test_an_unknown_icb_is_refused_and_nothing_written(client_for, plan_manager, area, plan):
    data = {"icbs": ["E54999999"], "therapies": ["speech_and_language"]}
    response = client_for(plan_manager).post(_url(area, plan), data)
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert not Indicator.objects.exists() and not AreaIcb.objects.exists()


def test_another_areas_plan_is_refused(client_for, plan_manager, area, other_plan):
    url = reverse("kpi:partner_figures", args=[area.slug, other_plan.pk])
    response = client_for(plan_manager).post(url, {"icbs": [NENC], "tribunal": "on"})
    assert response.status_code == 404
    assert not Indicator.objects.exists()


def test_posting_to_another_area_is_refused(client_for, plan_manager, other_area, other_plan):
    url = reverse("kpi:partner_figures", args=[other_area.slug, other_plan.pk])
    response = client_for(plan_manager).post(url, {"icbs": [NENC], "tribunal": "on"})
    assert response.status_code == 404
    assert not Indicator.objects.exists()


def test_nothing_chosen_says_what_to_do(client_for, plan_manager, area, plan):
    response = client_for(plan_manager).post(_url(area, plan), {"icbs": [NENC]})
    assert "Choose a therapy or the tribunal appeal rate to add" in response.content.decode()
    assert not Indicator.objects.exists()


def test_tribunal_uses_the_dfe_neighbours_when_the_area_chose_none(area, plan):
    from wsoa.benchmarks.models import Area, Neighbour

    places = {
        code: Area.objects.create(code=code, name=name, kind="la")
        for code, name in [(805, "Hartlepool"), (806, "Middlesbrough"), (841, "Darlington")]
    }
    for position, code in enumerate([806, 841], start=1):
        Neighbour.objects.create(la=places[805], neighbour=places[code], position=position)
    dfe.link_area(area=area, la_code="805", neighbour_codes=[], by="test")
    _add(area, plan, therapies=(), tribunal=True)
    indicator = Indicator.objects.get(area=area, code="tribunal_appeal_rate")
    neighbours = indicator.comparators.get(kind="neighbours", label="2022")
    assert neighbours.name == "DfE statistical neighbours (mean of 2 of 2 with a figure)"
    # Middlesbrough 6 / 1656 and Darlington 16 / 970 in 2022 (table SEND_2).
    expected = (Decimal(600) / 1656 + Decimal(1600) / 970) / 2
    assert abs(neighbours.value - expected) < Decimal("0.001")


def test_the_demo_adds_a_seed_areas_health_and_tribunal_figures_once(area, plan):
    from wsoa.kpi.demo import setup_demo_indicators

    lines = setup_demo_indicators(area)
    assert lines[-1] == (
        "Hartlepool: NHS community health waits and SEND Tribunal appeals: "
        "9 indicators added, 89 actuals and 49 comparator figures recorded"
    )
    partner_codes = Indicator.objects.filter(area=area, plan=plan, code__startswith="nhs_")
    assert partner_codes.count() == 8
    counts = (Indicator.objects.count(), Measurement.objects.count())
    setup_demo_indicators(area)
    assert (Indicator.objects.count(), Measurement.objects.count()) == counts
