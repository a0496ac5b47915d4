"""An item says one thing about its rating, and leads are shown as people, on every page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factories import RagLevelFactory
from page_text import text_of, text_of_html
from wsoa.documents.importing import import_plan
from wsoa.plans.models import Item, Plan
from wsoa.plans.rag import Rag
from wsoa.progress import services
from wsoa.progress.models import Outcome
from wsoa.progress.services import UpdateIn

WORCESTERSHIRE = "004_f5d818488e67f6ca.txt"
DURHAM = "002_42220b0dc9254f8f.txt"


@pytest.fixture
def client(client_for, contributor):
    return client_for(contributor)


def plan_url(plan: Plan, **query: str) -> str:
    url = reverse("plans:plan", args=[plan.area.slug, plan.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def item_url(item: Item) -> str:
    return reverse("progress:item", args=[item.plan.area.slug, item.plan_id, item.pk])


def printed_on_track(item: Item) -> Item:
    item.rag, item.status_text = Rag.GREEN, "On track"
    item.save()
    return item


def confirm(item: Item, rag: str, owner, manager) -> None:
    services.assign(item=item, user=owner, by=manager)
    update = services.post_update(
        item=item, author=owner, data=UpdateIn(commentary="Slipped a month", proposed_rag=rag)
    )
    services.decide(update=update, by=manager, outcome=Outcome.CONFIRMED, reason="")


@pytest.mark.django_db
def test_before_confirmation_the_printed_status_is_labelled_and_not_a_tag(client, plan, item):
    printed_on_track(item)
    body = client.get(plan_url(plan)).content.decode()
    assert "govuk-tag--green" not in body
    assert "As printed in the plan: On track" in text_of_html(body)
    page = text_of(client.get(item_url(item)))
    assert "Rating No rating confirmed yet" in page
    assert "As printed in the plan On track" in page


@pytest.mark.django_db
def test_a_mixed_printed_status_is_shown_once_as_printed(client, plan, item):
    item.status_text = "Complete On track Complete"
    item.rag = Rag.GREEN
    item.save()
    text = text_of(client.get(plan_url(plan)))
    assert "As printed in the plan: Complete On track Complete" in text
    assert "Green Complete" not in text


@pytest.mark.django_db
def test_after_confirmation_every_list_shows_the_confirmed_rating_in_the_plans_words(
    client, plan, item, contributor, plan_manager
):
    RagLevelFactory(plan=plan, code=Rag.AMBER, label="Behind plan")
    printed_on_track(item)
    confirm(item, Rag.AMBER, contributor, plan_manager)
    tree = client.get(plan_url(plan)).content.decode()
    tag = '<strong class="govuk-tag govuk-tag--orange">Amber – Behind plan</strong>'
    assert tag in tree
    assert "On track" not in text_of_html(tree).split("RAG key")[-1].split("Action 1.2")[0]
    found = client.get(plan_url(plan, q="1.1")).content.decode()
    assert tag in found and "As printed in the plan" not in text_of_html(found)
    mine = client.get(reverse("progress:my_items", args=[plan.area.slug])).content.decode()
    assert tag in mine
    page = text_of(client.get(item_url(item)))
    assert "Rating Amber – Behind plan" in page
    assert "As printed in the plan On track" in page  # kept as history, labelled so


@pytest.mark.django_db
def test_the_plan_page_reads_whether_ratings_are_confirmed_in_one_query(
    client, plan, contributor, plan_manager
):
    first, *rest = plan.items.filter(depth=1)
    confirm(first, Rag.RED, contributor, plan_manager)
    with CaptureQueriesContext(connection) as one:
        client.get(plan_url(plan))
    for item in rest:
        confirm(item, Rag.RED, contributor, plan_manager)
    with CaptureQueriesContext(connection) as every:
        body = client.get(plan_url(plan)).content.decode()
    assert len(every) == len(one)
    assert body.count("govuk-tag--red") == 1 + len(rest)


@pytest.fixture
def worcestershire(area, seeds) -> Plan:
    return import_plan(path=seeds / WORCESTERSHIRE, area_name=area.name, actor_label="t").plan


@pytest.mark.django_db
def test_lead_filter_offers_each_person_once_and_finds_every_way_they_were_printed(
    client, worcestershire
):
    body = client.get(plan_url(worcestershire)).content.decode()
    select = body.split('name="lead"')[1].split("</select>")[0]
    assert select.count(">Penny Richardson (PeRi)<") == 1
    assert ">Penny Richardson<" not in select and "with GM SEND" not in select
    assert select.count(">Laura Folkers") == 1  # the key names her on two rows
    penny = worcestershire.people.get(name="Penny Richardson", short_code="PeRi")
    found = text_of(client.get(plan_url(worcestershire, lead=f"person:{penny.pk}")))
    leads = worcestershire.items.filter(people__part="lead")
    printed_peri = leads.filter(people__text__startswith="PeRi").distinct().count()
    printed_post = leads.filter(people__text="SEND GM").distinct().count()
    assert printed_peri and printed_post
    count = int(found.split(" items match")[0].split()[-1])
    assert count >= printed_peri + printed_post


@pytest.mark.django_db
def test_initials_in_leads_are_shown_with_names_in_the_tree_and_on_the_item_page(
    client, worcestershire
):
    text = text_of(client.get(plan_url(worcestershire, open="all")))
    assert "Lead: Penny Richardson (PeRi) SEND GM" in text
    item = worcestershire.items.filter(people__text__startswith="PeRi").first()
    assert "Penny Richardson (PeRi)" in text_of(client.get(item_url(item)))


@pytest.mark.django_db
def test_durham_leads_written_as_initials_with_a_slash_name_both_people(client, area, seeds):
    plan = import_plan(path=seeds / DURHAM, area_name=area.name, actor_label="t").plan
    text = text_of(client.get(plan_url(plan, open="all")))
    assert "Gill Findley (GF)/Kim Lawther (KL)" in text
    assert "Michael Brown (MB)/Gail Cobb (GC)" in text
