"""An advice giver finds the request nearest its deadline, submits advice with a file, and the
case's clock moves on; each portal page passes axe-core (screenshots with WSOA_SCREENSHOTS)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from looking import check_page
from signing_in import PASSWORD, sign_in

from factories import LocalAreaFactory
from wsoa.casework import extracts
from wsoa.casework.models import AdviceRequest, Case, CaseworkRole
from wsoa.casework.services import import_cases

EP = "advice_educational_psychology"


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
    user = get_user_model().objects.create_user("ep.advice", password=PASSWORD, first_name="Sam")
    CaseworkRole.objects.create(
        user=user, area=area, role="advice_giver", service="educational_psychology"
    )
    return area


def test_advice_giver_submits_advice_and_the_clock_moves_on(tab, portal, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    page = tab.page
    sign_in(tab, "ep.advice")
    tab.goto("/areas/hartlepool/advice-requests/")
    assert "Advice requests for educational psychology" in page.locator("h1").inner_text()
    assert "Made-up child" not in page.locator("main").inner_text()
    check_page(tab, "portal-requests")
    page.get_by_role("link", name="HP-2026-0141").click()
    check_page(tab, "portal-request")
    page.get_by_role("link", name="Say why the advice will be late").click()
    check_page(tab, "portal-late")
    page.get_by_role("link", name="Cancel and go back to the request").click()
    page.get_by_role("link", name="Submit advice").click()
    check_page(tab, "portal-submit")
    page.get_by_role("button", name="Submit advice").click()
    assert "Choose the file of your advice" in page.locator(".govuk-error-summary").inner_text()
    check_page(tab, "portal-submit-errors")
    advice_file = tmp_path / "ep-advice.pdf"
    advice_file.write_bytes(b"%PDF-1.4 advice")
    page.get_by_label("Your advice").set_input_files(str(advice_file))
    page.get_by_label("Summary: the needs you identified").fill("Speech and language needs.")
    page.get_by_label("Summary: the provision you advise").fill("Weekly therapy in school.")
    page.get_by_role("button", name="Submit advice").click()
    assert "was received" in page.locator("main").inner_text()
    check_page(tab, "portal-request-answered")
    advice = AdviceRequest.objects.get(case__case_ref="HP-2026-0141")
    assert advice.received == timezone.localdate()
    assert Case.objects.get(case_ref="HP-2026-0141").next_step != "advice:educational_psychology"
