"""The public page shows an item's rating as every page does: a rating confirmed in the monthly
cycle as a tag; before that, plainly, what the plan printed. Its charts' captions name only the
lines drawn. Pages published before it kept the confirmation still render as published."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from factories import ItemFactory
from page_text import text_of
from wsoa.kpi.models import TargetStep
from wsoa.public import presenters, services
from wsoa.public.content import draft_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def printed(chosen, plan_manager, timeliness, updates):
    """Action 1.3, green only as the plan printed it ("On track"), published beside 1.1 and 2.1."""
    objective = chosen.items.get(number="1")
    item = ItemFactory(
        plan=chosen, parent=objective, number="1.3", title="Action text 1.3",
        rag="green", status_text="On track",
    )  # fmt: skip
    items = chosen.items.filter(number__in=["1.1", "2.1", "1.3"]).values_list("pk", flat=True)
    services.choose_public(
        plan=chosen, by=plan_manager, items=items, indicators=[timeliness.pk],
        updates=[updates[0].pk],
    )  # fmt: skip
    return item


def card(content, label):
    cards = [c for f in content["findings"] for c in f["items"]] + content["other_items"]
    found = [c for c in cards if c["label"] == label]
    assert len(found) == 1, label
    return found[0]


def item_html(html, label):
    found = re.search(
        rf"<li class=\"wsoa-public-item\">\s*<p[^>]*><strong>{label}</strong>(.*?)</li>", html, re.S
    )
    assert found, label
    return found.group(1)


def test_an_unconfirmed_item_says_what_the_plan_printed(printed, chosen):
    content = draft_content(chosen)
    plain, rated = card(content, "Action 1.3"), card(content, "Action 1.1")
    assert plain["confirmed"] is False and plain["rag"] == "" and plain["printed"] == "On track"
    assert plain["rag_words"] == "Not yet rated by the board; the plan says: On track"
    assert rated["confirmed"] is True and rated["rag"] == "green"
    counts = {row["name"]: row["count"] for row in content["rag_counts"]}
    assert counts == {"Red": 1, "Green": 1, "Not rated": 1}


def test_the_published_page_shows_no_tag_before_confirmation(client, printed, chosen, plan_manager):
    services.publish_plan(plan=chosen, by=plan_manager)
    response = client.get(reverse("public:plan", args=[chosen.area.slug, chosen.pk]))
    html = response.content.decode()
    plain, rated = item_html(html, "Action 1.3"), item_html(html, "Action 1.1")
    assert "govuk-tag" not in plain
    assert "Not yet rated by the board; the plan says: On track" in plain
    assert '<strong class="govuk-tag' in rated and "Green" in rated
    assert "Not yet rated by the board; the plan says: On track" in text_of(response)


def test_a_page_published_before_confirmations_were_kept_renders_as_published(printed, chosen):
    old = {k: v for k, v in card(draft_content(chosen), "Action 1.1").items() if k != "confirmed"}
    old |= {"rag": "green", "rag_name": "Green", "tag": "govuk-tag--green"}
    html = render_to_string("public/includes/items.html", {"items": [old]})
    assert '<strong class="govuk-tag govuk-tag--green">Green</strong>' in html


def test_chart_caption_names_only_the_lines_drawn(chosen, timeliness, printed):
    TargetStep.objects.filter(indicator=timeliness).delete()
    timeliness.target = None  # no target anywhere, so no target line
    timeliness.save()
    content = presenters.dress(draft_content(chosen))
    (indicator,) = content["indicators"]
    assert "Actual (solid line, round markers)" in indicator["caption"]
    assert "Target" not in indicator["caption"]


def test_chart_caption_names_both_lines_when_both_are_drawn(chosen, timeliness, printed):
    content = presenters.dress(draft_content(chosen))
    (indicator,) = content["indicators"]
    assert "Actual (solid line, round markers)" in indicator["caption"]
    assert "Target (dashed line, square markers)" in indicator["caption"]
