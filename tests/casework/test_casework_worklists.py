"""The worklists a page at a time: order, counts, GOV.UK pagination that keeps the filters, a
bounded number of queries whatever the number of cases, and no personal data decrypted."""

import datetime as dt
import re

import pytest
import time_machine
from cases_helpers import TODAY, casework_user, load, row
from django.db.models import F
from django.urls import reverse

from wsoa.casework import crypto, worklists
from wsoa.casework.demo import load_demo_cases
from wsoa.casework.models import AdviceRequest, AnnualReview, Case
from wsoa.casework.services import refresh_next_due
from wsoa.core.models import LocalArea

pytestmark = [pytest.mark.django_db]
REFS = re.compile(r">((?:W|R|A)\d{2})</a>")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(worklists, "PAGE_SIZE", 5)


def request_on(day: dt.date) -> str:
    """A request whose decision (6 weeks) is the next deadline, due `day`."""
    return (day - dt.timedelta(weeks=6)).isoformat()


def twelve_cases(area):
    # W00…W11: deadlines from 20 days late onwards, W04 and W05 due the same day (order by ref);
    # even numbers Ann Able's, odd Bob Brown's
    rows = [
        row(f"W{n:02d}", request_on(TODAY + dt.timedelta(days=-20 + 3 * n - (n == 5) * 3)),
            caseworker="Ann Able" if n % 2 == 0 else "Bob Brown", team="North",
            name=f"Made-up child W{n:02d}")
        for n in range(12)
    ]  # fmt: skip
    load(area, rows, TODAY)


@pytest.fixture
def cw(area):
    return casework_user(area, "caseworker", "cw")


def page_refs(client, url, **query):
    text = client.get(url, query).content.decode()
    return REFS.findall(text), text


def test_the_worklist_pages_in_deadline_order_with_counts(client_for, cw, area, small_pages):
    twelve_cases(area)
    client, url = client_for(cw), reverse("casework:worklist", args=[area.slug])
    refs, text = page_refs(client, url)
    assert refs == ["W00", "W01", "W02", "W03", "W04"]
    assert "12 cases shown" in text and "Showing 1 to 5 of 12, earliest deadline first" in text
    assert "<strong>7</strong> open cases past a statutory deadline" in text
    assert 'aria-label="Page 1" aria-current="page"' in text and 'href="?page=3"' in text
    assert 'rel="next"' in text and 'rel="prev"' not in text
    refs, text = page_refs(client, url, page="2")
    assert refs == ["W05", "W06", "W07", "W08", "W09"]  # W05 due with W04: by reference
    assert 'href="?page=1" rel="prev"' in text and "Showing 6 to 10 of 12" in text
    assert page_refs(client, url, page="3")[0] == ["W10", "W11"]
    assert page_refs(client, url, page="99")[0] == ["W10", "W11"]  # past the end: the last
    assert page_refs(client, url, page="x")[0] == page_refs(client, url)[0]


def test_filters_and_breaches_page_too_and_the_links_keep_them(client_for, cw, area, small_pages):
    twelve_cases(area)
    client, url = client_for(cw), reverse("casework:worklist", args=[area.slug])
    refs, text = page_refs(client, url, caseworker="Bob Brown")
    assert refs == ["W01", "W03", "W05", "W07", "W09"]
    assert "6 cases shown" in text
    assert 'href="?caseworker=Bob+Brown&amp;page=2" rel="next"' in text
    assert page_refs(client, url, caseworker="Bob Brown", page="2")[0] == ["W11"]
    # breaches and near-breaches within 3 days: the 7 late ones and W07 (due in 1 day)
    refs, text = page_refs(client, url, show="breaches", near="3", page="2")
    assert refs == ["W05", "W06", "W07"] and "8 cases shown" in text
    assert "Made-up child" not in text  # names only on the case page


def test_a_page_does_not_decrypt_any_personal_data(client_for, cw, area, monkeypatch):
    twelve_cases(area)
    client = client_for(cw)

    def refuse(token):
        raise AssertionError("a list decrypted personal data")

    monkeypatch.setattr(crypto, "decrypt", refuse)
    for name in ("worklist", "reviews", "advice"):
        assert client.get(reverse(f"casework:{name}", args=[area.slug])).status_code == 200


def _with_reviews(area, count, prefix="R"):
    """`count` plans made 11 months ago (review due within weeks) and one with a review held."""
    final = TODAY - dt.timedelta(days=330)
    request = (final - dt.timedelta(days=120)).isoformat()
    rows = [
        row(f"{prefix}{n:02d}", request, decision_date=request, decision="agreed",
            draft_date=(final - dt.timedelta(days=20)).isoformat(),
            final_date=(final + dt.timedelta(days=n)).isoformat(), caseworker="Ann Able")
        for n in range(count)
    ]  # fmt: skip
    load(area, rows, TODAY)
    held = Case.objects.get(area=area, case_ref=f"{prefix}00")
    AnnualReview.objects.create(case=held, meeting=TODAY - dt.timedelta(days=20))
    refresh_next_due(Case.objects.filter(pk=held.pk), TODAY)


