"""Ratings, leads and people's names as a contributor meets them, axe-clean at every width."""

import pytest
from django.contrib.auth import get_user_model
from looking import check_page
from signing_in import PASSWORD, sign_in

from wsoa.core.models import Membership, Role
from wsoa.documents.importing import import_plan
from wsoa.progress import services
from wsoa.progress.models import Outcome
from wsoa.progress.services import UpdateIn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _user(area, username: str, first: str, last: str, role: str):
    user = get_user_model().objects.create_user(
        username, password=PASSWORD, first_name=first, last_name=last
    )
    Membership.objects.create(user=user, area=area, role=role)
    return user


@pytest.fixture
def confirmed(seeds):
    plan = import_plan(
        path=seeds / "004_f5d818488e67f6ca.txt", area_name="Worcestershire", actor_label="test"
    ).plan
    owner = _user(plan.area, "owner", "Penny", "Richardson", Role.CONTRIBUTOR)
    manager = _user(plan.area, "manager", "Sam", "Ferguson", Role.PLAN_MANAGER)
    item = plan.items.filter(people__text__startswith="PeRi").order_by("position").first()
    services.assign(item=item, user=owner, by=manager)
    update = services.post_update(
        item=item, author=owner, data=UpdateIn(commentary="Behind", proposed_rag="amber")
    )
    services.decide(update=update, by=manager, outcome=Outcome.CONFIRMED, reason="Agreed")
    return plan, item


def test_plan_item_and_my_items_pages_say_one_thing_and_name_people(tab, confirmed):
    plan, item = confirmed
    sign_in(tab, "owner")
    penny = plan.people.get(short_code="PeRi")
    tab.goto(f"/areas/{plan.area.slug}/plans/{plan.pk}/?lead=person:{penny.pk}")
    main = tab.page.locator("main").inner_text()
    assert "Penny Richardson (PeRi)" in main and "As printed in the plan" in main
    check_page(tab, "words-plan-filtered")
    tab.goto(f"/areas/{plan.area.slug}/plans/{plan.pk}/items/{item.pk}/")
    main = tab.page.locator("main").inner_text()
    assert "Amber" in main and "Confirmed by Sam Ferguson" in main
    check_page(tab, "words-item")
    tab.goto(f"/areas/{plan.area.slug}/my-items/")
    check_page(tab, "words-my-items")
