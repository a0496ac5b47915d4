"""The partner figures page's NHS providers: choosing them, their waits, tracking them."""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from factories import MembershipFactory, UserFactory
from wsoa.core.models import AuditEvent, Organisation, OrganisationKind, Role
from wsoa.kpi.models import Comparator, Indicator, Measurement
from wsoa.kpi.partner_waits import WaitRow
from wsoa.partners import services, waits
from wsoa.partners.models import AreaProvider

NORTH_TEES = "421f7c97"
NORTH_TEES_NAME = "North Tees and Hartlepool NHS Foundation Trust"
DURHAM = "b9b97a21"
SALT_18 = f"nhs_over18_salt_{NORTH_TEES}"
SALT_NAME = (
    "Children waiting over 18 weeks for speech and language therapy (% of waiting list), "
    f"{NORTH_TEES_NAME}"
)


pytestmark = pytest.mark.django_db


def _choose_url(area, plan):
    return reverse("kpi:partner_providers", args=[area.slug, plan.pk])


def _page_url(area, plan):
    return reverse("kpi:partner_figures", args=[area.slug, plan.pk])


def _track_url(area, plan):
    return reverse("kpi:partner_track", args=[area.slug, plan.pk])


def _text(response) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split()))


def _track(client, area, plan, code=NORTH_TEES, therapy="speech_and_language", kind="provider"):
    data = {"kind": kind, "code": code, "therapy": therapy}
    return client.post(_track_url(area, plan), data, follow=True)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("plan_manager", 200),
        ("area_admin", 200),
        ("contributor", 403),
        ("board_member", 403),
        ("forum_rep", 403),
        ("other_area_user", 404),
        ("anonymous", 302),
    ],
    indirect=["persona"],
)
def test_only_managers_of_the_area_choose_providers(client_for, persona, status, area, plan):
    assert client_for(persona).get(_choose_url(area, plan)).status_code == status


def test_the_list_is_searchable_and_keeps_the_chosen_ones(client_for, plan_manager, area, plan):
    services.choose_providers(area=area, codes=[DURHAM], by=plan_manager)
    client = client_for(plan_manager)
    everything = client.get(_choose_url(area, plan)).content.decode()
    assert len(re.findall(r'name="providers"', everything)) == 146
    html = client.get(_choose_url(area, plan), {"q": "tees"}).content.decode()
    boxes = re.findall(r'<input[^>]*name="providers"[^>]*>', html)
    assert len(boxes) == 3  # Durham (chosen), North Tees, South Tees
    assert "checked" in boxes[0] and f'value="{DURHAM}"' in boxes[0]
    assert "2 providers match “tees”" in html


def test_a_manager_saves_the_providers_and_it_is_audited(client_for, plan_manager, area, plan):
    client = client_for(plan_manager)
    response = client.post(_choose_url(area, plan), {"providers": [NORTH_TEES, DURHAM]})
    assert response.status_code == 302
    assert response["Location"] == _page_url(area, plan) + "#providers"
    rows = AreaProvider.objects.for_area(area).current()
    assert sorted(rows.values_list("code", flat=True)) == sorted([NORTH_TEES, DURHAM])
    event = AuditEvent.objects.get(action="providers.chosen")
    assert event.actor == plan_manager and NORTH_TEES_NAME in event.summary
    page = client.get(_page_url(area, plan)).content.decode()
    assert f"<li>{NORTH_TEES_NAME}</li>" in page
    history = _text(client.get(_choose_url(area, plan)))
    assert "History of this choice" in history and "Still chosen" in history


def test_a_forged_provider_code_is_refused_and_nothing_written(
    client_for, plan_manager, area, plan
):
    data = {"providers": [NORTH_TEES, "deadbeef"]}
    response = client_for(plan_manager).post(_choose_url(area, plan), data)
    assert response.status_code == 200
    text = _text(response)
    assert "There is a problem" in text
    assert "No NHS provider in NHS England's waiting lists has the code “deadbeef”" in text
    assert not AreaProvider.objects.exists() and not AuditEvent.objects.exists()


