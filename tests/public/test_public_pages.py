"""Public pages (no sign-in) and the staff pages behind them, as every persona."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from public_texts import PUBLIC_COMMENTARY, SECRET_COMMENTARY

from page_text import text_of
from personas import MANAGERS, MEMBERS, PERSONAS, assert_access, expected_status, persona_name
from security_headers import assert_strict_csp
from wsoa.public import services
from wsoa.public.models import PublishedSnapshot, YouSaid

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(chosen, plan_manager):
    services.publish_plan(plan=chosen, by=plan_manager)
    return chosen


def public_url(plan) -> str:
    return reverse("public:plan", args=[plan.area.slug, plan.pk])


def test_nothing_is_public_before_publishing(client, chosen):
    assert client.get(public_url(chosen)).status_code == 404
    assert client.get(reverse("public:area", args=[chosen.area.slug])).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_published_page_needs_no_sign_in(client_for, persona, published):
    response = client_for(persona).get(public_url(published))
    assert response.status_code == 200
    assert_strict_csp(response)


def test_public_page_shows_only_what_was_published(client, published, contributor):
    response = client.get(public_url(published))
    page = text_of(response)
    assert "Families wait too long to hear if their child gets an EHC plan." in page
    assert "We hired more educational psychologists." in page
    assert "We will check waiting times every month." in page
    assert "Action 1.1" in page and "Action 2.1" in page
    assert "Action 1.2" not in page and "Action 2.2" not in page
    assert PUBLIC_COMMENTARY in page
    assert SECRET_COMMENTARY not in page
    assert "Tribunal appeals lodged" not in page
    assert "Lead 1" not in page and contributor.username not in page
    assert re.search(r"Red\s+1", page) and re.search(r"Green\s+1", page)
    assert re.search(r"Published \d{1,2} \w+ \d{4} \(version 1\)", page)


def test_public_page_has_chart_and_table_and_one_h1(client, published):
    html = client.get(public_url(published)).content.decode()
    assert html.count("<h1") == 1
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert 'aria-labelledby="chart-1-title chart-1-desc"' in html
    assert "figures by period" in html and "57%" in html and "60%" in html
    assert "style=" not in html and "<script>" not in html


def test_other_areas_unpublished_plan_is_404_like_a_missing_one(client, published, other_plan):
    slug = published.area.slug
    foreign = client.get(reverse("public:plan", args=[slug, other_plan.pk]))
    own_area = client.get(reverse("public:plan", args=[other_plan.area.slug, other_plan.pk]))
    missing = client.get(reverse("public:plan", args=[slug, 999999]))
    assert foreign.status_code == own_area.status_code == missing.status_code == 404
    assert foreign.content == missing.content


def test_published_plan_is_404_under_another_areas_slug(client, published, other_area):
    response = client.get(reverse("public:plan", args=[other_area.slug, published.pk]))
    assert response.status_code == 404


def test_earlier_versions_stay_as_published(client, published, plan_manager):
    published.items.filter(number="2.1").update(title="Changed after publishing")
    services.publish_plan(plan=published, by=plan_manager)
    latest = text_of(client.get(public_url(published)))
    first = client.get(reverse("public:version", args=[published.area.slug, published.pk, 1]))
    assert "Changed after publishing" in latest and "Version 1, published" in latest
    assert "Action text 2.1" in text_of(first)
    assert "This is an earlier version" in text_of(first)
    gone = reverse("public:version", args=[published.area.slug, published.pk, 9])
    assert client.get(gone).status_code == 404


def test_area_index_lists_published_plans(client, published):
    page = text_of(client.get(reverse("public:area", args=[published.area.slug])))
    assert published.title in page and "Last published" in page


def test_public_page_queries_are_bounded(client, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert client.get(public_url(published)).status_code == 200


# Staff pages.


def staff_urls(plan, finding, entry) -> dict[str, str]:
    base = [plan.area.slug, plan.pk]
    return {
        "public_staff": reverse("public:staff", args=base),
        "public_preview": reverse("public:preview", args=base),
        "public_choose": reverse("public:choose", args=base),
        "public_summary": reverse("public:summary", args=[*base, finding.pk]),
        "you_said_add": reverse("public:you_said_add", args=base),
        "you_said_edit": reverse("public:you_said_edit", args=[*base, entry.pk]),
    }


READERS = {
    "public_staff": set(MEMBERS),
    "public_preview": set(MEMBERS),
    "public_choose": MANAGERS,
    "public_summary": MANAGERS,
    "you_said_add": set(MEMBERS),
    "you_said_edit": set(MEMBERS),
}


@pytest.fixture
def entry(chosen, plan_manager):
    data = services.YouSaidIn("Said.", "Forum", dt.date(2026, 1, 5), "Did.", [])
    return services.save_you_said(plan=chosen, by=plan_manager, data=data)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize("name", sorted(READERS))
def test_staff_page_permissions(client_for, persona, request, name, chosen, weakness, entry):
    response = client_for(persona).get(staff_urls(chosen, weakness, entry)[name])
    if assert_access(response, persona_name(request), READERS[name]):
        assert response.content.decode().count("<h1") == 1


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_managers_publish(client_for, persona, request, chosen):
    role = persona_name(request)
    response = client_for(persona).post(
        reverse("public:publish", args=[chosen.area.slug, chosen.pk])
    )
    published = PublishedSnapshot.objects.filter(plan=chosen).exists()
    assert response.status_code == expected_status(role, MANAGERS, ok=302)
    assert published == (role in MANAGERS)


def test_preview_shows_the_draft_and_is_not_public(client_for, client, board_member, chosen):
    page = text_of(
        client_for(board_member).get(reverse("public:preview", args=[chosen.area.slug, chosen.pk]))
    )
    assert "Preview: this is not public" in page and "Action 1.1" in page
    assert client.get(public_url(chosen)).status_code == 404


def test_manager_writes_summary_and_chooses(client_for, plan_manager, chosen, weakness, timeliness):
    client = client_for(plan_manager)
    base = [chosen.area.slug, chosen.pk]
    response = client.post(
        reverse("public:summary", args=[*base, weakness.pk]),
        {"summary": "", "done": "", "next": "", "is_published": "publish"},
    )
    assert "Write a summary before choosing to publish it" in text_of(response)
    item = chosen.items.get(number="1.2")
    response = client.post(
        reverse("public:choose", args=base), {"items": [item.pk], "indicators": [timeliness.pk]}
    )
    assert response.status_code == 302
    assert list(chosen.public_choice.items.values_list("number", flat=True)) == ["1.2"]
    assert chosen.public_choice.updates.count() == 0


def test_forum_rep_drafts_you_said_but_cannot_publish_it(client_for, forum_rep, chosen):
    item = chosen.items.get(number="1.1")
    response = client_for(forum_rep).post(
        reverse("public:you_said_add", args=[chosen.area.slug, chosen.pk]),
        {
            "said": "Letters are hard to read.", "source": "Parent carer forum",
            "said_on_0": "3", "said_on_1": "11", "said_on_2": "2026",
            "did": "Letters rewritten in plain English.", "items": [item.pk], "is_published": "on",
        },
    )  # fmt: skip
    assert response.status_code == 302
    entry = YouSaid.objects.get(said="Letters are hard to read.")
    assert not entry.is_published and list(entry.items.all()) == [item]


def test_you_said_errors_are_summarised(client_for, forum_rep, chosen):
    url = reverse("public:you_said_add", args=[chosen.area.slug, chosen.pk])
    response = client_for(forum_rep).post(url, {"said": ""})
    page = text_of(response)
    assert "There is a problem" in page and "Enter what was said" in page
    assert "<title>Error: " in response.content.decode()
    assert not YouSaid.objects.exists()
