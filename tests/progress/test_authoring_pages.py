"""The pages that build a plan, as every persona: start a plan, add an item, edit every part."""

import html
import re

import pytest
from django.urls import reverse

from factories import FindingFactory, MilestoneFactory, PersonFactory
from page_text import text_of
from personas import MANAGERS, PERSONAS, assert_access, expected_status, persona_name
from wsoa.core.models import AuditEvent
from wsoa.plans.models import Item, Plan

pytestmark = pytest.mark.django_db


def said(response):
    """The page's text as read, with its character references (&#x27;) turned back."""
    return html.unescape(text_of(response))


def pages(area, plan, item):
    base = [area.slug, plan.pk]
    new_item = reverse("progress:item_new", args=base)
    return {
        "start plan": reverse("progress:plan_new", args=[area.slug]),
        "add top-level item": new_item,
        "add child item": f"{new_item}?parent={item.parent_id}",
        "add item after": f"{new_item}?after={item.pk}",
        "edit item": reverse("progress:edit", args=[*base, item.pk]),
    }


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize("name", ["start plan", "add top-level item", "add child item",
                                  "add item after", "edit item"])  # fmt: skip
def test_page_permission_matrix(client_for, persona, request, name, area, plan, item):
    response = client_for(persona).get(pages(area, plan, item)[name])
    if assert_access(response, persona_name(request), MANAGERS):
        assert b"govuk-button" in response.content


def start_data(**extra):
    return {
        "title": "Local area SEND improvement plan", "issuer": "Council and ICB",
        "kind": "other", "period": "April 2025 to March 2027",
        "levels": "Priority area\nAction\nTask", "scale": "default", "numbering": "automatic",
    } | extra  # fmt: skip


def item_data(**extra):
    return {"title": "Publish the local offer", "leads": "SaCa", "due": "end of March 2025"} | extra


def posts(area, plan, item):
    base = [area.slug, plan.pk]
    return {
        "start plan": (
            reverse("progress:plan_new", args=[area.slug]), start_data(),
            lambda: Plan.objects.count(),
        ),
        "add item": (
            reverse("progress:item_new", args=base), item_data(),
            lambda: Item.objects.count(),
        ),
        "edit item": (
            reverse("progress:edit", args=[*base, item.pk]),
            {"version": item.version, "title": "Reworded", "number": "1.1"},
            lambda: AuditEvent.objects.filter(action="item.edited").count(),
        ),
    }  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize("action", ["start plan", "add item", "edit item"])
def test_form_action_permission_matrix(client_for, persona, request, action, area, plan, item):
    role = persona_name(request)
    path, data, count = posts(area, plan, item)[action]
    before = count()
    response = client_for(persona).post(path, data)
    assert response.status_code == expected_status(role, MANAGERS, ok=302), text_of(response)
    assert count() == before + (1 if role in MANAGERS else 0)


