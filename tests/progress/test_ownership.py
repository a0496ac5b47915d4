"""Who owns an item: one rule (`owned_by` / `owners_by_item`) behind every page that asks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factories import ItemPersonFactory, MembershipFactory, PersonFactory, UserFactory, build_plan
from wsoa.core.models import Role
from wsoa.core.people import display_name
from wsoa.plans.models import Item, ItemPerson, owners_by_item
from wsoa.progress import presenters, reminders
from wsoa.progress.models import Assignment
from wsoa.progress.permissions import owns

pytestmark = pytest.mark.django_db


def lead_by(item, user):
    """Link the item's printed lead to a person of its plan with this account (or none)."""
    person = PersonFactory(plan=item.plan, user=user)
    lead = item.people.get(part=ItemPerson.Part.LEAD)
    lead.person = person
    lead.save()


@pytest.fixture
def people(area):
    def member(name, **extra):
        user = UserFactory(username=name, **extra)
        MembershipFactory(area=area, role=Role.CONTRIBUTOR, user=user)
        return user

    return {
        "alice": member("alice", first_name="Alice", last_name="Lead"),
        "bob": member("bob"),
        "carol": member("carol", is_active=False),
        "dan": member("dan"),
    }


@pytest.fixture
def owned(plan, other_plan, people):
    """Each way of owning an item, and each way of not owning one."""
    alice, bob, carol = people["alice"], people["bob"], people["carol"]
    item = {i.number: i for i in Item.objects.filter(plan=plan)}
    lead_by(item["1.1"], alice)  # lead through a linked person
    Assignment.objects.create(item=item["1.2"], user=bob)  # assigned
    lead_by(item["1.2"], carol)  # lead whose account is inactive: still linked, still counts
    lead_by(item["2.1"], alice)  # both lead and assigned, and someone else assigned
    Assignment.objects.create(item=item["2.1"], user=alice)
    Assignment.objects.create(item=item["2.1"], user=bob)
    lead_by(item["2.2"], None)  # the lead is the plan's person, with no account
    partner = PersonFactory(plan=plan, user=alice)  # a partner, not a lead: does not own
    ItemPersonFactory(item=item["2"], part=ItemPerson.Part.PARTNER, person=partner)
    foreign = other_plan.items.get(number="1.1")
    lead_by(foreign, alice)  # another area's item
    expected = {item["1.1"].pk: {alice}, item["1.2"].pk: {bob, carol}, item["2.1"].pk: {alice, bob}}
    return expected, {foreign.pk: {alice}}


def test_the_rule_itself(plan, other_plan, owned):
    here, there = owned
    assert owners_by_item(Item.objects.filter(plan=plan)) == here
    assert owners_by_item(list(Item.objects.filter(plan=other_plan))) == there
    assert owners_by_item([]) == {}


def test_every_use_agrees_with_the_rule(area, plan, other_plan, people, owned):
    here, there = owned
    everything = here | there
    items = list(Item.objects.filter(plan__in=[plan, other_plan]))
    for user in people.values():
        mine = {i.pk for i in items if user in everything.get(i.pk, set())}
        assert {i.pk for i in items if owns(user, i)} == mine, user
        assert {i.pk for i in Item.objects.owned_by(user)} == mine, user
        in_area = {i.pk for i in presenters.owned_items(area, user)}
        assert in_area == {pk for pk in mine if pk in here}, user
        assert {
            row.item.pk for row in presenters.my_items(area, user, timezone.localdate()).rows
        } == (in_area)
    assert reminders.item_owners(plan) == here
    assert reminders.item_owners(other_plan) == there


def test_updates_this_period_counts_each_owner_of_each_item(plan, owned):
    here, _ = owned
    found = presenters.period_updates(plan, None, [])
    by_name = {t.name: {item.pk for item, _ in t.missing} for t in found.by_owner}
    names: dict[str, set[int]] = {}
    for pk, users in here.items():
        for user in users:
            names.setdefault(display_name(user), set()).add(pk)
    led_without_account = {
        i.pk for i in Item.objects.filter(plan=plan, depth=1) if i.pk not in here
    }
    assert by_name == names | {presenters.NO_ACCOUNT: led_without_account}


def test_owners_by_item_takes_the_same_queries_however_many_items(
    area, people, django_assert_max_num_queries
):
    plan = build_plan(area, objectives=10, actions=10)
    items = list(Item.objects.filter(plan=plan, depth=1))
    for n, item in enumerate(items):
        lead_by(item, people["alice"] if n % 2 else None)
        if n % 3 == 0:
            Assignment.objects.create(item=item, user=people["bob"])
            Assignment.objects.create(item=item, user=people["dan"])
    with django_assert_max_num_queries(3):
        found = owners_by_item(Item.objects.filter(plan=plan))
    with django_assert_max_num_queries(3):
        assert owners_by_item(items) == found
    assert len(found) == len([n for n in range(100) if n % 2 or n % 3 == 0])


def test_updates_this_period_queries_do_not_grow_with_owners(area, people):
    def queries(plan):
        for item in Item.objects.filter(plan=plan, depth=1):
            lead_by(item, people["alice"])
            Assignment.objects.create(item=item, user=people["bob"])
        with CaptureQueriesContext(connection) as captured:
            presenters.period_updates(plan, None, [])
        return len(captured)

    assert queries(build_plan(area, objectives=1, actions=1)) == queries(
        build_plan(area, objectives=10, actions=10)
    )
