"""The file store down, as an owner and a reader meet it: the refusal and the page say so plainly.

The store here is the local disk with a file where its folder should be, which fails as an
unreachable S3 store does (`wsoa.core.storage.StoreUnavailable`); tests/storage/ covers S3.
"""

import pytest
from django.contrib.auth import get_user_model
from looking import check_page
from signing_in import PASSWORD, sign_in

from factories import LocalAreaFactory, MembershipFactory, PersonFactory, build_plan
from wsoa.core.models import Role
from wsoa.plans.models import ItemPerson

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def owned(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    area = LocalAreaFactory(name="Hartlepool", slug="hartlepool")
    plan = build_plan(area)
    owner = get_user_model().objects.create_user("jo.heaney", password=PASSWORD, first_name="Jo")
    MembershipFactory(user=owner, area=area, role=Role.CONTRIBUTOR)
    item = plan.items.get(number="1.1")
    lead = item.people.get(part=ItemPerson.Part.LEAD)
    lead.person = PersonFactory(plan=plan, name="Jo Heaney", short_code="JH", user=owner)
    lead.save()
    return plan, item


def _store_goes_down(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "down"
    settings.MEDIA_ROOT.write_text("not a folder")


def _post(tab, plan, item, evidence):
    tab.goto(f"/areas/hartlepool/plans/{plan.pk}/items/{item.pk}/update/")
    page = tab.page
    page.get_by_label("What has happened since the last update?").fill("Minutes attached.")
    page.locator("input[name=proposed_rag]").first.check()
    page.get_by_label("Evidence title").fill("Board minutes")
    page.get_by_label("Evidence file").set_input_files(str(evidence))
    page.get_by_role("button", name="Post update").click()


def test_an_upload_refused_and_a_download_failing_while_the_store_is_down(
    tab, owned, settings, tmp_path
):
    plan, item = owned
    evidence = tmp_path / "minutes.pdf"
    evidence.write_bytes(b"%PDF-1.4 minutes")
    sign_in(tab, "jo.heaney")
    _post(tab, plan, item, evidence)
    assert "Your update was posted" in tab.page.locator("main").inner_text()
    link = tab.page.get_by_role("link", name="Board minutes").first.get_attribute("href")

    _store_goes_down(settings, tmp_path)
    _post(tab, plan, item, evidence)
    summary = tab.page.locator(".govuk-error-summary").inner_text()
    assert "The file could not be stored. Try again later; nothing was saved." in summary
    check_page(tab, "store-down-upload")

    tab.goto(link)
    assert tab.errors == [  # the page's own status, which Chromium logs; nothing else
        "Failed to load resource: the server responded with a status of 503 (Service Unavailable)"
    ]
    tab.errors.clear()
    main = tab.page.locator("main").inner_text()
    assert "The file store is not available" in main and "Try again later" in main
    check_page(tab, "store-down-download")