def test_choosing_for_another_area_is_404(client_for, plan_manager, other_area, other_plan):
    url = _choose_url(other_area, other_plan)
    response = client_for(plan_manager).post(url, {"providers": [NORTH_TEES]})
    assert response.status_code == 404
    assert not AreaProvider.objects.exists()


def test_another_areas_choice_is_not_shown(client_for, plan_manager, area, plan, other_area):
    services.choose_providers(area=other_area, codes=[DURHAM], by="test")
    client = client_for(plan_manager)
    assert "County Durham and Darlington" not in client.get(_page_url(area, plan)).content.decode()
    assert "Still chosen" not in client.get(_choose_url(area, plan)).content.decode()


def test_the_page_shows_the_providers_waits_beside_the_icbs(client_for, plan_manager, area, plan):
    services.choose_providers(area=area, codes=[NORTH_TEES], by=plan_manager)
    html = client_for(plan_manager).get(_page_url(area, plan)).content.decode()
    salt = html[html.index('id="service-speech_and_language"') :]
    salt = salt[: salt.index("</table>")]
    cells = re.findall(r"<tr[^>]*>(.*?)</tr>", salt, re.S)[1:]
    rows = [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in cells]
    # England, October 2023: 67,790 waiting, 22,820 + 4,113 over 18 weeks, 4,113 over 52.
    assert rows[0] == "England October 2023 67,790 39.7 % (26,933) 4,113"
    assert rows[1].startswith("North East and North Cumbria ICB")
    # October 2023: 1,180 waiting, 284 + 44 = 328 over 18 weeks (27.8 %), 44 over 52 weeks.
    assert rows[2].startswith(NORTH_TEES_NAME)
    assert "October 2023 No figure: January, February 1,180 27.8 % (328) 44" in rows[2]
    assert "neither is Hartlepool's alone" in html


def test_a_provider_with_no_figure_says_so(client_for, plan_manager, area, plan):
    (worcs,) = waits.find_providers("Herefordshire and Worcestershire Health")
    services.choose_providers(area=area, codes=[worcs.code], by=plan_manager)
    text = _text(client_for(plan_manager).get(_page_url(area, plan)))
    assert f"{worcs.name} (NHS provider) No figure published for January to October 2023" in text


def test_tracking_a_provider_service_adds_indicators_with_its_figures(
    client_for, plan_manager, area, plan
):
    services.choose_providers(area=area, codes=[NORTH_TEES], by=plan_manager)
    response = _track(client_for(plan_manager), area, plan)
    assert response.redirect_chain[-1][0] == _page_url(area, plan) + "#service-speech_and_language"
    indicator = Indicator.objects.get(area=area, code=SALT_18)
    assert indicator.name == SALT_NAME and indicator.plan == plan
    rows = list(indicator.measurements.order_by("end"))
    assert [r.label for r in rows] == [f"{m} 2023" for m in waits_months()]
    assert (rows[-1].value, rows[-1].numerator, rows[-1].denominator) == (
        Decimal("27.797"),
        328,
        1180,
    )
    assert Comparator.objects.filter(indicator=indicator, kind="england").count() == 10
    over_52 = Indicator.objects.get(area=area, code=f"nhs_over52_salt_{NORTH_TEES}")
    assert over_52.name.endswith(f"speech and language therapy, {NORTH_TEES_NAME}")
    assert over_52.measurements.order_by("end").last().value == 44
    assert AuditEvent.objects.filter(action="partner_figures.loaded", actor=plan_manager).exists()
    text = _text(response)
    assert "Tracked in the plan: 2 indicators added" in text
    assert "no figure for January, February 2023" in text
    assert f'href="{reverse("kpi:indicator", args=[area.slug, indicator.pk])}"' in (
        response.content.decode()
    )


def waits_months():
    return ["March", "April", "May", "June", "July", "August", "September", "October"]


def test_tracking_again_writes_nothing(client_for, plan_manager, area, plan):
    services.choose_providers(area=area, codes=[NORTH_TEES], by=plan_manager)
    client = client_for(plan_manager)
    _track(client, area, plan)
    counts = [m.objects.count() for m in (Indicator, Measurement, Comparator, AuditEvent)]
    _track(client, area, plan)
    assert [m.objects.count() for m in (Indicator, Measurement, Comparator, AuditEvent)] == counts


