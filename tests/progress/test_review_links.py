""" "Ratings to review" links each card to its item and its decision, at the addresses the URL
names give, though they are reversed once for the page rather than once a card."""

import re

import pytest
from django.urls import reverse

from wsoa.plans.rag import Rag
from wsoa.progress import services
from wsoa.progress.review_queue import link_of

pytestmark = pytest.mark.django_db


def test_each_card_links_to_its_item_and_its_decision(client_for, plan_manager, plan):
    slug = plan.area.slug
    waiting = [
        services.post_update(
            item=item, author=plan_manager, data=services.UpdateIn(f"Update {n}", Rag.AMBER)
        )
        for n, item in enumerate(plan.items.order_by("position")[:3])
    ]
    html = client_for(plan_manager).get(reverse("progress:reviews", args=[slug, plan.pk]))
    text = html.content.decode()
    for update in waiting:
        card = re.search(rf'id="update-{update.pk}"(.*?)</dl>', text, re.S)
        assert card, update.pk
        item = reverse("progress:item", args=[slug, plan.pk, update.item_id])
        decide = reverse("progress:decide", args=[slug, plan.pk, update.pk])
        assert f'href="{item}"' in card.group(1)
        assert f'href="{decide}?next=reviews"' in card.group(1)


@pytest.mark.parametrize("pk", [1, 7, 12345, 2147483646])
def test_a_link_reversed_once_is_the_one_reverse_gives(pk):
    for name in ("progress:item", "progress:decide", "progress:update"):
        assert link_of(name, "area-x", 42)(pk) == reverse(name, args=["area-x", 42, pk])
