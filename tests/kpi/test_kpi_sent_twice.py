"""Scorecard forms sent twice (a double click, a resend, two at once) save once."""

import io

import pytest
from django.urls import reverse

from page_text import text_of
from submitting import FormClient, at_once, token_on
from wsoa.core.idempotency import ALREADY_SAVED, TOKEN_FIELD, issue_token
from wsoa.core.models import AuditEvent
from wsoa.kpi.models import Indicator, Measurement

pytestmark = pytest.mark.django_db


def test_an_actual_sent_twice_is_recorded_once(client_for, contributor, area, indicator):
    client = client_for(contributor)
    url = reverse("kpi:measure", args=[area.slug, indicator.pk])
    data = {
        "period": "Q2 2019-20",
        "value": "72",
        TOKEN_FIELD: token_on(client.get(url).content.decode()),
    }
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Measurement.objects.count() == 1
    assert AuditEvent.objects.filter(action="measurement.added").count() == 1
    assert ALREADY_SAVED in text_of(client.get(second["Location"]))


@pytest.mark.django_db(transaction=True)
def test_an_actual_sent_four_times_at_once_is_recorded_once(
    client_for, contributor, area, indicator
):
    clients = [client_for(contributor) for _ in range(4)]
    url = reverse("kpi:measure", args=[area.slug, indicator.pk])
    data = {"period": "Q2 2019-20", "value": "72", TOKEN_FIELD: issue_token()}
    results = at_once(4, lambda n: clients[n].post(url, data))
    assert [getattr(r, "status_code", r) for r in results] == [302] * 4
    assert Measurement.objects.count() == 1


def test_an_indicator_set_up_twice_is_made_once(client_for, plan_manager, area):
    client = client_for(plan_manager)
    url = reverse("kpi:indicator_new", args=[area.slug])
    data = {
        "name": "Out of county placements", "unit": "count", "polarity": "lower",
        "frequency": "financial_year", "baseline": "200", "reduction": "10",
        "target_label": "2019-20", "green_within": "0", "amber_within": "5",
        TOKEN_FIELD: token_on(client.get(url).content.decode()),
    }  # fmt: skip
    first, second = client.post(url, data), client.post(url, data)
    assert second["Location"] == first["Location"]
    assert Indicator.objects.filter(name="Out of county placements").count() == 1


def _uploaded(client, area, indicator) -> None:
    csv = (
        f"Indicator,Period,Value\n{indicator.name},Q1 2019-20,72\n{indicator.name},Q2 2019-20,81\n"
    )
    data = {"file": io.BytesIO(csv.encode())}
    data["file"].name = "actuals.csv"
    assert client.post(reverse("kpi:import", args=[area.slug]), data).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_an_import_confirmed_twice_at_once_writes_its_actuals_once(
    client_for, plan_manager, area, indicator
):
    client = client_for(plan_manager)
    _uploaded(client, area, indicator)
    url = reverse("kpi:import_map", args=[area.slug])
    form = {"indicator": "0", "period": "1", "value": "2"}
    token = token_on(client.post(url, form).content.decode())
    twin = FormClient()
    twin.cookies = client.cookies  # the same browser session, in a second tab
    results = at_once(
        2, lambda n: (client, twin)[n].post(url, form | {"confirm": "yes", TOKEN_FIELD: token})
    )
    assert [getattr(r, "status_code", r) for r in results] == [302, 302]
    assert Measurement.objects.count() == 2
