"""The DfE loader against the real published files shipped in the package."""

from decimal import Decimal as D

import pytest
from django.core.management import call_command

from factories import LocalAreaFactory
from wsoa.benchmarks.loading import official_neighbours
from wsoa.core.models import AuditEvent
from wsoa.kpi import dfe, dfedata
from wsoa.kpi.models import Comparator, DfeLink, ExceptionReport, Indicator, Measurement

pytestmark = pytest.mark.django_db

# Published figures (ehcp_timeliness_20_week_2019_2024_headline.csv, reporting year 2025):
# new EHC plans issued within 20 weeks, excluding and including exceptions.
HARTLEPOOL_EX = {
    "2019": "35.9",
    "2020": "55.9",
    "2021": "46.6",
    "2022": "55.1",
    "2023": "44.3",
    "2024": "74.6",
}
HARTLEPOOL_INC = {
    "2019": "35.9",
    "2020": "55.9",
    "2021": "46.6",
    "2022": "55.1",
    "2023": "44",
    "2024": "74.6",
}
ENGLAND_EX = {
    "2019": "60.4",
    "2020": "58",
    "2021": "59.9",
    "2022": "49.2",
    "2023": "50.3",
    "2024": "46.4",
}
ENGLAND_INC = {
    "2019": "58.7",
    "2020": "55.6",
    "2021": "57.9",
    "2022": "47.7",
    "2023": "49.1",
    "2024": "45.9",
}


def figures(rows) -> dict[str, D]:
    return {label: value for label, value in rows if label in HARTLEPOOL_EX}


def expect(published: dict[str, str]) -> dict[str, D]:
    return {year: D(value) for year, value in published.items()}


@pytest.fixture
def loaded(area):
    return dfe.load_dfe(area=area)


@pytest.mark.parametrize(
    ("code", "published"), [("dfe_20wk_ex", HARTLEPOOL_EX), ("dfe_20wk_inc", HARTLEPOOL_INC)]
)
def test_hartlepool_20_week_rates_are_the_published_figures(area, loaded, code, published):
    indicator = Indicator.objects.get(area=area, code=code)
    rows = indicator.measurements.values_list("label", "value")
    assert figures(rows) == expect(published)


@pytest.mark.parametrize(
    ("code", "published"), [("dfe_20wk_ex", ENGLAND_EX), ("dfe_20wk_inc", ENGLAND_INC)]
)
def test_england_20_week_rates_are_the_published_figures(area, loaded, code, published):
    rows = Comparator.objects.filter(indicator__area=area, indicator__code=code, kind="england")
    assert figures(rows.values_list("label", "value")) == expect(published)


def test_national_notes_match_domain_figures():
    """DOMAIN.md: 60.4% (2019), 49.2% (2022), 50.3% (2023), 46.4% (2024), England."""
    series = dfedata.dataset().series("dfe_20wk_ex", "england", dfedata.ENGLAND)
    by_year = {f.period.label: f.value for f in series}
    assert [by_year[y] for y in ("2019", "2022", "2023", "2024")] == [
        D("60.4"),
        D("49.2"),
        D("50.3"),
        D("46.4"),
    ]


def test_older_years_come_from_the_sen2_release_with_its_column_names(area, loaded):
    indicator = Indicator.objects.get(area=area, code="dfe_20wk_ex")
    rows = {m.label: m for m in indicator.measurements.all()}
    assert rows["2018"].value == D("75.3")
    assert (rows["2018"].numerator, rows["2018"].denominator) == (D(73), D(97))
    assert "SEN2" in rows["2018"].source and "June 2025" in rows["2019"].source


def test_newer_release_wins_where_both_give_a_year(area, loaded):
    # SEN2 gives England 2022 as 49.166; the 2025 release as 49.2.
    england = Comparator.objects.get(
        indicator__area=area, indicator__code="dfe_20wk_ex", kind="england", label="2022"
    )
    assert england.value == D("49.2")


def test_region_comparator_is_the_north_east(area, loaded):
    region = Comparator.objects.filter(indicator__area=area, kind="region")
    assert set(region.values_list("name", flat=True)) == {"North East"}


def test_markers_are_reported_not_read_as_zero(area, loaded):
    six_weeks = Indicator.objects.get(area=area, code="dfe_decisions_6wk")
    assert not six_weeks.measurements.filter(label="2019").exists()
    assert any(
        "Decisions whether to assess" in line and "2019 (not available)" in line
        for line in loaded.unmatched
    )


