"""Benchmark figures in the JSON API and as a CSV download: scoped, unrounded, nothing personal."""

import csv
import io

import pytest
from django.urls import reverse

from factories import LocalAreaFactory, MembershipFactory, UserFactory
from wsoa.benchmarks import comparison, loading
from wsoa.core.models import Role
from wsoa.kpi import benchmark_presenters as shown
from wsoa.kpi.models import DfeLink

pytestmark = pytest.mark.django_db
BASE = "/api/kpi"
SUBSET = {"SEN_EHC_All_20wks", "SEN_AppealableDec", "SEN_INIT_REQ", "TotAbs"}
WORCS = 885


@pytest.fixture
def worcs(db):
    loading.load_national(measures=SUBSET)
    area = LocalAreaFactory(name="Worcestershire", slug="worcestershire")
    DfeLink.objects.create(area=area, la_code=str(WORCS), la_name="Worcestershire")
    return area


@pytest.fixture
def reader(worcs):
    user = UserFactory(username="worcs-reader")
    MembershipFactory(area=worcs, role=Role.FORUM_REP, user=user)
    return user


def test_benchmarks_json_is_compare_for_every_measure(client_for, reader, worcs):
    rows = client_for(reader).get(f"{BASE}/areas/worcestershire/benchmarks").json()
    assert {r["measure"] for r in rows} == SUBSET
    found = {r["measure"]: r for r in rows}
    for measure in SUBSET:
        expected = comparison.compare(WORCS, measure).as_json()
        row = found[measure]
        assert row["value"] == expected["value"] and row["period"] == expected["period"]
        assert row["england"] == expected["england"] and row["rank"] == expected["rank"]
        assert row["neighbours_mean"] == expected["neighbours"]["mean"]
        assert row["neighbours"] == expected["neighbours"]["las"]
        assert row["quartile"] == expected["quartile"] and row["of"] == expected["of"]
    timeliness = found["SEN_EHC_All_20wks"]
    assert (timeliness["value"], timeliness["rank"], timeliness["of"]) == (37.2, 102, 153)
    assert timeliness["neighbours_mean"] == 25.84 and timeliness["neighbours_n"] == 10
    assert [t["period"] for t in timeliness["trend"]] == ["2022", "2023", "2024"]
    assert found["SEN_INIT_REQ"]["rank"] is None


def test_benchmarks_json_by_topic(client_for, reader, worcs):
    url = f"{BASE}/areas/worcestershire/benchmarks"
    rows = client_for(reader).get(url, {"topic": "All Pupil Absence & Exclusions"}).json()
    assert [r["measure"] for r in rows] == ["TotAbs"]


def test_series_json(client_for, reader, worcs):
    url = f"{BASE}/areas/worcestershire/benchmarks/series"
    rows = client_for(reader).get(url, {"measure": "SEN_EHC_All_20wks"}).json()
    points = comparison.series(WORCS, "SEN_EHC_All_20wks")
    assert [r["period"] for r in rows] == [p.label for p in points]
    assert rows[-1] == {
        "period": "2024",
        "value": 37.2,
        "reason": "",
        "england": 45.9,
        "region": 41,
        "neighbours_mean": 25.84,
        "rank": 102,
        "of": 153,
    }
    assert client_for(reader).get(url, {"measure": "Nope"}).status_code == 404


def test_schema_describes_the_benchmark_endpoints(client_for, reader):
    schema = client_for(reader).get(f"{BASE}/openapi.json").json()
    assert f"{BASE}/areas/{{slug}}/benchmarks" in schema["paths"]
    assert f"{BASE}/areas/{{slug}}/benchmarks/series" in schema["paths"]


def test_another_area_and_unlinked_areas_are_404(client_for, worcs, other_area_user, area, reader):
    client = client_for(other_area_user)
    for slug in ("worcestershire", "stockton-on-tees"):
        assert client.get(f"{BASE}/areas/{slug}/benchmarks").status_code == 404
        url = f"{BASE}/areas/{slug}/benchmarks/series"
        assert client.get(url, {"measure": "TotAbs"}).status_code == 404
    MembershipFactory(area=area, role=Role.FORUM_REP, user=reader)  # Hartlepool: not linked
    assert client_for(reader).get(f"{BASE}/areas/hartlepool/benchmarks").status_code == 404


def test_signed_out_is_401(client, worcs):
    assert client.get(f"{BASE}/areas/worcestershire/benchmarks").status_code == 401


def _csv(client, **query):
    response = client.get(reverse("kpi:benchmarks_csv", args=["worcestershire"]), query)
    assert response.status_code == 200
    return response


def test_csv_is_utf8_with_bom_unrounded_with_reasons(client_for, reader, worcs):
    response = _csv(client_for(reader))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == shown.CSV_COLUMNS
    found = {r["measure"]: r for r in rows}
    assert set(found) == SUBSET
    timeliness = found["SEN_EHC_All_20wks"]
    assert (timeliness["value"], timeliness["england"]) == ("37.2", "45.9")
    assert timeliness["neighbours mean"] == "25.84"  # as computed, not rounded for display
    assert (timeliness["rank"], timeliness["of"], timeliness["quartile"]) == ("102", "153", "3")
    assert all(r["not available reason"] == "" for r in rows if r["value"])
    assert found["SEN_INIT_REQ"]["rank"] == ""


def test_csv_not_available_row_has_its_reason():
    compared = comparison.Comparison(
        measure="X", la=1, name="A", period="2024", value=None, reason="suppressed (c)",
        polarity="High", decimals=None, unit="%", england=None, region=None, region_name="",
        neighbours_mean=None, neighbours_n=0, neighbours=[], neighbours_chosen=False, rank=None,
        of=0, quartile=None,
    )  # fmt: skip
    text = shown.csv_bytes([shown.row_of(compared)]).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text)))
    assert (row["value"], row["not available reason"]) == ("", "suppressed (c)")


def test_csv_by_topic(client_for, reader, worcs):
    response = _csv(client_for(reader), topic="All Pupil Absence & Exclusions")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["measure"] for r in rows] == ["TotAbs"]
