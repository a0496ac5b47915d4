"""Every progress page and form action × every role, another area's user and an anonymous one."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from factories import PersonFactory
from page_text import text_of
from personas import MANAGERS, MEMBERS, PERSONAS, assert_access, expected_status, persona_name
from wsoa.core.models import AuditEvent
from wsoa.plans.models import Item, Person
from wsoa.plans.rag import Rag
from wsoa.progress import services
from wsoa.progress.authoring import ItemFields, change_item
from wsoa.progress.models import (
    Assignment,
    Comment,
    Confirmer,
    PlanSettings,
    ProgressUpdate,
    RagDecision,
    ReportingPeriod,
)
from wsoa.progress.presenters import my_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def posted(owned_item, contributor, period):
    return services.post_update(
        item=owned_item,
        author=contributor,
        data=services.UpdateIn("Drafted.", Rag.AMBER, period=period),
    )


def urls(area, plan, item, update):
    base = [area.slug, plan.pk]
    return {
        "item": reverse("progress:item", args=[*base, item.pk]),
        "item_update": reverse("progress:update", args=[*base, item.pk]),
        "item_comment": reverse("progress:comment", args=[*base, item.pk]),
        "item_edit": reverse("progress:edit", args=[*base, item.pk]),
        "update_decide": reverse("progress:decide", args=[*base, update.pk]),
        "plan_reviews": reverse("progress:reviews", args=base),
        "plan_returns": reverse("progress:returns", args=base),
        "plan_cycle": reverse("progress:cycle", args=base),
        "plan_owners": reverse("progress:owners", args=base),
        "my_items": reverse("progress:my_items", args=[area.slug]),
    }


# Who may open each page (GET). The contributor leads the item, so may post updates on it.
READERS = {
    "item": set(MEMBERS),
    "item_update": MANAGERS | {"contributor"},
    "item_comment": set(MEMBERS),
    "item_edit": MANAGERS,
    "update_decide": MANAGERS,
    "plan_reviews": MANAGERS,
    "plan_returns": MANAGERS | {"board_member"},
    "plan_cycle": set(MEMBERS),
    "plan_owners": MANAGERS,
    "my_items": set(MEMBERS),
}


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize("name", sorted(READERS))
def test_page_permission_matrix(client_for, persona, request, name, area, plan, owned_item, posted):
    path = urls(area, plan, owned_item, posted)[name]
    response = client_for(persona).get(path)
    if assert_access(response, persona_name(request), READERS[name]):
        assert "Hartlepool" in response.content.decode()


def form_posts(area, plan, item, update, other_user):
    """Each form action with valid data, and how to count what it writes."""
    base = [area.slug, plan.pk]
    person = Person.objects.filter(plan=plan).first()
    return {
        "post update": (
            reverse("progress:update", args=[*base, item.pk]),
            {"commentary": "Launched.", "proposed_rag": "green"},
            lambda: ProgressUpdate.objects.count(),
        ),
        "comment": (
            reverse("progress:comment", args=[*base, item.pk]),
            {"text": "Which schools took part?"},
            lambda: Comment.objects.count(),
        ),
        "edit item": (
            reverse("progress:edit", args=[*base, item.pk]),
            {"version": item.version, "number": "1.1", "title": "Reworded", "status_text": ""},
            lambda: AuditEvent.objects.filter(action="item.edited").count(),
        ),
        "assign": (
            reverse("progress:assign", args=[*base, item.pk]),
            {"user": other_user.pk},
            lambda: Assignment.objects.count(),
        ),
        "decide": (
            reverse("progress:decide", args=[*base, update.pk]),
            {"outcome": "confirmed", "reason": ""},
            lambda: RagDecision.objects.count(),
        ),
        "add period": (
            reverse("progress:cycle", args=base),
            {
                "action": "add",
                "one-label": "Q9",
                **{f"one-start_{i}": v for i, v in enumerate(["1", "1", "2030"])},
                **{f"one-end_{i}": v for i, v in enumerate(["31", "3", "2030"])},
            },
            lambda: ReportingPeriod.objects.count(),
        ),
        "link owner": (
            reverse("progress:owners", args=base),
            {"which": f"p{person.pk}", f"p{person.pk}-person": person.pk, f"p{person.pk}-user": ""},
            lambda: AuditEvent.objects.filter(action="person.linked").count(),
        ),
    }


POSTERS = {
    "post update": MANAGERS | {"contributor"},
    "comment": set(MEMBERS),
    "edit item": MANAGERS,
    "assign": MANAGERS,
    "decide": MANAGERS,
    "add period": MANAGERS,
    "link owner": MANAGERS,
}


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize("action", sorted(POSTERS))
def test_form_action_permission_matrix(
    client_for, persona, request, action, area, plan, owned_item, posted, board_member
):
    role = persona_name(request)
    path, data, count = form_posts(area, plan, owned_item, posted, board_member)[action]
    before = count()
    response = client_for(persona).post(path, data)
    expected = expected_status(role, POSTERS[action], ok=302)
    assert response.status_code == expected, text_of(response)[:600]
    assert count() == before + (1 if role in POSTERS[action] else 0)


def test_contributor_cannot_update_items_they_do_not_lead(client_for, contributor, plan, area):
    other = plan.items.get(number="2.1")
    path = reverse("progress:update", args=[area.slug, plan.pk, other.pk])
    response = client_for(contributor).post(path, {"commentary": "x", "proposed_rag": "green"})
    assert response.status_code == 403 and not ProgressUpdate.objects.exists()


def test_an_assigned_contributor_can_update(client_for, contributor, plan, area, plan_manager):
    other = plan.items.get(number="2.1")
    services.assign(item=other, user=contributor, by=plan_manager)
    path = reverse("progress:update", args=[area.slug, plan.pk, other.pk])
    response = client_for(contributor).post(path, {"commentary": "Done", "proposed_rag": "blue"})
    assert response.status_code == 302 and ProgressUpdate.objects.get().item == other


def test_board_confirms_when_the_plan_says_so(client_for, board_member, plan, area, posted):
    path = reverse("progress:decide", args=[area.slug, plan.pk, posted.pk])
    assert client_for(board_member).get(path).status_code == 403
    PlanSettings.objects.update_or_create(plan=plan, defaults={"rag_confirmed_by": Confirmer.BOARD})
    response = client_for(board_member).post(path, {"outcome": "confirmed"})
    assert response.status_code == 302 and RagDecision.objects.get().decided_by == board_member


def test_other_areas_ids_under_this_slug_are_404(client_for, plan_manager, area, other_plan):
    other_item = other_plan.items.first()
    for path in [
        reverse("progress:item", args=[area.slug, other_plan.pk, other_item.pk]),
        reverse("progress:update", args=[area.slug, other_plan.pk, other_item.pk]),
        reverse("progress:cycle", args=[area.slug, other_plan.pk]),
    ]:
        assert client_for(plan_manager).get(path).status_code == 404


def test_an_update_of_another_area_cannot_be_decided_through_this_plan(
    client_for, plan_manager, area, plan, other_plan, other_area_user
):
    foreign = services.post_update(
        item=other_plan.items.first(), author=other_area_user, data=services.UpdateIn("x", Rag.RED)
    )
    path = reverse("progress:decide", args=[area.slug, plan.pk, foreign.pk])
    assert client_for(plan_manager).post(path, {"outcome": "confirmed"}).status_code == 404
    assert not RagDecision.objects.exists()


def test_update_form_errors_are_specific_and_write_nothing(client_for, contributor, owned_item):
    plan, area = owned_item.plan, owned_item.plan.area
    path = reverse("progress:update", args=[area.slug, plan.pk, owned_item.pk])
    response = client_for(contributor).post(
        path,
        {
            "commentary": "",
            "proposed_rag": "purple",
            "revised_due_0": "31",
            "revised_due_1": "2",
            "revised_due_2": "2027",
            "evidence_url": "not a link",
        },
    )
    text = text_of(response)
    assert response.status_code == 200 and "There is a problem" in text
    assert "Enter what has happened" in text or "This field is required" in text
    assert "Choose a rating from the list" in text
    assert "Enter a real date, for example 31 3 2027" in text
    assert "Enter a full web address" in text
    assert not ProgressUpdate.objects.exists()


def test_a_forged_evidence_file_type_is_refused(client_for, contributor, owned_item, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    path = reverse(
        "progress:update", args=[owned_item.plan.area.slug, owned_item.plan.pk, owned_item.pk]
    )
    upload = SimpleUploadedFile("run.exe", b"MZ", content_type="application/pdf")
    response = client_for(contributor).post(
        path, {"commentary": "See file", "proposed_rag": "green", "evidence_file": upload}
    )
    assert "must be a PDF, Word" in text_of(response) and not ProgressUpdate.objects.exists()


def test_stale_edit_page_shows_what_changed_and_keeps_the_users_text(
    client_for, area_admin, plan_manager, item
):
    path = reverse("progress:edit", args=[item.plan.area.slug, item.plan.pk, item.pk])
    opened = item.version
    change_item(item=item, version=opened, by=area_admin, fields=ItemFields(text="Admin wording"))
    response = client_for(plan_manager).post(
        path, {"version": opened, "number": "1.1", "title": "Manager wording", "status_text": ""}
    )
    text = text_of(response)
    assert response.status_code == 200
    assert "area_admin-user changed this item after you opened it" in text
    assert "Text: Action text 1.1 → Admin wording" in text
    assert "Manager wording" in response.content.decode()  # their entry is not lost
    item.refresh_from_db()
    assert item.title == "Admin wording"


def test_item_page_shows_flags_timeline_updates_comments_and_history(
    client_for, plan_manager, owned_item, posted
):
    owned_item.due_end = dt.date(2020, 1, 31)
    owned_item.rag = Rag.GREEN
    owned_item.save()
    services.decide(
        update=posted, by=plan_manager, outcome="confirmed", reason="Agreed at the board."
    )
    services.add_comment(item=owned_item, author=plan_manager, text="Please add the forum view.")
    path = reverse(
        "progress:item", args=[owned_item.plan.area.slug, owned_item.plan.pk, owned_item.pk]
    )
    text = text_of(client_for(plan_manager).get(path))
    assert "Overdue: The due date, 31 January 2020, passed" in text
    assert "Green As printed in the plan when imported" in text
    assert "Amber Agreed at the board. plan_manager-user" in text
    assert "Confirmed by plan_manager-user" in text
    assert "Please add the forum view." in text
    assert "Rating: green → amber" in text


def test_my_items_lists_what_the_owner_leads_and_needs_updating(
    client_for, contributor, owned_item, period
):
    text = text_of(client_for(contributor).get(reverse("progress:my_items", args=["hartlepool"])))
    assert "Needs an update this period (1)" in text
    assert "This month: no update yet" in text
    services.post_update(
        item=owned_item, author=contributor, data=services.UpdateIn("Done", "green", period=period)
    )
    text = text_of(client_for(contributor).get(reverse("progress:my_items", args=["hartlepool"])))
    assert "Needs an update this period (0)" in text and "This month: updated" in text


@pytest.mark.parametrize(("days", "soon"), [(30, True), (31, False)])
def test_my_items_counts_due_soon_over_the_dashboard_s_30_days(owned_item, contributor, days, soon):
    today = timezone.localdate()
    Item.objects.filter(pk=owned_item.pk).update(
        due_end=today + dt.timedelta(days=days), current_due=None
    )
    mine = my_items(owned_item.plan.area, contributor, today)
    assert [row.due_soon for row in mine.rows if row.item.pk == owned_item.pk] == [soon]
    assert owned_item.plan.items.due_soon(today).filter(pk=owned_item.pk).exists() is soon


def test_updates_this_period_counts_expected_and_received_by_owner_and_workstream(
    client_for, plan_manager, plan, owned_item, contributor, period
):
    path = reverse("progress:returns", args=[plan.area.slug, plan.pk])
    text = text_of(client_for(plan_manager).get(path))
    assert "This month: 0 of 4 items updated (0%)" in text
    services.post_update(
        item=owned_item, author=contributor, data=services.UpdateIn("Done", "green", period=period)
    )
    text = text_of(client_for(plan_manager).get(path))
    assert "This month: 1 of 4 items updated (25%)" in text
    assert "Jo Heaney 1 1 (100%) None" in text
    assert "No owner with an account 3 0 (0%)" in text
    assert "Objective 1 2 1 (50%)" in text


def test_returns_page_rejects_a_period_of_another_plan(client_for, plan_manager, plan, other_plan):
    foreign = ReportingPeriod.objects.create(
        plan=other_plan, label="X", start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31)
    )
    path = reverse("progress:returns", args=[plan.area.slug, plan.pk]) + f"?period={foreign.pk}"
    assert client_for(plan_manager).get(path).status_code == 404


def test_linking_a_person_makes_their_items_theirs(client_for, plan_manager, contributor, plan):
    person = PersonFactory(plan=plan, name="Sam Lee")
    item = plan.items.get(number="2.2")
    lead = item.people.first()
    lead.person = person
    lead.save()
    path = reverse("progress:owners", args=[plan.area.slug, plan.pk])
    data = {"which": f"p{person.pk}", f"p{person.pk}-person": person.pk}
    client_for(plan_manager).post(path, data | {f"p{person.pk}-user": contributor.pk})
    person.refresh_from_db()
    assert person.user == contributor
    update_path = reverse("progress:update", args=[plan.area.slug, plan.pk, item.pk])
    assert client_for(contributor).get(update_path).status_code == 200


def test_evidence_file_is_served_to_members_only(
    client_for, contributor, owned_item, media, other_area_user, forum_rep
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("minutes.pdf", b"%PDF minutes", content_type="application/pdf")
    update = services.post_update(
        item=owned_item,
        author=contributor,
        data=services.UpdateIn(
            "x", "green", evidence=[services.EvidenceIn("Minutes", file=upload)]
        ),
    )
    evidence = update.evidence.get()
    plan = owned_item.plan
    path = reverse("progress:evidence", args=[plan.area.slug, plan.pk, evidence.pk])
    response = client_for(forum_rep).get(path)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF minutes"
    assert client_for(other_area_user).get(path).status_code == 404


def test_cycle_page_settings_are_saved_and_audited(client_for, plan_manager, plan):
    path = reverse("progress:cycle", args=[plan.area.slug, plan.pk])
    response = client_for(plan_manager).post(
        path,
        {
            "action": "settings",
            "cycle-rag_confirmed_by": "board",
            "cycle-silent_after_days": "30",
            "cycle-remind_days_before": "5",
            "cycle-chase_days_after": "2",
        },
    )
    assert response.status_code == 302
    assert PlanSettings.objects.get(plan=plan).silent_after_days == 30
    event = AuditEvent.objects.get(action="cycle.changed")
    assert event.changes["silent_after_days"] == {"before": 45, "after": 30}


def test_bad_period_dates_show_errors_and_add_nothing(client_for, plan_manager, plan):
    path = reverse("progress:cycle", args=[plan.area.slug, plan.pk])
    response = client_for(plan_manager).post(
        path,
        {
            "action": "add",
            "one-label": "Q1",
            "one-start_0": "31",
            "one-start_1": "2",
            "one-start_2": "2030",
            "one-end_0": "1",
            "one-end_1": "1",
            "one-end_2": "30",
        },
    )
    text = text_of(response)
    assert "Enter a real date" in text and "Year must include 4 numbers" in text
    assert not ReportingPeriod.objects.exists() and not Item.objects.filter(title="").exists()


def test_item_page_queries_do_not_grow_with_updates_comments_or_decisions(
    client_for, plan_manager, owned_item, contributor, period
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(plan_manager)
    path = reverse(
        "progress:item", args=[owned_item.plan.area.slug, owned_item.plan.pk, owned_item.pk]
    )

    def queries_after(n: int) -> int:
        for _ in range(n):
            update = services.post_update(
                item=owned_item,
                author=contributor,
                data=services.UpdateIn(
                    "x",
                    "amber",
                    period=period,
                    evidence=[services.EvidenceIn("L", url="https://a.example")],
                ),
            )
            services.decide(update=update, by=plan_manager, outcome="confirmed", reason="ok")
            services.add_comment(item=owned_item, author=contributor, text="why?")
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    assert queries_after(1) == queries_after(15)


def test_reviews_are_paged_oldest_first(client_for, plan_manager, owned_item, contributor):
    for n in range(55):
        services.post_update(
            item=owned_item, author=contributor, data=services.UpdateIn(f"note {n}", "green")
        )
    path = reverse("progress:reviews", args=[owned_item.plan.area.slug, owned_item.plan.pk])
    text = text_of(client_for(plan_manager).get(path))
    assert "55 proposed ratings waiting, oldest first (page 1 of 3)" in text  # 20 a page
    assert "note 0 " in text and "note 54" not in text
    text = text_of(client_for(plan_manager).get(path + "?page=3"))
    assert "note 54" in text and "note 0 " not in text
