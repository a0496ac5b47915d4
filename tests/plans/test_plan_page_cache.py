"""The plan page's cache (plans/caching.py): what every reader shares is built once per plan
version, every kind of change to the plan shows at once, and nothing of one reader reaches
another."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from factories import build_plan
from page_text import text_of
from wsoa.plans import caching
from wsoa.plans.models import Item, Plan
from wsoa.plans.rag import Rag
from wsoa.progress import arranging, authoring, services
from wsoa.progress.models import Outcome, ReportingPeriod

TODAY = dt.date(2026, 6, 15)
CACHED_PAGE_QUERIES = 12  # sign-in, membership, plan (+ levels, RAG words), version, tabs


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def plan(area) -> Plan:
    return build_plan(area, objectives=2, actions=2)


def url(plan: Plan, **query: str) -> str:
    found = reverse("plans:plan", args=[plan.area.slug, plan.pk])
    return f"{found}?{urlencode(query)}" if query else found


def action(plan: Plan, number: str = "1.1") -> Item:
    return Item.objects.get(plan=plan, number=number)


def shown(client: Client, plan: Plan) -> str:
    response = client.get(url(plan, open="all"))
    assert response.status_code == 200
    return text_of(response)


def edit(item: Item, by, **fields) -> Item:
    item.refresh_from_db()
    return authoring.change_item(
        item=item, by=by, version=item.version, fields=authoring.ItemFields(**fields)
    )


# --- cached, and cheap when cached --------------------------------------------------------------


@pytest.mark.django_db
def test_second_reading_is_served_from_the_cache_in_few_queries(
    plan, client_for, board_member, django_assert_max_num_queries
):
    client = client_for(board_member)
    first = client.get(url(plan)).content.decode()
    with django_assert_max_num_queries(CACHED_PAGE_QUERIES):
        second = client.get(url(plan)).content.decode()
    assert _without_tokens(first) == _without_tokens(second)
    assert "Objective text 1" in second and caching.TOKEN_PLACEHOLDER not in second


@pytest.mark.django_db
def test_cached_page_is_the_page_as_built_without_the_cache(
    plan, client_for, plan_manager, settings
):
    client = client_for(plan_manager)
    client.get(url(plan))  # fills the cache
    cached = client.get(url(plan)).content.decode()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    built = client.get(url(plan)).content.decode()
    assert _without_tokens(cached) == _without_tokens(built)


@pytest.mark.django_db
def test_page_is_served_when_the_cache_cannot_be_reached(
    plan, client_for, contributor, monkeypatch
):
    class Unreachable:
        def get(self, *args, **kwargs):
            raise ConnectionError("cache down")

        set = get

    monkeypatch.setattr(caching, "cache", Unreachable())
    response = client_for(contributor).get(url(plan))
    assert response.status_code == 200
    assert "Objective text 1" in text_of(response)


# --- every kind of change shows at once ---------------------------------------------------------


@pytest.mark.django_db
def test_edited_item_text_leads_and_dates_show_at_once(plan, client_for, plan_manager):
    client = client_for(plan_manager)
    assert "Rewritten action" not in shown(client, plan)
    edit(action(plan), plan_manager, text="Rewritten action")
    assert "Rewritten action" in shown(client, plan)
    edit(action(plan), plan_manager, leads=["Jo Bloggs, Head of SEND"])
    assert "Lead: Jo Bloggs, Head of SEND" in shown(client, plan)
    edit(action(plan), plan_manager, due="March 2031")
    assert "Due: March 2031" in _facts(shown(client, plan), "1.1"), _facts(
        shown(client, plan), "1.1"
    )


@pytest.mark.django_db
def test_milestone_past_its_date_marks_the_item_overdue_at_once(plan, client_for, plan_manager):
    client = client_for(plan_manager)
    edit(action(plan, "2.2"), plan_manager, due="March 2031")
    assert _facts(shown(client, plan), "2.2").count("(overdue)") == 0
    milestone = authoring.MilestoneIn(text="Panel set up", due="January 2026")
    edit(action(plan, "2.2"), plan_manager, milestones=[milestone])
    assert "(overdue)" in _facts(shown(client, plan), "2.2")


@pytest.mark.django_db
def test_confirmed_rating_shows_at_once_even_when_the_rating_is_unchanged(
    plan, client_for, plan_manager, contributor
):
    client = client_for(plan_manager)
    item = action(plan)
    Item.objects.filter(pk=item.pk).update(rag=Rag.GREEN, status_text="")
    assert "Rating: Green" not in _facts(shown(client, plan), "1.1")
    update = _update(item, contributor, Rag.GREEN)
    services.decide(update=update, by=plan_manager, outcome=Outcome.CONFIRMED, reason="")
    assert "Rating: Green" in _facts(shown(client, plan), "1.1")


@pytest.mark.django_db
def test_completed_milestone_and_revised_date_show_at_once(
    plan, client_for, plan_manager, contributor
):
    client = client_for(plan_manager)
    edit(action(plan), plan_manager, due="March 2031")
    edit(action(plan), plan_manager, milestones=[authoring.MilestoneIn("Panel", "January 2026")])
    assert "(overdue)" in _facts(shown(client, plan), "1.1")
    item = action(plan)
    milestone = item.milestones.get()
    update = _update(item, contributor, Rag.GREEN, milestone=milestone, milestone_complete=True)
    services.decide(update=update, by=plan_manager, outcome=Outcome.CONFIRMED, reason="")
    assert "(overdue)" not in _facts(shown(client, plan), "1.1")


@pytest.mark.django_db
def test_moved_added_and_removed_items_show_at_once(plan, client_for, plan_manager):
    client = client_for(plan_manager)
    before = shown(client, plan)
    assert before.index("Action 1.1") < before.index("Action 1.2")
    arranging.move_down(item=action(plan), by=plan_manager, version=action(plan).version)
    moved = shown(client, plan)
    assert moved.index("Action text 1.2") < moved.index("Action text 1.1")
    authoring.add_item(plan=plan, by=plan_manager, fields=authoring.ItemFields(text="A new one"))
    assert "A new one" in shown(client, plan)
    item = Item.objects.get(plan=plan, title="A new one")
    arranging.remove_item(item=item, by=plan_manager, version=item.version, reason="Not needed")
    assert "A new one" not in shown(client, plan)


@pytest.mark.django_db
def test_a_new_day_shows_items_that_fell_overdue(plan, client_for, plan_manager):
    client = client_for(plan_manager)
    edit(action(plan), plan_manager, due="June 2026")  # by 30 June 2026
    assert "(overdue)" not in _facts(shown(client, plan), "1.1")
    with time_machine.travel(dt.datetime(2026, 7, 1, 12, tzinfo=dt.UTC), tick=False):
        tomorrow = client_for(plan_manager)  # yesterday's session has ended
        assert "(overdue)" in _facts(shown(tomorrow, plan), "1.1")


@pytest.mark.django_db
def test_dashboard_counts_a_new_update_at_once(plan, client_for, plan_manager, contributor):
    services.add_period(
        plan=plan, by=plan_manager, label="June 2026", start=dt.date(2026, 6, 1),
        end=dt.date(2026, 6, 30),
    )  # fmt: skip
    client = client_for(plan_manager)
    assert "0 ratings awaiting review" in text_of(client.get(url(plan)))
    _update(action(plan), contributor, Rag.AMBER)
    assert "1 ratings awaiting review" in text_of(client.get(url(plan)))


# --- nothing of one reader reaches another ------------------------------------------------------


@pytest.mark.django_db
def test_readers_see_no_manager_controls_from_the_cache(
    plan, client_for, plan_manager, contributor
):
    assert "Move up" in client_for(plan_manager).get(url(plan)).content.decode()
    page = client_for(contributor).get(url(plan)).content.decode()
    assert "Move up" not in page and "/move/" not in page
    assert "Add an objective" not in page


@pytest.mark.django_db
def test_manager_controls_carry_each_managers_own_token(plan, client_for, area_admin, plan_manager):
    client_for(area_admin).get(url(plan))  # the first manager fills the cache
    client = client_for(plan_manager)
    client.handler.enforce_csrf_checks = True  # as a browser's post is checked
    page = client.get(url(plan)).content.decode()
    form = re.search(r'action="([^"]+/move/down/)"[^>]*><input[^>]+value="([^"]+)"', page)
    version = re.search(r'name="version" value="(\d+)"', page)
    assert form and version and caching.TOKEN_PLACEHOLDER not in page
    target, token = form.groups()
    posted = client.post(target, {"csrfmiddlewaretoken": token, "version": version.group(1)})
    assert posted.status_code == 302  # the token was this manager's: not refused with 403


@pytest.mark.django_db
def test_each_plan_and_area_has_its_own_tree(
    plan, other_area, client_for, plan_manager, other_area_user
):
    other = build_plan(other_area, objectives=1, actions=1)
    Item.objects.filter(plan=other).update(title="Elsewhere only")
    assert "Elsewhere only" in text_of(client_for(other_area_user).get(url(other)))
    assert "Elsewhere only" not in text_of(client_for(plan_manager).get(url(plan)))
    assert client_for(other_area_user).get(url(plan)).status_code == 404


@pytest.mark.django_db
def test_filtered_pages_are_built_for_the_request(plan, client_for, plan_manager):
    client = client_for(plan_manager)
    client.get(url(plan))
    found = text_of(client.get(url(plan, q="Action text 2.1")))
    assert "Action text 2.1" in found and "Action text 1.1" not in found.split("matching")[-1]


def _update(item: Item, author, rag: str, **extra) -> services.ProgressUpdate:
    period = ReportingPeriod.objects.filter(plan=item.plan).first()
    data = services.UpdateIn(commentary="Done this month", proposed_rag=rag, period=period, **extra)
    return services.post_update(item=item, author=author, data=data)


def _facts(text: str, number: str) -> str:
    """The text of one item's entry in the tree, up to the next item's label."""
    start = text.index(f"Action {number} ")
    following = re.search(r"\b(Action|Objective) \d", text[start + 1 :])
    return text[start : start + 1 + following.start()] if following else text[start:]


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
