"""NHS providers: packaged from both of the file's types and spellings, chosen per area, audited."""

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from factories import LocalAreaFactory
from wsoa.core.models import AuditEvent
from wsoa.partners import packaging, services, waits
from wsoa.partners.models import AreaProvider

NHS = Path("/work/shared/data/nhs-community-health")
needs_source = pytest.mark.skipif(not NHS.is_dir(), reason="published files not present")
NORTH_TEES = "421f7c97"  # North Tees and Hartlepool NHS Foundation Trust
SOUTH_TEES = "34bef569"  # South Tees Hospitals NHS Foundation Trust
DURHAM = "b9b97a21"  # County Durham and Darlington NHS Foundation Trust


def _source_provider_rows() -> list[dict[str, str]]:
    with (NHS / "la_ch_time_series_derived.csv").open(encoding="utf-8") as handle:
        return [
            r
            for r in csv.DictReader(handle)
            if r["Organisation Type"] in ("Organisation", "Provider")
            and r["Organisation Name"] != "England"
        ]


@needs_source
def test_every_provider_of_the_source_is_packaged_once_whatever_its_spelling():
    names = {packaging.squash(r["Organisation Name"]) for r in _source_provider_rows()}
    packaged = waits.providers().values()
    assert len(names) == len(packaged) == 146
    assert {packaging.squash(p.name) for p in packaged} == names


@needs_source
def test_north_tees_speech_and_language_matches_the_source_month_by_month():
    rows = [
        r
        for r in _source_provider_rows()
        if r["Organisation Name"].lower() == "north tees and hartlepool nhs foundation trust"
        and r["Therapy"] == "Speech And Language"
        and r["Total waiting list"] != "NA"
    ]
    packaged = waits.provider_series(waits.providers()[NORTH_TEES], "speech_and_language")
    assert [w.month.isoformat() for w in packaged] == [r["formattedDate"] for r in rows]
    for source, wait in zip(rows, packaged, strict=True):
        assert (str(wait.total), str(wait.over_52)) == (
            source["Total waiting list"],
            source["Waiting >52 weeks"],
        )
        percent = Decimal(source["Percentage waiting more than 18 weeks"])
        assert abs(wait.percent_over_18 - percent) < Decimal("1e-9")


def test_north_tees_october_by_hand():
    october = waits.provider_series(waits.providers()[NORTH_TEES], "speech_and_language")[-1]
    # Source row 7180, printed in capitals: 1,180 waiting, 284 over 18 and up to 52, 44 over 52.
    assert (october.month.month, october.total, october.over_18_to_52, october.over_52) == (
        10,
        1180,
        284,
        44,
    )
    assert round(october.percent_over_18, 4) == Decimal("27.7966")


def test_a_provider_with_no_figure_is_listed_with_no_months():
    (worcestershire,) = waits.find_providers("Herefordshire and Worcestershire Health")
    assert worcestershire.name == "Herefordshire and Worcestershire Health and Care NHS Trust"
    assert all(not waits.provider_series(worcestershire, t) for t in waits.THERAPIES)


def test_a_name_printed_only_in_capitals_is_shown_in_its_words():
    names = [p.name for p in waits.find_providers("middlesex")]
    assert names == ["North Middlesex University Hospital NHS Trust"]


def test_the_code_is_the_same_for_every_spelling():
    assert packaging.provider_code("NORTH TEES AND HARTLEPOOL NHS FOUNDATION TRUST") == NORTH_TEES
    assert packaging.provider_code("North Tees and Hartlepool  NHS Foundation Trust") == NORTH_TEES
    assert packaging.provider_code("Sheffield Health & Social Care NHS Foundation Trust") == (
        packaging.provider_code("Sheffield Health and Social Care NHS Foundation Trust")
    )


def test_finding_providers_needs_every_word():
    assert [p.code for p in waits.find_providers("tees trust")] == [NORTH_TEES, SOUTH_TEES]
    assert [p.name for p in waits.find_providers("health & social")] == [
        "Sheffield Health & Social Care NHS Foundation Trust"
    ]
    assert waits.find_providers("tees nowhere") == []


# Choosing them


@pytest.mark.django_db
def test_choosing_providers_is_saved_and_audited_with_who_and_what(area, plan_manager):
    chosen = services.choose_providers(area=area, codes=[SOUTH_TEES, NORTH_TEES], by=plan_manager)
    assert [p.code for p in chosen] == [NORTH_TEES, SOUTH_TEES]
    rows = AreaProvider.objects.for_area(area).current()
    assert {(r.code, r.chosen_by) for r in rows} == {
        (NORTH_TEES, plan_manager),
        (SOUTH_TEES, plan_manager),
    }
    event = AuditEvent.objects.get(action="providers.chosen")
    assert (event.area, event.actor) == (area, plan_manager)
    assert event.changes["before"] == [] and event.changes["after"] == sorted(
        [NORTH_TEES, SOUTH_TEES]
    )
    assert "North Tees and Hartlepool NHS Foundation Trust" in event.summary


@pytest.mark.django_db
def test_a_provider_taken_off_keeps_its_row_with_who_and_when(area, plan_manager, area_admin):
    services.choose_providers(area=area, codes=[NORTH_TEES, SOUTH_TEES], by=plan_manager)
    services.choose_providers(area=area, codes=[NORTH_TEES], by=area_admin)
    services.choose_providers(area=area, codes=[NORTH_TEES, SOUTH_TEES], by=plan_manager)
    south = AreaProvider.objects.for_area(area).filter(code=SOUTH_TEES).order_by("pk")
    assert [(r.removed_by, r.removed_at is not None) for r in south] == [
        (area_admin, True),
        (None, False),
    ]
    removed = AuditEvent.objects.filter(action="providers.chosen").order_by("pk")[1]
    assert removed.changes["removed"] == "South Tees Hospitals NHS Foundation Trust"
    assert len(services.provider_history(area)) == 3


@pytest.mark.django_db
def test_choosing_the_same_providers_again_writes_nothing(area, plan_manager):
    services.choose_providers(area=area, codes=[NORTH_TEES], by=plan_manager)
    services.choose_providers(area=area, codes=[NORTH_TEES], by=plan_manager)
    assert AuditEvent.objects.filter(action="providers.chosen").count() == 1
    assert AreaProvider.objects.count() == 1


@pytest.mark.django_db
def test_a_forged_code_is_refused_by_name_and_nothing_written(area, plan_manager):
    with pytest.raises(services.PartnersError, match="has the code deadbeef"):
        services.choose_providers(area=area, codes=[NORTH_TEES, "deadbeef"], by=plan_manager)
    assert not AreaProvider.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_one_areas_providers_are_not_anothers(area, other_area, plan_manager):
    services.choose_providers(area=other_area, codes=[DURHAM], by="test")
    services.choose_providers(area=area, codes=[NORTH_TEES], by=plan_manager)
    assert [p.code for p in services.chosen_providers(area)] == [NORTH_TEES]
    assert [p.code for p in services.chosen_providers(other_area)] == [DURHAM]
    with pytest.raises(services.PartnersError, match="not among the providers chosen"):
        services.provider_serving(area, DURHAM)
    assert services.provider_serving(area, NORTH_TEES).code == NORTH_TEES


@pytest.mark.django_db
def test_an_area_with_no_choice_has_no_providers():
    assert services.chosen_providers(LocalAreaFactory(name="Barnet", slug="barnet")) == []
