"""Finding casework: the site's navigation and "Your areas" lead casework roles to their pages
(caseworkers and managers to the worklist, advice givers to the advice portal), and no one else."""

import re

import pytest
from cases_helpers import casework_user
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from totp import activate_totp
from wsoa.casework.models import CaseworkRole
from wsoa.core.auth import roles_changed

pytestmark = pytest.mark.django_db
NO_ROLE = "You do not have a role in any local area yet"


def nav_links(html: str) -> list[tuple[str, str]]:
    """The (address, words) of the service navigation's links."""
    menu = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', html, re.S)
    assert menu, "no service navigation"
    found = re.findall(r'<a class="govuk-service-navigation__link" href="([^"]+)">([^<]+)</a>',
                       menu.group(0))  # fmt: skip
    return [(href, " ".join(words.split())) for href, words in found]


def main(html: str) -> str:
    found = re.search(r"<main[^>]*>(.*)</main>", html, re.S)
    assert found
    return found.group(1)


def areas_page(client) -> str:
    response = client.get(reverse("plans:areas"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", ["caseworker", "casework_manager"])
def test_caseworkers_find_the_worklist_in_the_navigation_and_on_your_areas(client_for, area, role):
    html = areas_page(client_for(casework_user(area, role, "cw")))
    worklist = reverse("casework:worklist", args=[area.slug])
    assert (worklist, "Casework worklist") in nav_links(html)
    assert reverse("casework:portal", args=[area.slug]) not in html
    body = main(html)
    assert f'href="{worklist}">Casework worklist: Hartlepool</a>' in body
    assert NO_ROLE not in body


def test_an_advice_giver_finds_the_advice_portal_and_not_the_worklist(client_for, area):
    user = casework_user(area, "advice_giver", "ep", service="educational_psychology")
    html = areas_page(client_for(user))
    portal = reverse("casework:portal", args=[area.slug])
    assert (portal, "Advice requests") in nav_links(html)
    assert "/casework/" not in html
    assert f'href="{portal}">Advice requests: Hartlepool</a>' in html
    assert "Your role: Advice giver (educational psychology)" in html


@pytest.mark.parametrize("persona", ["plan_manager", "contributor", "board_member"])
def test_plan_only_users_see_no_casework_or_advice_portal_link(request, client_for, persona):
    html = areas_page(client_for(request.getfixturevalue(persona)))
    assert [words for _, words in nav_links(html)] == ["Your areas", "Two-factor authentication"]
    assert "/casework/" not in html and "/advice-requests/" not in html
    assert "Casework" not in html


def test_a_plan_manager_who_is_also_a_caseworker_sees_both(client_for, area, plan_manager):
    CaseworkRole.objects.create(user=plan_manager, area=area, role="caseworker")
    html = areas_page(client_for(plan_manager))
    assert "Your role: Plan manager" in html
    assert (reverse("casework:worklist", args=[area.slug]), "Casework worklist") in nav_links(html)


def test_roles_in_two_areas_are_told_apart_by_area(client_for, area, other_area):
    user = casework_user(area, "caseworker", "cw")
    CaseworkRole.objects.create(user=user, area=other_area, role="advice_giver", service="health")
    links = nav_links(areas_page(client_for(user)))
    worklist = reverse("casework:worklist", args=[area.slug])
    assert (worklist, "Casework worklist – Hartlepool") in links
    assert (
        reverse("casework:portal", args=[other_area.slug]),
        "Advice requests – Stockton-on-Tees",
    ) in links


def test_the_links_come_from_the_session_without_a_query(client_for, area):
    client = client_for(casework_user(area, "caseworker", "cw"))
    with CaptureQueriesContext(connection) as queries:
        html = areas_page(client)
    assert "Casework worklist" in html
    assert not [q for q in queries.captured_queries if "casework_caseworkrole" in q["sql"]]


def test_a_casework_role_given_later_is_linked_once_roles_change(client_for, area, contributor):
    client = client_for(contributor)
    assert "Casework" not in areas_page(client)
    CaseworkRole.objects.create(user=contributor, area=area, role="caseworker")
    activate_totp(contributor)
    roles_changed(user_id=contributor.pk)
    assert "Casework worklist" in areas_page(client)
