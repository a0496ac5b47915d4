"""The item page reads only what an item has and builds its cards in Python (issue 16 §3).

- `with_parts` reads the parts an item has, and knows the others are empty without a query;
- `item_facts` counts updates and changes and says whether there is evidence or a comment;
- the update cards and change rows are the same HTML as the templates they replace, kept in
  item_cards_reference/ as they were.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.template import engines
from django.template.defaultfilters import date as date_filter
from django.test.utils import CaptureQueriesContext

from factories import (
    FindingFactory,
    ImpactIndicatorFactory,
    ItemLinkFactory,
    ItemNoteFactory,
    MembershipFactory,
    MilestoneFactory,
    UserFactory,
)
from wsoa.core.audit import record_event
from wsoa.core.models import Membership, Organisation
from wsoa.core.people import names_in_area
from wsoa.plans.models import Item
from wsoa.plans.presenters.item import items_with_parts, with_parts
from wsoa.progress import services
from wsoa.progress.item_progress import item_facts, item_progress, item_updates
from wsoa.progress.models import Comment, Evidence
from wsoa.progress.templatetags.item_cards import _day, _when

REFERENCE = Path(__file__).parent / "item_cards_reference"
PARTS = ("people", "due_dates", "milestones", "notes", "links", "findings", "indicators")


def _rows(item: Item, name: str) -> list[int]:
    return [row.pk for row in getattr(item, name).all()]


def test_with_parts_reads_what_the_item_has_as_items_with_parts_does(plan, item):
    MilestoneFactory(item=item)
    ItemNoteFactory(item=item)
    ItemLinkFactory(item=item, target=plan.items.get(number="1.2"))
    item.findings.add(FindingFactory(plan=plan))
    ImpactIndicatorFactory(plan=plan, item=item)
    expected = items_with_parts(plan).get(pk=item.pk)
    found = with_parts(Item.objects.get(pk=item.pk))
    for name in PARTS:
        assert _rows(found, name) == _rows(expected, name), name
        assert _rows(found, name), name  # every part has a row here


def test_with_parts_knows_empty_parts_without_reading_them(plan):
    bare = plan.items.get(number="1")  # an objective: no lead, date or anything else
    found = with_parts(Item.objects.get(pk=bare.pk))
    with CaptureQueriesContext(connection) as queries:
        empty = [name for name in PARTS if not getattr(found, name).all()]
        assert found.milestones.all().count() == 0 and not found.findings.exists()
    assert empty == list(PARTS)
    assert len(queries) == 0


def test_item_facts_count_updates_and_changes(item, contributor, plan_manager):
    assert item_facts(item) == item_facts(item).__class__(0, 0, False, False)
    data = services.UpdateIn("Panel met", "amber")
    update = services.post_update(item=item, author=contributor, data=data)
    services.post_update(item=item, author=contributor, data=data)
    services.add_comment(item=item, author=plan_manager, text="Why amber?")
    facts = item_facts(item)
    assert (facts.updates, facts.evidence, facts.comments) == (2, False, True)
    assert facts.changes == 3  # two updates and a comment, each audited on the item
    Evidence.objects.create(update=update, title="Minutes", url="https://a.example/m")
    assert item_facts(item).evidence


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC),  # the night the clocks go forward
        dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 10, 25, 0, 59, tzinfo=dt.UTC),  # and back
        dt.datetime(2026, 12, 31, 23, 59, tzinfo=dt.UTC),
        dt.datetime(2027, 1, 5, 9, 5, tzinfo=ZoneInfo("Europe/London")),
    ],
)
def test_card_dates_are_written_as_the_date_filter_writes_them(moment):
    assert _when(moment) == date_filter(_localtime(moment), "j F Y, H:i")
    assert _day(moment) == date_filter(_localtime(moment), "j F Y")


def _localtime(moment: dt.datetime) -> dt.datetime:
    from django.utils.timezone import template_localtime

    return template_localtime(moment)


def _render(source: str, context: dict) -> str:
    return engines["django"].from_string(source).render(context)


def _reference(name: str, context: dict) -> str:
    return _render((REFERENCE / name).read_text(), context)


def _include(name: str, context: dict) -> str:
    return _render(f'{{% include "progress/includes/{name}" %}}', context)


@pytest.fixture
def reviewed(plan, item, contributor, plan_manager, period):
    """Updates of every kind a card shows: evidence by link and by file, a milestone completed,
    a revised date, a correction, a rating confirmed with and without a reason, one returned,
    one waiting; and changes by a member, by someone not a member and with no changes listed."""
    milestone = MilestoneFactory(item=item, text="Panel <set up>")
    post = services.post_update

    def update(words, **extra):
        data = services.UpdateIn(words, "amber", **extra)
        return post(item=item, author=contributor, data=data)

    first = update("First & best\n\nSecond paragraph", period=period, milestone=milestone)
    services.decide(update=first, by=plan_manager, outcome="confirmed", reason="")
    second = update(
        "With a date", milestone=milestone, milestone_complete=True, revised_due=dt.date(2027, 2, 1)
    )
    services.decide(update=second, by=plan_manager, outcome="returned", reason="Say <more>")
    third = update("Corrected", corrects=second)
    services.decide(update=third, by=plan_manager, outcome="confirmed", reason="Fine")
    fourth = update("Waiting")
    Evidence.objects.create(update=fourth, title="Minutes <draft>", url="https://a.example/m?a&b")
    Evidence.objects.create(update=fourth, title="Scan", file="evidence/scan.pdf", file_size=2048)
    outsider = UserFactory(username="gone", first_name="", last_name="")
    record_event(obj=item, by=outsider, action="item.edited", summary="Edited <it>", changes={})
    record_event(
        obj=item,
        by=plan_manager,
        action="item.edited",
        summary="Moved",
        changes={"rag": {"before": "", "after": "red"}, "notes": {"before": ["a"], "after": []}},
    )
    organisation = Organisation.objects.create(
        area=plan.area, name="Borough  Council", kind="council"
    )
    Membership.objects.filter(user=plan_manager).update(organisation=organisation)
    return item


@pytest.mark.parametrize("rights", [(True, True), (False, False), (True, False)])
@pytest.mark.parametrize("level", [None, 2])
def test_update_cards_are_the_html_the_template_gave(reviewed, plan, plan_manager, rights, level):
    membership = Membership.objects.select_related("area").get(user=plan_manager)
    progress = item_progress(reviewed, dt.date.today())
    for updates in (progress.updates, list(item_updates(reviewed)), []):
        context = {
            "updates": updates,
            "membership": membership,
            "plan": plan,
            "page": SimpleNamespace(item=reviewed),
            "can_update": rights[0],
            "can_decide": rights[1],
            **({"level": level} if level else {}),
        }
        expected = _reference("update_cards.html", context)
        assert _include("update_cards.html", context) == expected
        assert ("(Borough Council) on" in expected) == bool(updates)  # the decider, once a page
        assert ("review this rating" in expected) == bool(updates and rights[1])


def test_change_rows_are_the_html_the_template_gave(reviewed, plan, plan_manager):
    membership = Membership.objects.select_related("area").get(user=plan_manager)
    events = item_progress(reviewed, dt.date.today()).history
    context = {"events": events, "membership": membership, "plan": plan}
    html = _include("change_rows.html", context)
    assert html == _reference("change_rows.html", context)
    assert "Borough Council" in html and "Edited &lt;it&gt;" in html and "gone" in html


def test_names_in_area_name_members_with_their_organisation(area):
    organisation = Organisation.objects.create(area=area, name=" Trust  A ", kind="nhs_trust")
    named = MembershipFactory(
        area=area, organisation=organisation, user=UserFactory(first_name="Ann", last_name="Lee")
    )
    nameless = UserFactory(username="u7", first_name="", last_name="")
    bare = MembershipFactory(area=area, user=nameless)
    names = names_in_area(area)
    assert names[named.user_id] == "Ann Lee (Trust A)"
    assert names[bare.user_id] == "u7"


def test_item_page_reads_no_empty_parts(client_for, plan_manager, plan, item):
    from django.urls import reverse

    url = reverse("progress:item", args=[plan.area.slug, plan.pk, item.pk])
    client = client_for(plan_manager)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    read = [q["sql"] for q in queries]
    for absent in ("plans_itemnote", "plans_itemlink", "progress_comment", "progress_evidence"):
        # probed by EXISTS in the one query, never read row by row
        assert not [sql for sql in read if sql.startswith(f'SELECT "{absent}".')], absent
    assert any(sql.startswith('SELECT "plans_itemperson".') for sql in read)  # the lead is read
    assert Comment.objects.count() == 0


def test_comment_fields_are_what_crispy_gave_with_this_readers_tokens(monkeypatch):
    from wsoa.progress.templatetags import item_cards

    monkeypatch.setattr(item_cards, "issue_token", lambda: "once-123:abc")
    expected = item_cards._crispy_comment_form("csrf-456", "once-123:abc")
    tag = "{% load item_cards %}{% comment_fields %}"
    assert _render(tag, {"csrf_token": "csrf-456"}) == expected
    assert 'value="csrf-456"' in expected and 'value="once-123:abc"' in expected
    assert "csrf" not in _render(tag, {})  # no token, no field: as {% csrf_token %}
