"""The area's benchmark page, tracking a measure in the plan, and "how we compare" on an indicator.

Figures come from a subset of the packaged LAIT data, loaded per test (under a second); every
expected figure is read from `benchmarks.comparison`, never typed in.
"""

from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factories import LocalAreaFactory, MembershipFactory, UserFactory, build_plan
from wsoa.benchmarks import comparison, loading
from wsoa.benchmarks.models import Value
from wsoa.core.models import AuditEvent, Role
from wsoa.kpi import benchmark_presenters as shown
from wsoa.kpi import tracking
from wsoa.kpi.models import Comparator, DfeLink, Indicator, Measurement
from wsoa.plans.models import Finding

pytestmark = pytest.mark.django_db

SUBSET = {
    "SEN_EHC_All_20wks",  # High; Worcestershire 2024 in the issue
    "SEN_EHC_Excpt_20wks",
    "SEN_AppealableDec",  # Low
    "SEN_INIT_REQ",  # no polarity: never ranked
    "TotAbs",  # absence topic
}
WORCS = 885


@pytest.fixture
def national(db):
    loading.load_national(measures=SUBSET)


@pytest.fixture
def worcs(national):
    area = LocalAreaFactory(name="Worcestershire", slug="worcestershire")
    DfeLink.objects.create(
        area=area, la_code=str(WORCS), la_name="Worcestershire", region_name="West Midlands"
    )
    return area


def _member(area, role):
    user = UserFactory(username=f"worcs-{role}")
    MembershipFactory(area=area, role=role, user=user)
    return user


@pytest.fixture
def worcs_manager(worcs):
    return _member(worcs, Role.PLAN_MANAGER)


@pytest.fixture
def worcs_reader(worcs):
    return _member(worcs, Role.BOARD_MEMBER)


@pytest.fixture
def worcs_finding(worcs):

    plan = build_plan(worcs)
    return Finding.objects.create(
        plan=plan, position=1, kind="weakness", code="W1", text="EHC plans are late."
    )


def _page(client, area, **query):
    response = client.get(reverse("kpi:benchmarks", args=[area.slug]), query)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_page_shows_each_measure_as_compare_gives_it(client_for, worcs_reader, worcs):
    html = _page(client_for(worcs_reader), worcs)
    for measure in SUBSET:
        c = comparison.compare(WORCS, measure)
        assert c.title in html
        assert shown.figure(c.value, c.unit) in html
        assert shown.standing(c).lower() in html.lower()
    c = comparison.compare(WORCS, "SEN_EHC_All_20wks")
    assert (c.value, c.rank, c.of, c.quartile) == (Decimal("37.2"), 102, 153, 3)
    assert "102nd of 153 areas with a figure" in html and "Quartile 3" in html
    assert shown.mean_text(c) == "25.8%" and "25.8%" in html
    assert "statistical neighbours (DfE, May 2025)" in html


def test_unrated_measure_has_no_rank(client_for, worcs_reader, worcs):
    c = comparison.compare(WORCS, "SEN_INIT_REQ")
    assert c.rank is None and c.quartile is None
    html = _page(client_for(worcs_reader), worcs)
    assert "Not ranked: neither higher nor lower is better" in html


def test_topic_filter_shows_one_topic(client_for, worcs_reader, worcs):
    html = _page(client_for(worcs_reader), worcs, topic="All Pupil Absence & Exclusions")
    absence = comparison.compare(WORCS, "TotAbs")
    timeliness = comparison.compare(WORCS, "SEN_EHC_All_20wks")
    assert absence.title in html and timeliness.title not in html
    assert "Show every topic" in html


def test_unknown_topic_shows_every_topic_with_an_error_free_page(client_for, worcs_reader, worcs):
    html = _page(client_for(worcs_reader), worcs, topic="Nonsense")
    assert comparison.compare(WORCS, "TotAbs").title in html


def test_not_available_figure_says_why(client_for, national):
    # An LA with no figure at all for a measure shows its latest period's mark, never 0.
    missing = (
        Value.objects.filter(area__kind="la", value__isnull=True, area__is_current=True)
        .exclude(area__in=Value.objects.filter(value__isnull=False).values("area"))
        .select_related("area", "measure")
        .first()
    )
    if missing is None:  # every current LA has some figure; check the words on a built row
        compared = comparison.compare(WORCS, "SEN_EHC_All_20wks")
        compared.value, compared.reason = None, "suppressed (c)"
        assert shown.how_we_compare(compared).startswith("Not available: suppressed (c)")
        return
    area = LocalAreaFactory(name=missing.area.name, slug="gap")
    DfeLink.objects.create(area=area, la_code=str(missing.area.code), la_name=missing.area.name)
    user = _member(area, Role.BOARD_MEMBER)
    html = _page(client_for(user), area)
    assert "Not available" in html


