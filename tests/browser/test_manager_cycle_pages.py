"""The manager's monthly-cycle pages in a browser: evidence under review, a period changed and
removed, a reminder sent now and a lead linked in place; axe-clean and fitting every width."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from fit import assert_fits
from looking import check_page
from signing_in import PASSWORD, sign_in

from factories import LocalAreaFactory, MembershipFactory, PersonFactory, build_plan
from totp import activate_totp
from wsoa.core.models import Role
from wsoa.plans.models import ItemPerson
from wsoa.progress import services
from wsoa.progress.models import ReportingPeriod

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cycle(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    area = LocalAreaFactory(name="Hartlepool", slug="hartlepool")
    plan = build_plan(area)
    users = get_user_model()
    owner = users.objects.create_user(
        "jo.heaney", password=PASSWORD, first_name="Jo", last_name="Heaney",
        email="jo@example.org",
    )  # fmt: skip
    manager = users.objects.create_user("plan.manager", password=PASSWORD)
    MembershipFactory(user=owner, area=area, role=Role.CONTRIBUTOR)
    MembershipFactory(user=manager, area=area, role=Role.PLAN_MANAGER)
    item = plan.items.get(number="1.1")
    lead = item.people.get(part=ItemPerson.Part.LEAD)
    lead.person = PersonFactory(plan=plan, name="Jo Heaney", user=owner)
    lead.save()
    other = plan.items.get(number="2.2").people.get(part=ItemPerson.Part.LEAD)
    other.person = PersonFactory(plan=plan, name="Sam Patel", organisation="Springfield School")
    other.save()
    start = timezone.localdate().replace(day=1)
    ReportingPeriod.objects.create(
        plan=plan, label="This month", start=start, end=start + dt.timedelta(days=40)
    )
    ReportingPeriod.objects.create(
        plan=plan, label="Q9", start=dt.date(2030, 1, 1), end=dt.date(2030, 3, 31)
    )
    upload = SimpleUploadedFile("panel-minutes.pdf", b"%PDF-1.4 minutes")
    evidence = [
        services.EvidenceIn("Panel minutes", file=upload),
        services.EvidenceIn(
            "https://www.example.org/a/very/long/address/that/goes/on/and/on/to-the-local-offer",
            url="https://www.example.org/a/very/long/address/that/goes/on/and/on/to-the-local-offer",
        ),
    ]
    services.post_update(
        item=item, author=owner,
        data=services.UpdateIn("The panel met twice.", "amber", evidence=evidence),
    )  # fmt: skip
    return plan, owner, activate_totp(manager)


def test_the_manager_reviews_evidence_changes_periods_and_reminds(tab, cycle):
    plan, owner, secret = cycle
    page = tab.page
    base = f"/areas/hartlepool/plans/{plan.pk}"
    sign_in(tab, "plan.manager", secret)

    tab.goto(f"{base}/reviews/")
    assert "Panel minutes" in page.locator("main").inner_text()
    check_page(tab, "h6-reviews")
    assert_fits(page)
    page.get_by_role("link", name=re.compile(r"^Review")).first.click()
    assert "example.org" in page.locator("main").inner_text()
    check_page(tab, "h6-decide")
    assert_fits(page)

    tab.goto(f"{base}/cycle/")
    assert page.get_by_role("link", name="Change This month").count() == 1  # nothing refers to it
    check_page(tab, "h6-cycle")
    page.get_by_role("link", name="Change Q9").click()
    check_page(tab, "h6-period-edit")
    assert_fits(page)
    page.get_by_label("Name").fill("Q10")
    page.get_by_role("button", name="Save the period").click()
    assert "Saved the period Q10" in page.locator("main").inner_text()
    page.get_by_role("link", name="Remove Q10").click()
    check_page(tab, "h6-period-remove")
    page.get_by_role("button", name="Remove the period").click()
    assert "Removed the period Q10" in page.locator("main").inner_text()

    tab.goto(f"{base}/returns/")
    check_page(tab, "h6-returns")
    assert_fits(page)
    page.get_by_role("button", name="Send a reminder now to Jo Heaney").click()
    main = page.locator("main").inner_text()
    assert "Sent 1 reminder for This month to Jo Heaney" in main
    assert "Reminder sent" in main
    page.get_by_label("Account Sam Patel signs in with").select_option(str(owner.pk))
    page.get_by_role("button", name="Link the account of Sam Patel").click()
    assert "Saved the account for Sam Patel" in page.locator("main").inner_text()
    check_page(tab, "h6-returns-after")
