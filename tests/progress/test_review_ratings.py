""" "Ratings to review" shows each item's current rating as every page does: a confirmed rating as
a tag, before that the status as printed in the plan, in plain text; and it learns which items
are confirmed in one query for the whole page, not one per row."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wsoa.plans.models import Item
from wsoa.plans.rag import Rag
from wsoa.progress import services

pytestmark = pytest.mark.django_db


def post(item, author, rag=Rag.AMBER):
    return services.post_update(
        item=item, author=author, data=services.UpdateIn(f"Update on {item.number}", rag)
    )


def current_rating(html, update):
    card = re.search(rf'id="update-{update.pk}"(.*?)</dl>', html, re.S)
    assert card, update.pk
    found = re.search(r"Current rating</dt>\s*<dd[^>]*>(.*?)</dd>", card.group(1), re.S)
    assert found
    return found.group(1)


def reviews(client_for, manager, plan):
    return client_for(manager).get(reverse("progress:reviews", args=[plan.area.slug, plan.pk]))


def test_an_unconfirmed_item_shows_its_printed_status_not_a_tag(client_for, plan_manager, plan):
    Item.objects.filter(plan=plan, number="1.1").update(rag=Rag.GREEN, status_text="On track")
    waiting = post(plan.items.get(number="1.1"), plan_manager)
    html = reviews(client_for, plan_manager, plan).content.decode()
    cell = current_rating(html, waiting)
    assert "govuk-tag" not in cell
    assert "As printed in the plan: On track" in cell


def test_a_confirmed_rating_shows_as_a_tag(client_for, plan_manager, plan):
    item = plan.items.get(number="1.2")
    services.decide(update=post(item, plan_manager, Rag.RED), by=plan_manager,
                    outcome="confirmed", reason="Behind")  # fmt: skip
    waiting = post(item, plan_manager)
    html = reviews(client_for, plan_manager, plan).content.decode()
    cell = current_rating(html, waiting)
    assert '<strong class="govuk-tag' in cell and "Red" in cell
    assert "As printed" not in cell


def test_confirmations_are_read_in_one_query_for_the_page(client_for, plan_manager, plan):
    client = client_for(plan_manager)
    url = reverse("progress:reviews", args=[plan.area.slug, plan.pk])
    post(plan.items.get(number="1.1"), plan_manager)
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in ("1.2", "2.1", "2.2"):
        post(plan.items.get(number=number), plan_manager)
    with CaptureQueriesContext(connection) as four:
        response = client.get(url)
    assert response.content.decode().count("Current rating") == 4
    audits = [q for q in four.captured_queries if "rag.confirmed" in q["sql"]]
    assert len(audits) == 1
    assert len(four.captured_queries) == len(one.captured_queries)
