"""The worklist at scale: both counts in one aggregate, the filter choices cached per area and
dropped when an import changes the cases."""

import datetime as dt

import pytest
import time_machine
from cases_helpers import TODAY, casework_user, load, row
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wsoa.casework.services import choices_key
from wsoa.casework.views import worklist_choices

pytestmark = [pytest.mark.django_db(transaction=True)]  # so an import's on_commit runs

CASES = [
    row("LATE", "2026-06-01", caseworker="Ann Able", team="North"),  # decision due 2026-07-13
    row("NEAR", "2026-10-26", caseworker="Bob Brown", team="South"),  # due 2026-12-07
]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC), tick=False):
        yield


def test_counts_in_one_query_and_choices_cached_until_an_import(client, area):
    load(area, CASES, TODAY)
    client.force_login(casework_user(area, "caseworker", "cw"))
    url = reverse("casework:worklist", args=[area.slug])
    with CaptureQueriesContext(connection) as first:
        page = client.get(url, {"caseworker": "Bob Brown"}).content.decode()
    assert "1 case shown" in page and "<strong>1</strong> open case past" in page
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(second) == len(first) - 2  # the two DISTINCT look-ups came from the cache
    counts = [q["sql"] for q in second if "COUNT(" in q["sql"]]
    assert len(counts) == 1  # the page's count and the late count together
    assert cache.get(choices_key(area)) == {
        "caseworker": ["Ann Able", "Bob Brown"], "team": ["North", "South"]
    }  # fmt: skip
    load(area, [row("NEW", "2026-11-02", caseworker="Cy Cole", team="East")], TODAY)
    assert cache.get(choices_key(area)) is None
    assert "Cy Cole" in worklist_choices(area)["caseworker"]
