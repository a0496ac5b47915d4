""" "Ratings to review" and "Updates this period" cost the same number of queries however many
updates a plan holds: the review queue shows a page of the waiting updates with the count of all
(one scan for both), and the period page reads items, not updates."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from wsoa.plans.rag import Rag
from wsoa.progress import review_queue, services
from wsoa.progress.models import ProgressUpdate, ReportingPeriod

pytestmark = pytest.mark.django_db


def add_updates(plan, author, count, period=None):
    """`count` waiting updates spread over the plan's items, a minute apart, oldest first."""
    items = list(plan.items.all())
    start = timezone.now() - dt.timedelta(days=400)
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            item=items[n % len(items)],
            author=author,
            period=period,
            created_at=start + dt.timedelta(minutes=n),
            commentary=f"Bulk update {n}",
            proposed_rag=Rag.AMBER,
        )
        for n in range(count)
    )


def queries_for(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_ratings_to_review_cost_does_not_grow_with_waiting_updates(
    client_for, plan_manager, plan, django_assert_max_num_queries
):
    client = client_for(plan_manager)
    url = reverse("progress:reviews", args=[plan.area.slug, plan.pk])
    services.post_update(item=plan.items.get(number="1.1"), author=plan_manager,
                         data=services.UpdateIn("One waiting", Rag.RED))  # fmt: skip
    client.get(url)
    few, _ = queries_for(client, url, django_assert_max_num_queries, 20)
    add_updates(plan, plan_manager, 3 * review_queue.PER_PAGE + 5)
    many, html = queries_for(client, url, django_assert_max_num_queries, few)
    assert many == few
    assert html.count('class="govuk-summary-card"') == review_queue.PER_PAGE
    waiting = 3 * review_queue.PER_PAGE + 6
    assert f"{waiting} proposed ratings waiting, oldest first (page 1 of 4)" in html


def test_ratings_to_review_pages_oldest_first_and_past_the_end_shows_the_last(
    client_for, plan_manager, plan
):
    client = client_for(plan_manager)
    url = reverse("progress:reviews", args=[plan.area.slug, plan.pk])
    add_updates(plan, plan_manager, review_queue.PER_PAGE + 3)
    first = client.get(url).content.decode()
    assert "Bulk update 0<" in first and f"Bulk update {review_queue.PER_PAGE}<" not in first
    second = client.get(url + "?page=2").content.decode()
    cards = re.findall(r"Bulk update (\d+)<", second)
    assert cards == [str(n) for n in range(review_queue.PER_PAGE, review_queue.PER_PAGE + 3)]
    assert "(page 2 of 2)" in second and 'rel="prev"' in second and 'rel="next"' not in second
    assert re.findall(r"Bulk update (\d+)<", client.get(url + "?page=99").content.decode()) == cards
    assert "Bulk update 0<" in client.get(url + "?page=nonsense").content.decode()


def test_a_decided_update_leaves_the_count(client_for, plan_manager, plan):
    add_updates(plan, plan_manager, 3)
    oldest = ProgressUpdate.objects.filter(item__plan=plan).order_by("created_at").first()
    services.decide(update=oldest, by=plan_manager, outcome="confirmed", reason="Agreed")
    page = review_queue.ratings_to_review(plan, None)
    assert page.paginator.count == 2
    assert oldest not in page.object_list


def test_updates_this_period_cost_does_not_grow_with_updates(
    client_for, plan_manager, plan, django_assert_max_num_queries
):
    client = client_for(plan_manager)
    today = timezone.localdate()
    period = ReportingPeriod.objects.create(
        plan=plan, label="This month", start=today.replace(day=1),
        end=today.replace(day=1) + dt.timedelta(days=40),
    )  # fmt: skip
    url = reverse("progress:returns", args=[plan.area.slug, plan.pk])
    client.get(url)
    few, _ = queries_for(client, url, django_assert_max_num_queries, 25)
    for months in range(1, 13):  # a year of earlier periods, each with an update on every item
        start = today.replace(day=1) - dt.timedelta(days=31 * months)
        old = ReportingPeriod.objects.create(
            plan=plan, label=f"Earlier {months}", start=start, end=start + dt.timedelta(days=27)
        )
        add_updates(plan, plan_manager, plan.items.count(), period=old)
    add_updates(plan, plan_manager, 40, period=period)
    many, html = queries_for(client, url, django_assert_max_num_queries, few)
    assert many <= few  # fewer when nothing is missing: no leads to link
    assert "Earlier 12" in html
    expected = re.search(r"This month: (\d+) of (\d+) items updated", html)
    assert expected and expected.group(1) == expected.group(2)
