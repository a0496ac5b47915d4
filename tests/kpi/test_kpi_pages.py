"""Scorecard pages × every role, another area's user and an anonymous one; the journeys."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from kpi_helpers import make_indicator, record

from page_text import text_of
from personas import MANAGERS, MEMBERS, PERSONAS, assert_access, persona_name
from wsoa.core.models import AuditEvent
from wsoa.kpi.models import Comparator, ExceptionReport, Indicator, Measurement

pytestmark = pytest.mark.django_db
OWNER = "contributor"  # the indicator fixture's owner


@pytest.fixture
def red(indicator):
    record(indicator, "Q2 2019-20", 72)
    return ExceptionReport.objects.open().get(indicator=indicator)


def urls(area, plan, indicator):
    i = [area.slug, indicator.pk]
    return {
        "kpi_scorecard": reverse("kpi:scorecard", args=[area.slug]),
        "kpi_plan_scorecard": reverse("kpi:plan_scorecard", args=[area.slug, plan.pk]),
        "kpi_indicator": reverse("kpi:indicator", args=i),
        "kpi_indicator_new": reverse("kpi:indicator_new", args=[area.slug]),
        "kpi_printed_targets": reverse("kpi:printed_targets", args=[area.slug, plan.pk]),
        "kpi_indicator_edit": reverse("kpi:indicator_edit", args=i),
        "kpi_target_step": reverse("kpi:target_step", args=i),
        "kpi_measure": reverse("kpi:measure", args=i),
        "kpi_exception": reverse("kpi:exception", args=i),
        "kpi_exceptions": reverse("kpi:exceptions", args=[area.slug]),
        "kpi_import": reverse("kpi:import", args=[area.slug]),
        "kpi_dfe": reverse("kpi:dfe", args=[area.slug]),
    }


READERS = {
    "kpi_scorecard": set(MEMBERS),
    "kpi_plan_scorecard": set(MEMBERS),
    "kpi_indicator": set(MEMBERS),
    "kpi_indicator_new": MANAGERS,
    "kpi_printed_targets": MANAGERS,
    "kpi_indicator_edit": MANAGERS,
    "kpi_target_step": MANAGERS,
    "kpi_measure": MANAGERS | {OWNER},
    "kpi_exception": MANAGERS | {OWNER},
    "kpi_exceptions": MANAGERS,
    "kpi_import": MANAGERS,
    "kpi_dfe": MANAGERS,
}


@pytest.mark.parametrize("page", sorted(READERS))
@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_page_access_by_role(page, persona, client_for, area, plan, red, request):
    url = urls(area, plan, red.indicator)[page]
    response = client_for(persona).get(url)
    assert_access(response, persona_name(request), READERS[page])


@pytest.mark.parametrize("page", ["kpi:indicator", "kpi:measure", "kpi:indicator_edit"])
def test_another_areas_indicator_is_404_under_own_slug(
    page, client_for, area_admin, area, other_indicator
):
    url = reverse(page, args=[area.slug, other_indicator.pk])
    assert client_for(area_admin).get(url).status_code == 404


def test_another_areas_printed_target_is_404(client_for, area_admin, area, other_plan):
    from wsoa.plans.models import ImpactIndicator

    theirs = ImpactIndicator.objects.create(plan=other_plan, position=1, text="90% on time")
    url = reverse("kpi:indicator_new", args=[area.slug]) + f"?printed={theirs.pk}"
    assert client_for(area_admin).get(url).status_code == 404


def test_forbidden_posts_write_nothing(client_for, board_member, area, indicator):
    client = client_for(board_member)
    url = reverse("kpi:measure", args=[area.slug, indicator.pk])
    assert client.post(url, {"period": "2019", "value": "50"}).status_code == 403
    assert not Measurement.objects.exists()


def test_printed_target_becomes_an_indicator_in_a_few_clicks(
    client_for, plan_manager, area, plan, item, printed
):
    client = client_for(plan_manager)
    url = reverse("kpi:indicator_new", args=[area.slug]) + f"?printed={printed.pk}"
    form = client.get(url).context["form"]
    assert form.initial["target"] == D(90)
    assert form.initial["target_label"] == "March 2019"
    assert str(form.initial["target_on"]) == "2019-03-31"
    assert form.initial["item_numbers"] == "1.1"
    post = {k: v for k, v in form.initial.items() if v is not None}
    post.update(printed=printed.pk, target_on_0="31", target_on_1="3", target_on_2="2019")
    post.pop("target_on")
    response = client.post(url, post)
    assert response.status_code == 302, response.context["form"].errors
    made = Indicator.objects.get(printed=printed)
    assert (made.area, made.plan, made.target) == (area, plan, D(90))
    assert list(made.items.all()) == [item]
    assert AuditEvent.objects.filter(area=area, action="indicator.added").exists()


def test_reduction_target_is_worked_out_from_the_baseline(client_for, plan_manager, area):
    data = {
        "name": "Out of county placements",
        "unit": "count",
        "polarity": "lower",
        "frequency": "financial_year",
        "baseline": "200",
        "reduction": "10",
        "target_label": "2019-20",
        "green_within": "0",
        "amber_within": "5",
    }
    client_for(plan_manager).post(reverse("kpi:indicator_new", args=[area.slug]), data)
    made = Indicator.objects.get(name="Out of county placements")
    assert made.target == D(180)
    assert str(made.target_on) == "2020-03-31"


def test_errors_are_shown_in_a_summary(client_for, plan_manager, area):
    response = client_for(plan_manager).post(
        reverse("kpi:indicator_new", args=[area.slug]),
        {
            "name": "",
            "unit": "percent",
            "polarity": "higher",
            "frequency": "monthly",
            "green_within": "6",
            "amber_within": "5",
        },
    )
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Enter the indicator&#x27;s name" in page or "Enter the indicator's name" in page
    assert "Amber tolerance must be at least the green tolerance" in page
    assert not Indicator.objects.exists()


def test_red_actual_opens_exception_owner_answers_green_closes(
    client_for, contributor, plan_manager, area, indicator
):
    owner = client_for(contributor)
    measure = reverse("kpi:measure", args=[area.slug, indicator.pk])
    owner.post(measure, {"period": "Q2 2019-20", "value": "72"})
    found = ExceptionReport.objects.open().get(indicator=indicator)
    assert found.reason == "72% against a target of 80% for Q2 2019-20: red, 8 points below"
    listing = client_for(plan_manager).get(reverse("kpi:exceptions", args=[area.slug]))
    assert "Waiting for the owner" in listing.content.decode()
    answer = reverse("kpi:exception", args=[area.slug, indicator.pk])
    owner.post(
        answer,
        {
            "cause": "Staff vacancies",
            "action": "Agency caseworkers",
            "recovery_on_0": "31",
            "recovery_on_1": "3",
            "recovery_on_2": "2020",
        },
    )
    found.refresh_from_db()
    assert (found.cause, str(found.recovery_on)) == ("Staff vacancies", "2020-03-31")
    owner.post(measure, {"period": "Q3 2019-20", "value": "81"})
    found.refresh_from_db()
    assert found.closed_at is not None
    assert "green" in found.closed_reason


def test_correction_is_a_new_row_and_history_stays(client_for, plan_manager, area, indicator):
    record(indicator, "2019-20", 70)
    first = Measurement.objects.get()
    url = reverse("kpi:measure", args=[area.slug, indicator.pk])
    client_for(plan_manager).post(url, {"period": "2019-20", "value": "75", "corrects": first.pk})
    rows = list(Measurement.objects.order_by("pk").values_list("value", "corrects"))
    assert rows == [(D(70), None), (D(75), first.pk)]
    with pytest.raises(ValueError, match="cannot be changed"):
        first.save()


def test_trajectory_step_is_set_and_used(client_for, plan_manager, area, indicator):
    url = reverse("kpi:target_step", args=[area.slug, indicator.pk])
    client_for(plan_manager).post(url, {"period": "Q2 2019-20", "value": "70"})
    record(indicator, "Q2 2019-20", 68)
    page = client_for(plan_manager).get(reverse("kpi:indicator", args=[area.slug, indicator.pk]))
    assert "68% against a target of 70% for Q2 2019-20: amber, 2 points below" in (
        page.content.decode()
    )


def test_scorecard_row_shows_latest_target_rag_trend_and_england(
    client_for, board_member, area, indicator
):
    record(indicator, "Q1 2019-20", 60)
    record(indicator, "Q2 2019-20", 78)
    Comparator.objects.create(
        indicator=indicator,
        kind="england",
        name="England",
        label="2019",
        start="2019-01-01",
        end="2019-12-31",
        value=D("60.4"),
    )
    text = text_of(client_for(board_member).get(reverse("kpi:scorecard", args=[area.slug])))
    assert "78% Q2 2019-20" in text
    assert "78% against a target of 80% for Q2 2019-20: amber, 2 points below" in text
    assert "Better from 60% (Q1 2019-20)" in text
    assert "60.4% 2019" in text


def test_scorecard_filters_by_theme_and_owner(client_for, board_member, area, indicator):
    make_indicator(area, name="Parents feel listened to", theme="Experience")
    client = client_for(board_member)
    url = reverse("kpi:scorecard", args=[area.slug])
    by_theme = text_of(client.get(url, {"theme": "Experience"}))
    assert "Parents feel listened to" in by_theme and indicator.name not in by_theme
    by_owner = text_of(client.get(url, {"owner": indicator.owner_id}))
    assert indicator.name in by_owner and "Parents feel listened to" not in by_owner


def test_plan_scorecard_shows_only_the_plans_indicators(
    client_for, board_member, area, plan, indicator
):
    make_indicator(area, name="Area-wide measure")
    text = text_of(
        client_for(board_member).get(reverse("kpi:plan_scorecard", args=[area.slug, plan.pk]))
    )
    assert indicator.name in text and "Area-wide measure" not in text


@pytest.mark.parametrize("count", [5, 40])
def test_scorecard_queries_do_not_grow_with_indicators(client_for, board_member, area, count):
    for n in range(count):
        found = make_indicator(area, name=f"Indicator {n}")
        record(found, "2019", 50 + n % 40)
        record(found, "2020", 60)
    client = client_for(board_member)
    url = reverse("kpi:scorecard", args=[area.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 14


def test_indicator_page_has_chart_with_title_desc_and_table(
    client_for, board_member, area, indicator
):
    record(indicator, "Q1 2019-20", 60)
    record(indicator, "Q2 2019-20", 72)
    page = client_for(board_member).get(reverse("kpi:indicator", args=[area.slug, indicator.pk]))
    html = page.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert '<title id="chart-title">' in html and '<desc id="chart-desc">' in html
    assert "Actual went from 60% in Q1 2019-20 to 72% in Q2 2019-20" in html
    assert 'stroke-dasharray="8 5"' in html  # the target line is dashed, not only coloured
    assert "<caption" in html and "Figures by period" in html
    assert " style=" not in html and "<script>" not in html


def test_indicator_page_queries_are_bounded(client_for, board_member, area, indicator):
    for year in range(2014, 2025):
        record(indicator, str(year), 50)
    client = client_for(board_member)
    url = reverse("kpi:indicator", args=[area.slug, indicator.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries) <= 16


def test_dfe_page_links_and_loads(client_for, area_admin, area):
    client = client_for(area_admin)
    url = reverse("kpi:dfe", args=[area.slug])
    assert client.get(url).context["form"].initial["la_code"] == "805"
    loaded = client.post(url, {"la_code": "805", "neighbours": ["806", "807"]}, follow=True)
    page = loaded.content.decode()  # the load's progress page, done: no broker in the tests
    assert "Hartlepool (805)" in page and "Not matched" in page
    assert Indicator.objects.filter(area=area, code="dfe_20wk_ex").exists()


def test_indicator_without_owner_or_actuals_shows(client_for, board_member, area):
    found = make_indicator(area, name="Not yet measured")
    page = client_for(board_member).get(reverse("kpi:indicator", args=[area.slug, found.pk]))
    assert page.status_code == 200
    assert "No actuals recorded yet." in page.content.decode()