def test_how_we_compare_words_for_a_suppressed_figure(worcs):
    compared = comparison.compare(WORCS, "SEN_EHC_All_20wks")
    compared.value, compared.reason = None, "suppressed (c)"
    assert shown.how_we_compare(compared) == (
        "Not available: suppressed (c); statistical neighbours' average 25.8%; England 45.9%"
    )


def test_chosen_neighbours_are_labelled_as_the_managers(client_for, worcs_reader, worcs, area):
    DfeLink.objects.filter(area=worcs).update(neighbour_codes=["805", "806"])
    c = comparison.compare(WORCS, "SEN_EHC_All_20wks", neighbours=[805, 806])
    assert c.neighbours_chosen
    assert shown.how_we_compare(c).split("; ")[1].startswith("your chosen neighbours' average")
    indicator = Indicator.objects.create(area=worcs, code="dfe_20wk_inc", name="20 weeks")
    html = _indicator_html(client_for(worcs_reader), indicator)
    assert "your chosen neighbours" in html
    assert shown.mean_text(c) in html


def test_benchmark_page_compares_with_the_managers_chosen_neighbours(
    client_for, worcs_reader, worcs
):
    page = client_for(worcs_reader).get(reverse("kpi:benchmarks", args=[worcs.slug]))
    assert "statistical neighbours (DfE, May 2025)" in page.content.decode()
    DfeLink.objects.filter(area=worcs).update(neighbour_codes=["805", "806"])
    html = client_for(worcs_reader).get(reverse("kpi:benchmarks", args=[worcs.slug]))
    html = html.content.decode()
    assert "your chosen neighbours" in html
    chosen = comparison.area_profile(WORCS, neighbours=[805, 806])
    assert all(c.neighbours_chosen and c.neighbours == [805, 806] for c in chosen)


def test_a_changed_authority_shows_where_its_series_breaks(client_for, national):
    area = LocalAreaFactory(name="North Northamptonshire", slug="north-northamptonshire")
    DfeLink.objects.create(area=area, la_code="940", la_name="North Northamptonshire")
    html = client_for(_member(area, Role.BOARD_MEMBER)).get(
        reverse("kpi:benchmarks", args=[area.slug])
    )
    note = comparison.area_profile(940)[0].area_note
    assert "Northamptonshire (928)" in note
    assert f'<div class="govuk-inset-text">{note}</div>' in unescape(html.content.decode())


@pytest.mark.parametrize("who", ["other_area_user", "anonymous"])
def test_other_areas_and_signed_out_users_never_see_the_page(client_for, worcs, who, request):
    user = request.getfixturevalue(who)
    client = client_for(user)
    for name in ("kpi:benchmarks", "kpi:benchmarks_csv", "kpi:benchmark_track"):
        response = client.get(reverse(name, args=[worcs.slug]), {"measure": "TotAbs"})
        assert response.status_code in (404, 302)
        if who == "other_area_user":
            assert response.status_code == 404


def test_area_without_a_local_authority_says_what_to_do(client_for, plan_manager, area):
    html = _page(client_for(plan_manager), area)
    assert "not yet linked to a local authority" in html
    assert reverse("kpi:dfe", args=[area.slug]) in html


def test_track_link_for_managers_only(client_for, worcs_manager, worcs_reader, worcs):
    track = reverse("kpi:benchmark_track", args=[worcs.slug])
    assert track in _page(client_for(worcs_manager), worcs)
    assert track not in _page(client_for(worcs_reader), worcs)
    response = client_for(worcs_reader).get(track, {"measure": "TotAbs"})
    assert response.status_code == 403


def test_page_queries_are_bounded(client_for, worcs_reader, worcs):
    client = client_for(worcs_reader)
    with CaptureQueriesContext(connection) as queries:
        _page(client, worcs)
    assert len(queries) <= 20


def _indicator_html(client, indicator):
    url = reverse("kpi:indicator", args=[indicator.area.slug, indicator.pk])
    return unescape(client.get(url).content.decode())


def _track(client, area, **data):
    form = {"measure": "SEN_EHC_All_20wks", "target": "neighbours", "year": "2027"}
    form.update(data)
    return client.post(reverse("kpi:benchmark_track", args=[area.slug]), form)


def test_tracking_makes_an_indicator_with_target_history_and_audit(
    client_for, worcs_manager, worcs, worcs_finding
):
    response = _track(client_for(worcs_manager), worcs, finding=worcs_finding.pk)
    indicator = Indicator.objects.get(area=worcs, code="lait_SEN_EHC_All_20wks")
    assert response.status_code == 302
    assert response["Location"] == reverse("kpi:indicator", args=[worcs.slug, indicator.pk])
    compared = comparison.compare(WORCS, "SEN_EHC_All_20wks")
    assert indicator.target == compared.neighbours_mean
    assert (indicator.target_label, str(indicator.target_on)) == ("2027", "2027-12-31")
    assert indicator.plan == worcs_finding.plan
    assert list(indicator.findings.all()) == [worcs_finding]
    assert (indicator.polarity, indicator.unit) == ("higher", "percent")
    published = [p for p in comparison.series(WORCS, "SEN_EHC_All_20wks") if p.value is not None]
    rows = list(Measurement.objects.filter(indicator=indicator).order_by("end"))
    assert [(m.label, m.value) for m in rows] == [(p.label, p.value) for p in published]
    assert Comparator.objects.filter(indicator=indicator, kind="england").count() == len(published)
    actions = set(
        AuditEvent.objects.filter(object_id=indicator.pk, object_type="kpi_indicator").values_list(
            "action", flat=True
        )
    )
    assert {"indicator.added", "measurement.added"} <= actions


