"""An owner posts an amber update with evidence; the manager confirms it; the item shows it."""

import re

import pytest
from django.contrib.auth import get_user_model
from signing_in import PASSWORD, sign_in

from factories import LocalAreaFactory, MembershipFactory, PersonFactory, build_plan
from totp import activate_totp
from wsoa.core.models import Role
from wsoa.plans.models import ItemPerson
from wsoa.plans.rag import Rag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cycle():
    area = LocalAreaFactory(name="Hartlepool", slug="hartlepool")
    plan = build_plan(area)
    users = get_user_model()
    owner = users.objects.create_user("jo.heaney", password=PASSWORD, first_name="Jo")
    manager = users.objects.create_user("plan.manager", password=PASSWORD)
    MembershipFactory(user=owner, area=area, role=Role.CONTRIBUTOR)
    MembershipFactory(user=manager, area=area, role=Role.PLAN_MANAGER)
    secret = activate_totp(manager)
    item = plan.items.get(number="1.1")
    item.rag = Rag.GREEN
    item.save()
    lead = item.people.get(part=ItemPerson.Part.LEAD)
    lead.person = PersonFactory(plan=plan, name="Jo Heaney", short_code="JH", user=owner)
    lead.save()
    return plan, item, secret


def test_owner_posts_amber_update_and_manager_confirms(tab, cycle, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    plan, item, secret = cycle
    page = tab.page

    sign_in(tab, "jo.heaney")
    tab.goto("/areas/hartlepool/my-items/")
    assert page.get_by_role("heading", level=1).inner_text() == "My items"
    tab.assert_accessible()
    page.get_by_role("link", name="Action 1.1").first.click()
    tab.assert_accessible()
    page.get_by_role("link", name="Post an update").click()
    tab.assert_accessible()
    page.get_by_label("What has happened since the last update?").fill(
        "Draft strategy shared with the parent carer forum; sign-off moved to the next board."
    )
    page.get_by_label(re.compile(r"^\s*Amber")).check()
    page.get_by_label("Evidence title").fill("Forum meeting notes")
    evidence = tmp_path / "forum-notes.pdf"
    evidence.write_bytes(b"%PDF-1.4 notes")
    page.get_by_label("Evidence file").set_input_files(str(evidence))
    page.get_by_role("button", name="Post update").click()
    assert "Your update was posted" in page.locator("main").inner_text()
    assert "Waiting for review" in page.locator("#updates ~ *").first.inner_text()
    tab.assert_accessible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(tab, "plan.manager", secret)
    tab.goto(f"/areas/hartlepool/plans/{plan.pk}/reviews/")
    tab.assert_accessible()
    page.get_by_role("link", name=re.compile(r"^Review")).first.click()
    tab.assert_accessible()
    page.get_by_label("Confirm the proposed rating").check()
    page.get_by_role("button", name="Save decision").click()
    assert "The rating was confirmed" in page.locator("main").inner_text()

    tab.goto(f"/areas/hartlepool/plans/{plan.pk}/items/{item.pk}/")
    main = page.locator("main").inner_text()
    assert re.search(r"Green\s+As printed in the plan when imported", main)
    assert re.search(r"Amber\s+Confirmed from the update of", main)
    assert "Rating: green → amber" in main
    assert "Forum meeting notes" in main
    tab.assert_accessible()