def test_annual_reviews_due_page_in_order(client_for, cw, area, small_pages):
    _with_reviews(area, 8)
    load(area, [row("W99", request_on(TODAY))], TODAY)  # its next deadline is not a review
    client, url = client_for(cw), reverse("casework:reviews", args=[area.slug])
    refs, text = page_refs(client, url)
    # R00's review was held 20 days ago: its report is late (14 days), due before the others
    assert refs == ["R00", "R01", "R02", "R03", "R04"]
    assert "Annual review report 1" in text and "6 days late" in text
    assert "Showing 1 to 5 of 8, earliest first" in text
    assert page_refs(client, url, page="2")[0] == ["R05", "R06", "R07"]


def _with_overdue_advice(area, count):
    request, asked = (TODAY - dt.timedelta(weeks=w) for w in (10, 8))
    rows = [
        row(f"A{n:02d}", request.isoformat(), decision_date=request.isoformat(), decision="agreed",
            advice_health_requested=(asked - dt.timedelta(days=n)).isoformat(),
            **({"advice_educational_psychology_requested": asked.isoformat()} if n < 2 else {}))
        for n in range(count)
    ]  # fmt: skip
    load(area, rows, TODAY)


def test_advice_overdue_counts_each_service_and_pages(client_for, cw, area, small_pages):
    _with_overdue_advice(area, 7)
    client, url = client_for(cw), reverse("casework:advice", args=[area.slug])
    refs, text = page_refs(client, url)
    # by service (educational psychology first), then the longest overdue first
    assert refs == ["A00", "A01", "A06", "A05", "A04"]
    assert "Educational psychology: 2 overdue" in text and "Health: 7 overdue" in text
    assert "Showing 1 to 5 of 9" in text
    assert page_refs(client, url, page="2")[0] == ["A03", "A02", "A01", "A00"]
    refs, text = page_refs(client, url, service="health")
    assert refs == ["A06", "A05", "A04", "A03", "A02"] and "Educational psychology:" not in text
    assert 'href="?service=health&amp;page=2" rel="next"' in text
    # a service with nothing overdue shows every service
    assert page_refs(client, url, service="social_care")[0] == page_refs(client, url)[0]


def test_advice_requests_keep_their_cases_area_and_another_areas_never_count(
    client_for, cw, area, other_area
):
    _with_overdue_advice(area, 2)
    _with_overdue_advice(other_area, 5)  # the same references, in another area
    areas = {(a.area_id, a.case.area_id) for a in AdviceRequest.objects.select_related("case")}
    assert areas == {(area.pk, area.pk), (other_area.pk, other_area.pk)}
    assert worklists.advice_counts(area, TODAY) == {"educational_psychology": 2, "health": 2}
    assert worklists.advice_counts(other_area, TODAY) == {"educational_psychology": 2, "health": 5}
    refs, text = page_refs(client_for(cw), reverse("casework:advice", args=[area.slug]))
    assert sorted(refs) == ["A00", "A00", "A01", "A01"] and "Health: 2 overdue" in text
    town = LocalArea.objects.create(name="Demo Town", slug="demo-town")
    assert load_demo_cases(town, TODAY, count=20) == 20  # the demo's made-up cases too
    assert not AdviceRequest.objects.exclude(area_id=F("case__area_id")).exists()


@pytest.mark.parametrize("name", ["worklist", "reviews", "advice"])
def test_queries_do_not_grow_with_the_number_of_cases(
    client_for, cw, area, other_area, name, django_assert_max_num_queries
):
    url = reverse(f"casework:{name}", args=[area.slug])
    client = client_for(cw)
    _with_reviews(area, 3)
    _with_overdue_advice(area, 3)
    client.get(url)  # the worklist's filter choices cached
    with django_assert_max_num_queries(8) as few:
        client.get(url)
    _with_reviews(other_area, 2)
    _with_reviews(area, 40, prefix="S")
    late = [request_on(TODAY - dt.timedelta(days=n)) for n in range(120)]
    load(area, [row(f"M{n:03d}", day, advice_health_requested=day)
                for n, day in enumerate(late)], TODAY)  # fmt: skip
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.status_code == 200


def test_page_links_are_first_last_and_either_side_with_ellipses():
    links = [worklists.Page([], n, pages, pages * 50).links for n, pages in
             ((1, 1), (1, 3), (5, 10), (1, 10), (10, 10), (3, 10))]  # fmt: skip
    assert links == [
        [1],
        [1, 2, 3],
        [1, None, 4, 5, 6, None, 10],
        [1, 2, None, 10],
        [1, None, 9, 10],
        [1, 2, 3, 4, None, 10],
    ]


def test_the_demo_cases_fill_the_annual_reviews_list(client_for, cw, area):
    load_demo_cases(area, TODAY)
    cases = Case.objects.for_area(area)
    assert AnnualReview.objects.filter(case__area=area).count() > 50
    assert cases.exclude(transfer_year=None).count() > 10
    assert cases.filter(next_step="phase_transfer").exists()
    assert cases.filter(ceased_date__isnull=False, next_due=None).exists()
    text = client_for(cw).get(reverse("casework:reviews", args=[area.slug])).content.decode()
    assert "Showing 1 to " in text and "days late" in text and "Annual review meeting" in text
