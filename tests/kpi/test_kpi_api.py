"""The read-only JSON API: scoped to the user's areas, described by OpenAPI, no server errors."""

from decimal import Decimal as D

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from kpi_helpers import record
from schemathesis.checks import not_a_server_error

from wsoa.kpi.models import Comparator

pytestmark = pytest.mark.django_db
BASE = "/api/kpi"


@pytest.fixture
def wsgi_keeps_test_connection():
    """Like Django's test client: the WSGI handler must not close the test's database
    connection (and so its transaction) when each request ends."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def figures(indicator):
    record(indicator, "2018-19", 70)
    record(indicator, "2019-20", 72)
    Comparator.objects.create(
        indicator=indicator,
        kind="england",
        name="England",
        label="2019",
        start="2019-01-01",
        end="2019-12-31",
        value=D("60.4"),
    )
    return indicator


def test_schema_describes_every_endpoint(client_for, board_member):
    schema = client_for(board_member).get(f"{BASE}/openapi.json").json()
    assert schema["info"]["title"] == "wsoa KPI scorecard"
    assert set(schema["paths"]) == {
        f"{BASE}/areas",
        f"{BASE}/areas/{{slug}}/indicators",
        f"{BASE}/areas/{{slug}}/indicators/{{indicator_id}}",
        f"{BASE}/areas/{{slug}}/indicators/{{indicator_id}}/measurements",
        f"{BASE}/areas/{{slug}}/indicators/{{indicator_id}}/comparators",
        f"{BASE}/areas/{{slug}}/benchmarks",
        f"{BASE}/areas/{{slug}}/benchmarks/series",
    }
    assert all(set(ops) == {"get"} for ops in schema["paths"].values())


def test_signed_out_is_401(client, area, figures):
    assert client.get(f"{BASE}/areas/hartlepool/indicators").status_code == 401


def test_areas_are_only_the_users(client_for, board_member, other_area):
    assert client_for(board_member).get(f"{BASE}/areas").json() == [
        {"slug": "hartlepool", "name": "Hartlepool"}
    ]


def test_indicators_measurements_and_comparators(client_for, board_member, figures):
    client = client_for(board_member)
    base = f"{BASE}/areas/hartlepool/indicators"
    listed = client.get(base).json()
    assert [i["name"] for i in listed] == [figures.name]
    assert listed[0]["trajectory"] == [
        {
            "period": "2019-20",
            "period_start": "2019-04-01",
            "period_end": "2020-03-31",
            "target": 80.0,
        }
    ]
    rows = client.get(f"{base}/{figures.pk}/measurements").json()
    assert [(r["period"], r["value"], r["current"]) for r in rows] == [
        ("2018-19", 70.0, True),
        ("2019-20", 72.0, True),
    ]
    compared = client.get(f"{base}/{figures.pk}/comparators").json()
    assert compared[0]["name"] == "England" and compared[0]["value"] == 60.4


@pytest.mark.parametrize("tail", ["", "/measurements", "/comparators"])
def test_another_areas_ids_are_404(client_for, board_member, other_area_user, figures, tail):
    # Stockton's admin asks for Hartlepool's indicator under either slug.
    client = client_for(other_area_user)
    for slug in ("hartlepool", "stockton-on-tees"):
        url = f"{BASE}/areas/{slug}/indicators/{figures.pk}{tail}"
        assert client.get(url).status_code == 404
    assert client.get(f"{BASE}/areas/hartlepool/indicators").status_code == 404


def test_api_link_is_on_the_scorecard(client_for, board_member, area):
    page = client_for(board_member).get(reverse("kpi:scorecard", args=[area.slug]))
    assert f"{BASE}/openapi.json" in page.content.decode()


def test_schemathesis_finds_no_server_errors(
    client_for, board_member, figures, other_indicator, wsgi_keeps_test_connection
):
    """Every operation, with generated slugs and ids (including other areas' ids)."""
    client = client_for(board_member)
    session = client.cookies["sessionid"].value
    schema = schemathesis.openapi.from_wsgi(f"{BASE}/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 7
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
        def run(case):
            case.cookies = {"sessionid": session}  # the schema's session cookie, signed in
            response = case.call()
            case.validate_response(response, checks=[not_a_server_error])
            assert response.status_code in (200, 404, 422)

        run()
        if "/benchmarks" in operation.path:
            continue  # needs the national figures: real answers in test_benchmark_api.py
        # And the real ids, so that every operation also answers 200 with a valid body.
        known = {"slug": "hartlepool", "indicator_id": figures.pk}
        wanted = {k: v for k, v in known.items() if f"{{{k}}}" in operation.path}
        case = operation.Case(path_parameters=wanted, cookies={"sessionid": session})
        response = case.call()
        case.validate_response(response)
        assert response.status_code == 200
