"""The move and remove pages and buttons, as every persona, and what they write."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from factories import ItemPersonFactory, PersonFactory
from page_text import text_of
from personas import MANAGERS, PERSONAS, assert_access, expected_status, persona_name
from wsoa.core.models import AuditEvent
from wsoa.plans.models import Item
from wsoa.progress import arranging
from wsoa.progress.models import Comment, ProgressUpdate
from wsoa.progress.presenters import my_items, period_updates
from wsoa.progress.reminders import collect
from wsoa.progress.services import add_period

pytestmark = pytest.mark.django_db


def order(plan):
    return list(plan.items.order_by("position").values_list("number", flat=True))


def shape(plan):
    return list(plan.items.order_by("position").values_list("number", "depth"))


def item_url(name, item, *extra):
    return reverse(f"progress:{name}", args=[item.plan.area.slug, item.plan_id, item.pk, *extra])


@pytest.fixture
def two(plan):
    return plan.items.get(number="1.2")


PAGES = ["move", "remove"]


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize("name", PAGES)
def test_page_permission_matrix(client_for, persona, request, name, two):
    response = client_for(persona).get(item_url(name, two))
    if assert_access(response, persona_name(request), MANAGERS):
        assert "Hartlepool" in response.content.decode()


STEPS = ["up", "down", "indent", "outdent"]


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize("how", STEPS)
def test_step_permission_matrix(client_for, persona, request, how, plan):
    item = plan.items.get(number="2.2" if how != "down" else "2.1")
    before = shape(plan)
    response = client_for(persona).post(item_url("step", item, how), {"version": item.version})
    role = persona_name(request)
    assert response.status_code == expected_status(role, MANAGERS, ok=302)
    assert (shape(plan) != before) == (role in MANAGERS)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_move_and_remove_post_permission_matrix(client_for, persona, request, plan, two):
    role = persona_name(request)
    client = client_for(persona)
    target = plan.items.get(number="2")
    response = client.post(
        item_url("move", two), {"parent": target.pk, "after": "first", "version": two.version}
    )
    assert response.status_code == expected_status(role, MANAGERS, ok=302)
    response = client.post(item_url("remove", plan.items.get(number="1.1")), {"version": 1})
    assert response.status_code == expected_status(role, MANAGERS, ok=302)
    assert Item.objects.filter(plan=plan, number="1.1").exists() == (role not in MANAGERS)


@pytest.mark.parametrize("name", PAGES)
def test_another_areas_item_is_404(client_for, plan_manager, area, plan, other_plan, name):
    other = other_plan.items.first()
    for plan_id in (plan.pk, other_plan.pk):
        path = reverse(f"progress:{name}", args=[area.slug, plan_id, other.pk])
        assert client_for(plan_manager).get(path).status_code == 404
    path = reverse("progress:step", args=[area.slug, plan.pk, other.pk, "up"])
    assert client_for(plan_manager).post(path, {"version": other.version}).status_code == 404


def test_moving_under_another_plans_item_is_refused(client_for, plan_manager, two, other_plan):
    other = other_plan.items.first()
    before = order(two.plan)
    response = client_for(plan_manager).post(
        item_url("move", two), {"parent": other.pk, "after": "first", "version": two.version}
    )
    assert response.status_code == 200
    assert "Choose an item of this plan from the list" in text_of(response)
    assert order(two.plan) == before


def test_step_button_moves_and_returns_to_the_tree(client_for, plan_manager, plan, two):
    response = client_for(plan_manager).post(item_url("step", two, "up"), {"version": two.version})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/plans/{plan.pk}/#item-{two.pk}")
    assert order(plan)[:3] == ["1", "1.2", "1.1"]


def test_a_stale_step_is_refused_with_the_reason(client_for, plan_manager, plan, two):
    client = client_for(plan_manager)
    client.post(item_url("step", two, "up"), {"version": two.version})
    before = order(plan)
    response = client.post(item_url("step", two, "down"), {"version": two.version}, follow=True)
    assert "changed this item after you opened it" in text_of(response)
    assert order(plan) == before


def test_unknown_step_is_404(client_for, plan_manager, two):
    response = client_for(plan_manager).post(item_url("step", two, "sideways"), {"version": 1})
    assert response.status_code == 404


def test_move_to_page_lists_parents_then_places(client_for, plan_manager, plan, two):
    client = client_for(plan_manager)
    page = text_of(client.get(item_url("move", two)))
    assert "The top level of the plan" in page and "Objective 2" in page
    assert "Action 1.2:" not in page  # not under itself
    target = plan.items.get(number="2")
    page = text_of(client.get(item_url("move", two), {"parent": target.pk}))
    assert "First, before Action 2.1" in page and "After Action 2.2" in page
    response = client.post(
        item_url("move", two),
        {"parent": target.pk, "after": plan.items.get(number="2.1").pk, "version": two.version},
    )
    assert response.status_code == 302
    assert order(plan) == ["1", "1.1", "2", "2.1", "1.2", "2.2"]


def test_move_to_page_needs_a_place(client_for, plan_manager, plan, two):
    response = client_for(plan_manager).post(
        item_url("move", two), {"parent": "top", "version": two.version}
    )
    assert "Choose where the item goes" in text_of(response)


def test_remove_page_says_it_will_delete(client_for, plan_manager, plan, two):
    client = client_for(plan_manager)
    assert "It will be deleted" in text_of(client.get(item_url("remove", two)))
    response = client.post(item_url("remove", two), {"version": two.version})
    assert response.status_code == 302
    assert not Item.objects.filter(pk=two.pk).exists()
    assert AuditEvent.objects.filter(action="item.deleted", object_id=two.pk).exists()


def test_remove_page_withdraws_an_item_with_history(client_for, plan_manager, plan, two):
    Comment.objects.create(item=two, author=plan_manager, text="Is this on track?")
    client = client_for(plan_manager)
    page = text_of(client.get(item_url("remove", two)))
    assert "It will be withdrawn, not deleted, because it has comments" in page
    response = client.post(item_url("remove", two), {"version": two.version, "reason": ""})
    assert "Enter why the item is withdrawn" in text_of(response)
    assert Item.objects.get(pk=two.pk).withdrawn_at is None
    response = client.post(item_url("remove", two), {"version": two.version, "reason": "Merged"})
    assert response.status_code == 302
    two.refresh_from_db()
    assert two.withdrawn_reason == "Merged"
    item_page = text_of(client.get(item_url("item", two)))
    assert "Withdrawn on" in item_page and "Merged" in item_page
    assert "Move up" not in item_page and "Post an update" not in item_page
    tree = client.get(reverse("plans:plan", args=[plan.area.slug, plan.pk]))
    assert "Withdrawn</strong> on" in tree.content.decode()
    assert client.get(item_url("update", two)).status_code == 403
    assert client.get(item_url("move", two)).status_code == 403


def test_managers_see_the_controls_and_readers_do_not(client_for, plan_manager, board_member, two):
    for user, shown in ((plan_manager, True), (board_member, False)):
        client = client_for(user)
        for path in (
            item_url("item", two),
            reverse("plans:plan", args=["hartlepool", two.plan_id]),
        ):
            page = client.get(path).content.decode()
            assert ("Move up" in page) == shown
            assert ("Move to…" in page) == shown


# Withdrawn items are not counted or chased.


@pytest.fixture
def withdrawn(plan, plan_manager, contributor):
    """Action 1.1, led by the contributor, overdue, withdrawn after a comment."""
    person = PersonFactory(plan=plan, user=contributor)
    for item in plan.items.filter(number__in=["1.1", "1.2"]):
        ItemPersonFactory(item=item, text=person.name, person=person)
    plan.items.update(due_end=dt.date(2020, 1, 1))
    item = plan.items.get(number="1.1")
    Comment.objects.create(item=item, author=plan_manager, text="Moved elsewhere?")
    arranging.remove_item(item=item, by=plan_manager, version=item.version, reason="Merged")
    return Item.objects.get(pk=item.pk)


def test_withdrawn_items_are_not_overdue(withdrawn, plan):
    today = timezone.localdate()
    assert not withdrawn.is_overdue(today)
    assert withdrawn not in plan.items.overdue(today)
    assert plan.items.get(number="1.2") in plan.items.overdue(today)


def test_withdrawn_items_leave_my_items(withdrawn, area, contributor):
    rows = my_items(area, contributor, timezone.localdate()).rows
    assert [row.item.number for row in rows] == ["1.2"]


def test_withdrawn_items_are_not_expected_this_period(withdrawn, plan, plan_manager):
    today = timezone.localdate()
    period = add_period(
        plan=plan, by=plan_manager, label="Now", start=today - dt.timedelta(5), end=today
    )
    tally = period_updates(plan, period, [period]).total
    assert [item.number for item, _ in tally.missing] == ["1.2", "2.1", "2.2"]


def test_withdrawn_items_are_not_chased(withdrawn, plan, plan_manager, contributor):
    today = timezone.localdate()
    add_period(plan=plan, by=plan_manager, label="Now", start=today - dt.timedelta(5), end=today)
    dues = collect(today)
    chased = [item.number for due in dues.get(contributor, []) for item, _ in due.items]
    assert chased == ["1.2"]


def test_withdrawn_items_leave_the_pack_and_public_page(withdrawn, plan):
    from wsoa.public.content import draft_content
    from wsoa.public.models import PublicChoice
    from wsoa.reports.content import build_pack
    from wsoa.reports.window import Window

    choice, _ = PublicChoice.objects.get_or_create(plan=plan)
    choice.items.set(plan.items.all())
    public = str(draft_content(plan))
    assert "Action text 1.2" in public and "Action text 1.1" not in public
    window = Window(None, timezone.now(), timezone.localdate(), "the start of the plan")
    pack = str(build_pack(plan, window))
    assert "Action text 1.2" in pack and "Action text 1.1" not in pack


def test_posting_an_update_on_a_withdrawn_item_is_refused(withdrawn, plan_manager):
    from wsoa.progress.services import CycleError, UpdateIn, post_update

    with pytest.raises(CycleError, match="withdrawn"):
        post_update(
            item=withdrawn, author=plan_manager, data=UpdateIn("Done", proposed_rag="green")
        )
    assert not ProgressUpdate.objects.filter(item=withdrawn).exists()