def test_caseload_is_by_school_year(area, loaded):
    caseload = Indicator.objects.get(area=area, code="dfe_caseload")
    assert caseload.measurements.get(label="2024/25").value == D(966)


def test_loading_again_records_nothing_new(area, loaded):
    count = Measurement.objects.count()
    again = dfe.load_dfe(area=area)
    assert again.measurements == 0
    assert Measurement.objects.count() == count


def test_a_loaded_red_rate_opens_an_exception(area):
    indicator = dfe.load_dfe(area=area) and Indicator.objects.get(area=area, code="dfe_20wk_ex")
    indicator.target = D(90)
    indicator.save()
    dfe.review_exception(indicator=indicator, by="test")
    assert ExceptionReport.objects.open().get(indicator=indicator).reason == (
        "74.6% against a target of 90% for 2024: red, 15.4 points below"
    )


def test_neighbours_are_the_mean_of_the_chosen_authorities(area):
    dfe.link_area(area=area, la_code="805", neighbour_codes=["806", "807"], by=None)
    dfe.load_dfe(area=area)
    mean = Comparator.objects.get(
        indicator__area=area, indicator__code="dfe_caseload", kind="neighbours", label="2024/25"
    )
    data = dfedata.dataset()
    values = [
        next(
            f.value for f in data.series("dfe_caseload", "la", code) if f.period.label == "2024/25"
        )
        for code in ("806", "807")
    ]
    assert mean.value == (sum(values) / 2).quantize(D("0.001"))
    assert mean.name == "Your chosen neighbours (mean of 2)"


def test_without_a_choice_the_neighbours_are_the_dfe_s_statistical_neighbours(area):
    dfe.link_area(area=area, la_code="805", neighbour_codes=[], by=None)
    dfe.load_dfe(area=area)
    official = [str(code) for code in official_neighbours(805)]
    assert len(official) == 10
    data = dfedata.dataset()
    values = [
        f.value
        for code in official
        for f in data.series("dfe_caseload", "la", code)
        if f.period.label == "2024/25"
    ]
    mean = Comparator.objects.get(
        indicator__area=area, indicator__code="dfe_caseload", kind="neighbours", label="2024/25"
    )
    assert len(values) == 10
    assert mean.value == (sum(values) / 10).quantize(D("0.001"))
    assert mean.name == "Statistical neighbours (DfE, May 2025) (mean of 10)"


def test_an_area_with_no_matching_authority_is_reported(db):
    area = LocalAreaFactory(name="Atlantis", slug="atlantis")
    report = dfe.load_dfe(area=area)
    assert report.measurements == 0
    assert 'no local authority named "Atlantis"' in report.unmatched[0]
    assert not Indicator.objects.filter(area=area).exists()


def test_a_split_authority_says_older_figures_are_not_carried_over(db):
    area = LocalAreaFactory(name="Westmorland and Furness", slug="westmorland")
    report = dfe.load_dfe(area=area)
    assert "formed in 2023 from Cumbria (909)" in report.unmatched[0]
    labels = Measurement.objects.filter(indicator__area=area).values_list("label", flat=True)
    assert set(labels) <= {"2023", "2024", "2022/23", "2023/24", "2024/25"}


def test_a_changed_ons_code_is_one_authority():
    """Buckinghamshire's ONS code changed (E10000002 → E06000060); its LA number did not."""
    data = dfedata.dataset()
    assert data.authorities["825"].ons_codes == {"E10000002", "E06000060"}
    years = [f.period.label for f in data.series("dfe_20wk_ex", "la", "825")]
    assert "2019" in years and "2024" in years


def test_county_durham_matches_by_name():
    assert dfedata.find_authority(dfedata.dataset(), "Durham").code == "840"


def test_loading_is_audited(area, loaded):
    event = AuditEvent.objects.get(area=area, action="dfe_figures.loaded")
    assert "measurements" in event.summary


def test_command_links_neighbours_and_prints_the_report(area, capsys):
    call_command("dfe", area="hartlepool", neighbours="806,807")
    out = capsys.readouterr().out
    assert out.startswith("Hartlepool: Hartlepool (805)")
    assert DfeLink.objects.get(area=area).neighbour_codes == ["806", "807"]


def test_command_refuses_an_unknown_area(db):
    with pytest.raises(Exception, match="No area called"):
        call_command("dfe", area="nowhere")