def test_other_areas_plan_and_item_ids_are_404(client_for, plan_manager, area, plan, other_plan):
    client = client_for(plan_manager)
    other_item = other_plan.items.first()
    new_item = reverse("progress:item_new", args=[area.slug, plan.pk])
    for path in (
        reverse("progress:item_new", args=[area.slug, other_plan.pk]),
        reverse("progress:edit", args=[area.slug, plan.pk, other_item.pk]),
        f"{new_item}?parent={other_item.pk}",
        f"{new_item}?after={other_item.pk}",
        f"{new_item}?after=nonsense",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(new_item, item_data(parent=other_item.pk)).status_code == 404
    assert not plan.items.filter(title="Publish the local offer").exists()


def test_a_manager_starts_a_plan_and_fills_it_at_three_levels(client_for, plan_manager, area):
    client = client_for(plan_manager)
    start = client.post(reverse("progress:plan_new", args=[area.slug]), start_data())
    plan = Plan.objects.get(title="Local area SEND improvement plan")
    assert start["Location"] == reverse("plans:plan", args=[area.slug, plan.pk])
    plan_page = text_of(client.get(start["Location"]))
    assert "Add a Priority area" in plan_page
    new_item = reverse("progress:item_new", args=[area.slug, plan.pk])
    client.post(new_item, item_data(title="Identify needs early"))
    top = plan.items.get()
    page = client.get(f"{new_item}?parent={top.pk}")
    assert "Add an Action" in text_of(page) and 'name="number"' not in page.content.decode()
    client.post(new_item, item_data(title="Train staff", parent=top.pk))
    action = plan.items.get(depth=1)
    client.post(new_item, item_data(title="Book the sessions", parent=action.pk))
    numbers = list(plan.items.order_by("position").values_list("number", "level"))
    assert numbers == [("1", "Priority area"), ("1.1", "Action"), ("1.1.1", "Task")]
    item_page = text_of(client.get(reverse("progress:item", args=[area.slug, plan.pk, action.pk])))
    assert "Add a Task under this" in item_page and "Add an Action after this" in item_page


def test_a_bad_plan_shows_specific_errors_and_writes_nothing(client_for, plan_manager, area):
    response = client_for(plan_manager).post(
        reverse("progress:plan_new", args=[area.slug]),
        start_data(title="", levels=" \n ", scale="own"),
    )
    text = said(response)
    assert response.status_code == 200 and "There is a problem" in text
    assert "Enter the plan's title" in text and "Enter the name of at least one level" in text
    assert not Plan.objects.exists()


def test_the_plans_own_rating_words_are_kept(client_for, plan_manager, area):
    client_for(plan_manager).post(
        reverse("progress:plan_new", args=[area.slug]),
        start_data(scale="own", rag_red="Stuck", rag_green="Going well"),
    )
    plan = Plan.objects.get()
    assert [(r.code, r.label) for r in plan.rag_levels.all()] == [
        ("red", "Stuck"), ("green", "Going well"),
    ]  # fmt: skip


def full_edit(item, **extra):
    """An edit page's post with every part: leads, dates, milestones, notes, indicators…"""
    rows = {
        "milestones-TOTAL_FORMS": "2", "milestones-INITIAL_FORMS": "0",
        "milestones-0-text": "Draft agreed", "milestones-0-due": "Aug-19",
        "milestones-1-text": "", "milestones-1-due": "",
        "notes-TOTAL_FORMS": "1", "notes-INITIAL_FORMS": "0",
        "notes-0-kind": "success_measure", "notes-0-heading": "Measures of success",
        "notes-0-text": "90% of plans on time",
        "indicators-TOTAL_FORMS": "1", "indicators-INITIAL_FORMS": "0",
        "indicators-0-text": "EHC plans within 20 weeks", "indicators-0-target": "90%",
    }  # fmt: skip
    return {
        "version": item.version, "number": "1.1", "title": "Reworded", "leads": "Lead 1",
        "partners": "Parent carer forum\nSchools", "due": "end of March 2025",
        "status_text": "On track", "links": "2.1", **rows,
    } | extra  # fmt: skip


def test_every_part_of_an_item_is_saved_from_the_edit_page(client_for, plan_manager, plan, item):
    finding = FindingFactory(plan=plan, code="AFI-1")
    person = PersonFactory(plan=plan, name="Nia Williams", short_code="NiWi")
    path = reverse("progress:edit", args=[plan.area.slug, plan.pk, item.pk])
    data = full_edit(item, findings=[finding.pk], add_lead=person.pk)
    data |= {"revised_due_0": "30", "revised_due_1": "6", "revised_due_2": "2025"}
    response = client_for(plan_manager).post(path, data)
    assert response.status_code == 302, text_of(response)
    item.refresh_from_db()
    assert item.title == "Reworded" and item.status_text == "On track"
    assert [p.text for p in item.people.filter(part="lead")] == ["Lead 1", "NiWi"]
    assert [p.text for p in item.people.filter(part="partner")] == ["Parent carer forum", "Schools"]
    assert item.due_end.isoformat() == "2025-03-31" and item.current_due.isoformat() == "2025-06-30"
    assert [(x.text, x.due_text) for x in item.milestones.all()] == [("Draft agreed", "Aug-19")]
    assert [(n.heading, n.text) for n in item.notes.all()] == [
        ("Measures of success", "90% of plans on time")
    ]
    assert [(i.text, i.target_text) for i in item.indicators.all()] == [
        ("EHC plans within 20 weeks", "90%")
    ]
    assert list(item.findings.all()) == [finding]
    assert item.links.get().target == plan.items.get(number="2.1")
    event = AuditEvent.objects.get(action="item.edited")
    assert set(event.changes) >= {
        "text",
        "leads",
        "partners",
        "due",
        "revised_due",
        "status",
        "milestones",
        "notes",
        "indicators",
        "findings",
        "links",
    }


def test_a_new_person_is_added_as_a_lead_with_role_and_organisation(
    client_for, plan_manager, plan, item
):
    path = reverse("progress:edit", args=[plan.area.slug, plan.pk, item.pk])
    data = full_edit(item, new_name="Pat Reid", new_code="PaRe", new_role="SENCO lead",
                     new_organisation="Schools")  # fmt: skip
    assert client_for(plan_manager).post(path, data).status_code == 302
    person = plan.people.get(short_code="PaRe")
    assert (person.role, person.organisation) == ("SENCO lead", "Schools")
    assert item.people.get(text="PaRe").person == person


def test_the_edit_page_shows_what_the_due_date_was_read_as(client_for, plan_manager, plan, item):
    path = reverse("progress:edit", args=[plan.area.slug, plan.pk, item.pk])
    text = text_of(client_for(plan_manager).get(path))
    assert "“End July 2018”: read as in July 2018" in text


def test_a_due_date_read_as_no_date_is_saved_as_written_and_the_page_says_so(
    client_for, plan_manager, plan, item
):
    client = client_for(plan_manager)
    path = reverse("progress:edit", args=[plan.area.slug, plan.pk, item.pk])
    response = client.post(path, full_edit(item, due="when funding allows"), follow=True)
    assert "No date could be read from “when funding allows”: it is kept as written" in text_of(
        response
    )
    item.refresh_from_db()
    assert item.due_end is None and item.due_dates.get().text == "when funding allows"
    again = text_of(client.get(path))
    assert "“when funding allows”: no date could be read" in again


def test_bad_input_gets_a_specific_error_and_changes_nothing(client_for, plan_manager, plan, item):
    FindingFactory(plan=plan)  # so the page offers findings to choose
    path = reverse("progress:edit", args=[plan.area.slug, plan.pk, item.pk])
    client = client_for(plan_manager)
    for data, words in [
        (full_edit(item, title=""), "Enter the item's text"),
        (full_edit(item, links="9.9"), "There is no item numbered 9.9 in this plan"),
        (full_edit(item, **{"milestones-0-text": ""}), "Enter the milestone, or remove its date"),
        (full_edit(item, findings=[999999]), "Select one of the options shown"),
    ]:
        response = client.post(path, data)
        assert response.status_code == 200 and "There is a problem" in text_of(response)
        assert words in said(response)
    assert Item.objects.get(pk=item.pk).title == item.title
    assert not AuditEvent.objects.filter(action="item.edited").exists()


def test_a_milestone_with_ratings_cannot_be_removed(client_for, plan_manager, plan, item):
    milestone = MilestoneFactory(item=item, text="Draft")
    milestone.ratings.create(period_label="Q1", rag="green")
    path = reverse("progress:edit", args=[plan.area.slug, plan.pk, item.pk])
    data = full_edit(item) | {
        "milestones-TOTAL_FORMS": "1", "milestones-INITIAL_FORMS": "1",
        "milestones-0-id": milestone.pk, "milestones-0-text": "Draft", "milestones-0-remove": "on",
    }  # fmt: skip
    response = client_for(plan_manager).post(path, data)
    assert "has updates or ratings, so it stays" in text_of(response)
    assert item.milestones.filter(pk=milestone.pk).exists()


def test_an_account_of_the_area_is_picked_as_a_lead(
    client_for, plan_manager, contributor, plan, item
):
    contributor.first_name, contributor.last_name = "Priya", "Shah"
    contributor.save()
    path = reverse("progress:edit", args=[plan.area.slug, plan.pk, item.pk])
    page = client_for(plan_manager).get(path).content.decode()
    assert "Priya Shah (Contributor)" in _account_choices(page)
    response = client_for(plan_manager).post(path, full_edit(item, add_account=contributor.pk))
    assert response.status_code == 302, text_of(response)
    person = plan.people.get(user=contributor)
    assert person.name == "Priya Shah"
    assert "Priya Shah" in [p.text for p in item.people.filter(part="lead")]
    assert Item.objects.owned_by(contributor).filter(pk=item.pk).exists()
    event = AuditEvent.objects.get(action="person.added")
    assert event.changes["account"] == contributor.get_username()
    # Linked now, so no longer offered.
    again = client_for(plan_manager).get(path).content.decode()
    assert "Priya Shah (Contributor)" not in _account_choices(again)


def _account_choices(page):
    """The options of the form's "one of the area's accounts as a lead" list."""
    select = re.search(r'<select name="add_account".*?</select>', page, re.S)
    assert select, "the page offers no accounts as leads"
    return html.unescape(select.group(0))


def test_another_areas_account_cannot_be_forged_as_a_lead(
    client_for, plan_manager, other_area_user, plan, item
):
    path = reverse("progress:edit", args=[plan.area.slug, plan.pk, item.pk])
    response = client_for(plan_manager).post(path, full_edit(item, add_account=other_area_user.pk))
    assert response.status_code == 200
    assert "Select one of the options shown" in html.unescape(text_of(response))
    assert not plan.people.filter(user=other_area_user).exists()
    item.refresh_from_db()
    assert item.title != "Reworded"