def test_tracking_an_icb_service_from_its_row(client_for, plan_manager, area, plan):
    response = _track(client_for(plan_manager), area, plan, code="E54000050", kind="icb")
    assert "Tracked in the plan: 2 indicators added" in _text(response)
    assert Indicator.objects.filter(area=area, code="nhs_over18_salt_QHM").exists()


@pytest.mark.parametrize(
    ("code", "kind", "message"),
    [
        ("deadbeef", "provider", "No NHS provider in NHS England's waiting lists has the code"),
        (DURHAM, "provider", "is not among the providers chosen for Hartlepool"),
        ("E54000061", "icb", "South Yorkshire ICB is not among the ICBs serving Hartlepool"),
        ("E54999999", "icb", "No ICB has the code E54999999"),
    ],
)
def test_tracking_a_forged_or_unchosen_place_is_refused(
    client_for, plan_manager, area, plan, code, kind, message
):
    services.choose_providers(area=area, codes=[NORTH_TEES], by=plan_manager)
    response = _track(client_for(plan_manager), area, plan, code=code, kind=kind)
    assert message in _text(response) and "Nothing was tracked" in _text(response)
    assert not Indicator.objects.exists()


def test_tracking_a_service_not_in_the_file_is_refused(client_for, plan_manager, area, plan):
    services.choose_providers(area=area, codes=[NORTH_TEES], by=plan_manager)
    response = _track(client_for(plan_manager), area, plan, therapy="dentistry")
    assert "Nothing was tracked: choose a service from the table." in _text(response)
    assert not Indicator.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("contributor", 403), ("other_area_user", 404), ("anonymous", 302)],
    indirect=["persona"],
)
def test_only_the_areas_managers_track(client_for, persona, status, area, plan, plan_manager):
    services.choose_providers(area=area, codes=[NORTH_TEES], by=plan_manager)
    data = {"kind": "provider", "code": NORTH_TEES, "therapy": "speech_and_language"}
    assert client_for(persona).post(_track_url(area, plan), data).status_code == status
    assert not Indicator.objects.exists()


def test_tracking_on_another_areas_plan_is_404(client_for, plan_manager, area, other_plan):
    services.choose_providers(area=area, codes=[NORTH_TEES], by=plan_manager)
    url = reverse("kpi:partner_track", args=[area.slug, other_plan.pk])
    data = {"kind": "provider", "code": NORTH_TEES, "therapy": "speech_and_language"}
    assert client_for(plan_manager).post(url, data).status_code == 404
    assert not Indicator.objects.exists()


def test_a_member_working_for_the_provider_owns_its_indicators(
    client_for, plan_manager, area, plan
):
    trust = Organisation.objects.create(
        area=area, name=NORTH_TEES_NAME.upper(), kind=OrganisationKind.NHS_TRUST
    )
    lead = UserFactory(username="trust-lead")
    MembershipFactory(area=area, user=lead, role=Role.CONTRIBUTOR, organisation=trust)
    services.choose_providers(area=area, codes=[NORTH_TEES], by=plan_manager)
    _track(client_for(plan_manager), area, plan)
    assert Indicator.objects.get(area=area, code=SALT_18).owner == lead


def test_the_page_queries_are_bounded(
    client_for, plan_manager, area, plan, django_assert_max_num_queries
):
    codes = [p.code for p in list(waits.providers().values())[:12]]
    services.choose_providers(area=area, codes=codes, by=plan_manager)
    client = client_for(plan_manager)
    with django_assert_max_num_queries(25):
        assert client.get(_page_url(area, plan)).status_code == 200


@pytest.mark.parametrize(
    ("missing", "words"),
    [
        (["January", "February"], "January, February"),
        (["January", "March", "April", "May", "October"], "January, March to May, October"),
        (waits_months(), "March to October"),
        (["January", "February", *waits_months()], "every month"),
    ],
)
def test_months_without_a_figure_read_as_spans(missing, words):
    assert WaitRow("X", "provider", "x", None, missing).no_figure == words
