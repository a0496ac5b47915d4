"""The advice portal's journeys (issue 17 §6): an advice giver finds the request nearest its
deadline and submits advice with a file; a caseworker sees that case near breach on the worklist,
the advice giver answers it, and the caseworker's case page shows the advice done and the next
deadline moved on. Every page passes axe-core at 375 and 1280 px (screenshots with
WSOA_SCREENSHOTS); everyone signs in with their authenticator app, as casework roles must."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from looking import check_page
from signing_in import PASSWORD, sign_in

from factories import LocalAreaFactory
from totp import activate_totp
from wsoa.casework import extracts
from wsoa.casework.models import AdviceRequest, Case, CaseworkRole
from wsoa.casework.services import import_cases

EP = "advice_educational_psychology"
REF = "HP-2026-0141"  # its educational psychology advice is due in 4 days: a near breach


def check(tab, name: str) -> None:
    """axe-core finds nothing on the page at 375 px, then at 1280 px (and screenshots)."""
    tab.page.set_viewport_size({"width": 375, "height": 900})
    tab.assert_accessible()
    tab.page.set_viewport_size({"width": 1280, "height": 900})
    check_page(tab, name)


def row(ref: str, request: str, **values: str) -> dict[str, str]:
    return {"case_ref": ref, "request_date": request, **values}


def load(area, rows, today):
    headings = sorted({key for r in rows for key in r})
    lines = [",".join(headings)] + [",".join(r.get(h, "") for h in headings) for r in rows]
    table = extracts.read_table("cases.csv", "\n".join(lines).encode())
    reading = extracts.read_extract(table, extracts.propose_map(table.headers))
    assert not reading.errors, reading.errors
    import_cases(area=area, reading=reading, by="test", today=today)


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def day(days_ago: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat()


@pytest.fixture
def portal():
    area = LocalAreaFactory(name="Hartlepool", slug="hartlepool")
    today = timezone.localdate()
    load(area, [
        row("HP-2026-0141", day(60), decision_date=day(40), decision="agreed",
            advice_educational_psychology_requested=day(38), name="Made-up child One"),
        row("HP-2026-0152", day(50), decision_date=day(30), decision="agreed",
            advice_educational_psychology_requested=day(45), name="Made-up child Two"),
        row("HP-2026-0170", day(20), advice_educational_psychology_requested=day(3)),
        row("HP-2026-0101", day(90), advice_educational_psychology_requested=day(80),
            advice_educational_psychology_received=day(50)),
    ], today)  # fmt: skip
    users = get_user_model().objects
    advice_giver = users.create_user("ep.advice", password=PASSWORD, first_name="Sam")
    CaseworkRole.objects.create(
        user=advice_giver, area=area, role="advice_giver", service="educational_psychology"
    )
    caseworker = users.create_user("hp.caseworker", password=PASSWORD, first_name="Kim")
    CaseworkRole.objects.create(user=caseworker, area=area, role="caseworker")
    # each person's authenticator app secret, by username
    return {"ep.advice": activate_totp(advice_giver), "hp.caseworker": activate_totp(caseworker)}


def test_advice_giver_submits_advice_and_the_clock_moves_on(tab, portal, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    page = tab.page
    sign_in(tab, "ep.advice", portal["ep.advice"])
    tab.goto("/areas/hartlepool/advice-requests/")
    assert "Advice requests for educational psychology" in page.locator("h1").inner_text()
    assert "Made-up child" not in page.locator("main").inner_text()
    check(tab, "portal-requests")
    page.get_by_role("link", name="HP-2026-0141").click()
    check(tab, "portal-request")
    page.get_by_role("link", name="Say why the advice will be late").click()
    check(tab, "portal-late")
    page.get_by_role("link", name="Cancel and go back to the request").click()
    page.get_by_role("link", name="Submit advice").click()
    check(tab, "portal-submit")
    page.get_by_role("button", name="Submit advice").click()
    assert "Choose the file of your advice" in page.locator(".govuk-error-summary").inner_text()
    check(tab, "portal-submit-errors")
    advice_file = tmp_path / "ep-advice.pdf"
    advice_file.write_bytes(b"%PDF-1.4 advice")
    page.get_by_label("Your advice").set_input_files(str(advice_file))
    page.get_by_label("Summary: the needs you identified").fill("Speech and language needs.")
    page.get_by_label("Summary: the provision you advise").fill("Weekly therapy in school.")
    page.get_by_role("button", name="Submit advice").click()
    assert "was received" in page.locator("main").inner_text()
    check(tab, "portal-request-answered")
    advice = AdviceRequest.objects.get(case__case_ref="HP-2026-0141")
    assert advice.received == timezone.localdate()
    assert Case.objects.get(case_ref="HP-2026-0141").next_step != "advice:educational_psychology"


@pytest.fixture
def other_tab(tab, browser, live_server):
    """A second browser, for a second person signed in at the same time."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield type(tab)(context.new_page(), live_server.url)
    context.close()


def test_a_caseworker_sees_a_near_breach_answered_through_the_portal(
    tab, other_tab, portal, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page = tab.page
    sign_in(tab, "hp.caseworker", portal["hp.caseworker"])
    assert page.title() == "Your areas – wsoa"
    check(tab, "casework-your-areas")
    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Casework worklist").click()
    check(tab, "casework-worklist")
    case_row = page.get_by_role("row").filter(has_text=REF)
    assert "Near breach" in case_row.inner_text() and "4 days left" in case_row.inner_text()
    # Near breaches only, within a week: this case (4 days), not the one 22 days from its deadline
    tab.goto("/areas/hartlepool/casework/?show=breaches&near=7")
    table = page.locator("main table").inner_text()
    assert REF in table and "HP-2026-0170" not in table
    check(tab, "casework-worklist-near")
    page.get_by_role("link", name=REF).click()
    next_deadline = page.locator("#next-deadline")
    assert "Educational psychology advice" in next_deadline.inner_text()
    assert "4 days left" in next_deadline.inner_text()
    check(tab, "casework-case-waiting")

    advice_giver = other_tab.page
    sign_in(other_tab, "ep.advice", portal["ep.advice"])
    check(other_tab, "portal-your-areas")
    advice_giver.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Advice requests"
    ).click()
    advice_giver.get_by_role("link", name=REF).click()
    advice_giver.get_by_role("link", name="Submit advice").click()
    advice_file = tmp_path / "ep-advice.pdf"
    advice_file.write_bytes(b"%PDF-1.4 advice")
    advice_giver.get_by_label("Your advice").set_input_files(str(advice_file))
    advice_giver.get_by_label("Summary: the needs you identified").fill("Speech and language.")
    advice_giver.get_by_label("Summary: the provision you advise").fill("Weekly therapy.")
    advice_giver.get_by_role("button", name="Submit advice").click()
    assert "was received" in advice_giver.locator("main").inner_text()

    page.reload()
    next_deadline = page.locator("#next-deadline").inner_text()
    assert "Educational psychology advice" not in next_deadline
    # the next deadline is now the decision not to issue: request (60 days ago) + 16 weeks
    assert "Decide not to issue a plan" in next_deadline and "52 days left" in next_deadline
    steps = page.get_by_role("region", name="Statutory steps, table")
    step = steps.get_by_role("row").filter(has_text="Educational psychology advice")
    assert re.search(r"\bDone\b", step.inner_text())
    sent = page.locator("main").inner_text()
    assert "Needs: Speech and language." in sent and "Provision: Weekly therapy." in sent
    check(tab, "casework-case-answered")