def test_tracking_to_england_or_a_typed_figure(client_for, worcs_manager, worcs, worcs_finding):
    client = client_for(worcs_manager)
    _track(client, worcs, finding=worcs_finding.pk, target="england", year="2026")
    england = Indicator.objects.get(code="lait_SEN_EHC_All_20wks")
    assert england.target == comparison.compare(WORCS, "SEN_EHC_All_20wks").england
    _track(client, worcs, finding=worcs_finding.pk, measure="TotAbs", target="typed", value="5.5")
    typed = Indicator.objects.get(code="lait_TotAbs")
    assert typed.target == Decimal("5.5") and typed.polarity == "lower"


def test_typed_target_needs_a_figure(client_for, worcs_manager, worcs, worcs_finding):
    response = _track(client_for(worcs_manager), worcs, finding=worcs_finding.pk, target="typed")
    assert response.status_code == 200
    assert "Enter the target figure" in response.content.decode()
    assert not Indicator.objects.filter(area=worcs).exists()


def test_tracking_twice_is_refused(client_for, worcs_manager, worcs, worcs_finding):
    client = client_for(worcs_manager)
    _track(client, worcs, finding=worcs_finding.pk)
    response = _track(client, worcs, finding=worcs_finding.pk)
    assert "already tracked" in response.content.decode()
    assert Indicator.objects.filter(area=worcs).count() == 1


def test_another_areas_finding_is_404_and_nothing_is_written(
    client_for, worcs_manager, worcs, other_plan
):
    theirs = Finding.objects.create(plan=other_plan, position=1, kind="weakness", text="Theirs")
    events = AuditEvent.objects.count()
    response = _track(client_for(worcs_manager), worcs, finding=theirs.pk)
    assert response.status_code == 404
    assert not Indicator.objects.exists() and not Measurement.objects.exists()
    assert AuditEvent.objects.count() == events


def test_unknown_measure_is_404(client_for, worcs_manager, worcs, worcs_finding):
    response = _track(client_for(worcs_manager), worcs, finding=worcs_finding.pk, measure="Nope")
    assert response.status_code == 404
    assert not Indicator.objects.exists()


def test_track_measure_refuses_a_finding_of_another_area(worcs, other_plan, worcs_manager):
    theirs = Finding.objects.create(plan=other_plan, position=1, kind="weakness", text="Theirs")
    choice = tracking.TargetChoice("neighbours", 2027)
    with pytest.raises(tracking.TrackingError):
        tracking.track_measure(
            area=worcs, measure="TotAbs", finding=theirs, choice=choice, by=worcs_manager
        )
    assert not Indicator.objects.exists()


def test_indicator_page_says_how_we_compare(client_for, worcs_reader, worcs):
    indicator = Indicator.objects.create(area=worcs, code="dfe_20wk_inc", name="20 weeks")
    html = _indicator_html(client_for(worcs_reader), indicator)
    assert (
        "37.2% — 102nd of 153 areas with a figure; statistical neighbours' average 25.8%; "
        "England 45.9%"
    ) in html
    assert "statistical neighbours (DfE, May 2025)" in html


def test_indicator_table_gains_neighbours_mean_and_rank(
    client_for, worcs_manager, worcs_reader, worcs, worcs_finding
):
    _track(client_for(worcs_manager), worcs, finding=worcs_finding.pk)
    indicator = Indicator.objects.get(code="lait_SEN_EHC_All_20wks")
    html = _indicator_html(client_for(worcs_reader), indicator)
    assert "Rank among areas" in html and "Neighbours' average" in html
    for point in comparison.series(WORCS, "SEN_EHC_All_20wks"):
        if point.value is not None and point.rank is not None:
            assert f"{shown.ordinal(point.rank)} of {point.of}" in html


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (102, "102nd"),
        (111, "111th"),
    ],
)
def test_ordinals(number, words):
    assert shown.ordinal(number) == words


def test_period_of_lait_labels():
    assert tracking.period_of("2024").end.isoformat() == "2024-12-31"
    assert tracking.period_of("2024 (Rev)").end.isoformat() == "2024-12-31"
    assert tracking.period_of("2023/24").end.isoformat() == "2024-08-31"
    assert tracking.period_of("2023-24", "Financial Year").end.isoformat() == "2024-03-31"
    assert tracking.period_of("0") is None
    assert tracking.period_of("nonsense") is None
