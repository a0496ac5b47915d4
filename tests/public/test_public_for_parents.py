"""The public page as parents read it: findings, promises, progress in words, figures in words,
jargon explained, and an explicit choice to publish each summary (issue 14 §3)."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from public_texts import SECRET_COMMENTARY

from factories import GlossaryEntryFactory, PersonFactory
from page_text import text_of, text_of_html
from wsoa.core.models import AuditEvent
from wsoa.kpi import rules
from wsoa.kpi.models import Comparator, ComparatorKind, Measurement
from wsoa.public import services
from wsoa.public.content import draft_content
from wsoa.public.describing import indicator_sentence, parent_words
from wsoa.public.models import FindingSummary, PublishedSnapshot
from wsoa.public.presenters import dress

pytestmark = pytest.mark.django_db

ENGLAND = {2022: "49.2", 2023: "50.3"}  # DOMAIN.md: new EHC plans within 20 weeks, England


@pytest.fixture
def england(timeliness):
    for year, value in ENGLAND.items():
        Comparator.objects.create(
            indicator=timeliness, kind=ComparatorKind.ENGLAND, name="England", label=str(year),
            start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), value=Decimal(value),
        )  # fmt: skip
    return timeliness


def public_url(plan, number=None) -> str:
    if number is None:
        return reverse("public:plan", args=[plan.area.slug, plan.pk])
    return reverse("public:version", args=[plan.area.slug, plan.pk, number])


def published_page(client, plan, by) -> str:
    services.publish_plan(plan=plan, by=by)
    return text_of(client.get(public_url(plan)))


def main_content(html: str) -> str:
    """The markup of the page's content block, where preview and public page must agree."""
    start = html.index('<div class="wsoa-public-content" id="public-content">')
    end = html.index("<!-- end of public content -->", start)
    return html[start:end]


# What the inspectors found, and what was promised.


def test_published_finding_shows_summary_printed_text_and_the_items_answering_it(
    client, chosen, plan_manager, weakness
):
    page = published_page(client, chosen, plan_manager)
    assert "What the inspectors found, and what we promised" in page
    assert "Families wait too long to hear if their child gets an EHC plan." in page
    assert "What the inspectors wrote" in page and "Assessments take too long." in page
    assert "What we promised to do Action 1.1" in page
    assert "What has been done We hired more educational psychologists." in page


def test_a_private_summary_and_its_printed_finding_stay_off_the_page(
    client, chosen, plan_manager, weakness
):
    data = services.SummaryIn("Families wait too long.", "", "", is_published=False)
    services.save_summary(finding=weakness, by=plan_manager, data=data)
    page = published_page(client, chosen, plan_manager)
    assert "Families wait too long" not in page
    assert "Assessments take too long." not in page
    assert "What the inspectors found" not in page
    assert "what inspectors asked us to improve" not in page  # promised only when shown


def test_staff_page_says_which_findings_have_no_summary_or_are_kept_private(
    client_for, plan_manager, plan, weakness
):
    staff = reverse("public:staff", args=[plan.area.slug, plan.pk])
    page = text_of(client_for(plan_manager).get(staff))
    assert "No summary yet" in page and "Not on the public page" in page
    data = services.SummaryIn("Families wait too long.", "", "", is_published=False)
    services.save_summary(finding=weakness, by=plan_manager, data=data)
    page = text_of(client_for(plan_manager).get(staff))
    assert "Kept private" in page and "Written but not shown on the public page" in page


# Progress described in words, rated or not.


def test_ratings_are_in_parents_words_with_the_plans_own_label_kept(client, chosen, plan_manager):
    page = published_page(client, chosen, plan_manager)
    assert "Action 1.1 On track" in page and "Action 2.1 Behind" in page
    assert "The plan’s own words: Green" in page
    assert [parent_words(code) for code in ("blue", "green", "amber", "red", "")] == [
        "Done", "On track", "Some delays", "Behind", "Not yet rated",
    ]  # fmt: skip


def test_unrated_items_are_still_described_by_what_is_done_and_what_is_next(
    client, plan, plan_manager
):
    today = timezone.localdate()
    dates = {"1.1": -30, "1.2": 40, "2.1": 10, "2.2": 90}
    for number, days in dates.items():
        plan.items.filter(number=number).update(current_due=today + dt.timedelta(days=days))
    plan.items.filter(number="1.1").update(status_text="Complete")
    items = plan.items.filter(depth=1).values_list("pk", flat=True)
    services.choose_public(plan=plan, by=plan_manager, items=items, indicators=[], updates=[])
    progress = dress(draft_content(plan))["progress"]
    assert progress["rated"] == 0 and progress["total"] == 4
    assert [card["label"] for card in progress["done"]] == ["Action 1.1"]
    assert [card["label"] for card in progress["next"]] == [
        "Action 2.1",
        "Action 1.2",
        "Action 2.2",
    ]
    page = published_page(client, plan, plan_manager)
    assert "1 action completed: Action 1.1: Action text 1.1" in page
    first = re.search(r"Due next, after [^:]+: Due by [^:]+: Action 2\.1", page)
    assert first, page


def test_latest_published_commentary_leads_and_secret_commentary_never_shows(
    client, chosen, plan_manager
):
    page = published_page(client, chosen, plan_manager)
    assert "Latest updates Action 1.1" in page
    assert "The new information pages went live for families in October." in page
    assert SECRET_COMMENTARY not in page


# What changed: indicators in words against target and England.


def test_indicator_sentence_gives_latest_figure_change_target_and_england(
    client, chosen, plan_manager, england
):
    indicator = draft_content(chosen)["indicators"][0]
    last, before = list(Measurement.objects.filter(indicator=england).order_by("-end")[:2])
    expected = (
        f"EHC plans issued within 20 weeks: {rules.figure(last.value, 'percent')} in "
        f"{last.label}, up from {rules.figure(before.value, 'percent')} in {before.label}; "
        f"target: 60%; England: {rules.figure(Decimal(ENGLAND[2023]), 'percent')}."
    )
    assert indicator_sentence(indicator) == expected
    assert expected == "EHC plans issued within 20 weeks: 57% in 2023, up from 41.5% in 2022; " \
        "target: 60%; England: 50.3%."  # fmt: skip
    page = published_page(client, chosen, plan_manager)
    assert expected in page and "Better than in 2022." in page
    assert "49.2%" in page  # England's earlier figure, in the table's England column
    html = client.get(public_url(chosen)).content.decode()
    assert re.search(r"<th [^>]*>England</th>", html)


def test_chart_draws_england_and_its_caption_names_only_lines_drawn(chosen, england):
    shown = dress(draft_content(chosen))["indicators"][0]
    assert "England (dotted line, triangles)" in shown["caption"]
    assert shown["chart"].count("<polyline") + shown["chart"].count("<path") >= 2
    assert "actual, target and England" in shown["chart"]
    without = dress(draft_content(chosen))
    without["indicators"][0]["periods"] = []
    assert "England" not in dress(without)["indicators"][0]["caption"]


def test_only_published_indicators_are_described(client, chosen, plan_manager, hidden_indicator):
    page = published_page(client, chosen, plan_manager)
    assert "Tribunal appeals lodged" not in page


# Jargon explained.


def test_plan_glossary_terms_used_on_the_page_are_linked_to_their_meaning(
    client, chosen, plan_manager
):
    GlossaryEntryFactory(plan=chosen, term="EHCP", expansion="Education, health and care plan")
    GlossaryEntryFactory(plan=chosen, term="JSNA", expansion="Joint strategic needs assessment")
    chosen.items.filter(number="1.1").update(title="Review every EHCP with the APDR cycle.")
    services.publish_plan(plan=chosen, by=plan_manager)
    html = client.get(public_url(chosen)).content.decode()
    assert '<a class="govuk-link" href="#word-ehcp">EHCP</a>' in html
    assert '<dfn id="word-ehcp">EHCP</dfn>' in html
    assert '<a class="govuk-link" href="#word-apdr">APDR</a>' in html  # a built-in term
    page = text_of_html(html)
    assert "EHCP Education, health and care plan" in page
    assert "Assess, plan, do, review" in page
    assert "JSNA" not in page  # not used on the page, so not listed


def test_glossary_entries_naming_people_are_never_published(chosen, plan_manager):
    PersonFactory(plan=chosen, name="Penny Richardson", short_code="PeRi")
    GlossaryEntryFactory(plan=chosen, term="PeRi", expansion="Penny Richardson")
    GlossaryEntryFactory(plan=chosen, term="SGM", expansion="Penny Richardson, group manager")
    chosen.items.filter(number="1.1").update(title="PeRi and SGM to review the EHC plan process.")
    text = json.dumps(services.publish_plan(plan=chosen, by=plan_manager).content)
    assert "Penny Richardson" not in text


def test_text_is_escaped_when_terms_are_linked(client, chosen, plan_manager):
    chosen.items.filter(number="1.1").update(title="<script>x</script> SEND & EHC plans")
    services.publish_plan(plan=chosen, by=plan_manager)
    html = client.get(public_url(chosen)).content.decode()
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html


# Publishing a summary is an explicit choice; the preview is the public page.


def summary_post(client, plan, finding, **data):
    url = reverse("public:summary", args=[plan.area.slug, plan.pk, finding.pk])
    return client.post(url, {"summary": "Plain words.", "done": "", "next": "", **data})


def test_a_summary_saved_without_the_publish_choice_changes_nothing(
    client_for, plan_manager, plan, weakness
):
    before = AuditEvent.objects.count()
    response = summary_post(client_for(plan_manager), plan, weakness)
    page = text_of(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Choose whether to publish this summary or keep it private" in page
    assert "<title>Error: " in response.content.decode()
    assert not FindingSummary.objects.exists() and AuditEvent.objects.count() == before


def test_publish_choice_has_no_default_and_both_answers_save(
    client_for, plan_manager, plan, weakness
):
    client = client_for(plan_manager)
    url = reverse("public:summary", args=[plan.area.slug, plan.pk, weakness.pk])
    form = client.get(url).content.decode()
    assert "Publish this summary" in form and "Keep it private" in form
    assert "checked" not in form
    assert summary_post(client, plan, weakness, is_published="private").status_code == 302
    assert FindingSummary.objects.get().is_published is False
    assert summary_post(client, plan, weakness, is_published="publish").status_code == 302
    assert FindingSummary.objects.get().is_published is True
    form = client.get(url).content.decode()
    assert re.search(r'<input[^>]*(value="publish"[^>]*checked|checked[^>]*value="publish")', form)


def test_preview_shows_exactly_what_is_then_published(
    client_for, client, plan_manager, chosen, england
):
    GlossaryEntryFactory(plan=chosen, term="EHC", expansion="Education, health and care")
    preview_url = reverse("public:preview", args=[chosen.area.slug, chosen.pk])
    preview = client_for(plan_manager).get(preview_url).content.decode()
    services.publish_plan(plan=chosen, by=plan_manager)
    public = client.get(public_url(chosen)).content.decode()
    assert main_content(preview) == main_content(public)
    assert "What has changed" in main_content(public)


def test_old_snapshots_without_the_new_keys_still_render(client, chosen, plan_manager):
    content = draft_content(chosen)
    for key in ("glossary", "as_of"):
        content.pop(key)
    for finding in content["findings"]:
        for card in finding["items"]:
            card.pop("due_on")
    for card in content["other_items"]:
        card.pop("due_on")
    for indicator in content["indicators"]:
        for row in indicator["periods"]:
            row.pop("england")
    PublishedSnapshot.objects.create(plan=chosen, number=1, content=content, checksum="old")
    response = client.get(public_url(chosen, 1))
    assert response.status_code == 200
    assert "Families wait too long" in text_of(response)


def test_an_action_without_a_number_is_said_once_and_repeated_actions_once_with_their_count():
    from wsoa.public.describing import progress

    words = "Formalise the links between the Parent Led Forum and the SEND Improvement Board"
    unnumbered = {"label": "Action: Formalise the links between the Parent…", "title": words}
    card = {**unnumbered, "printed": "Complete"}
    numbered = {"label": "Action 2.1", "title": "Agree the pathway", "printed": "Completed"}
    due = {**unnumbered, "title": "Review pathways", "label": "Action: Review pathways"}
    due |= {"due": "Due by 1 March 2027", "due_on": "2027-03-01"}
    found = progress([card, dict(card), numbered, due], "2026-11-29")
    assert found["done_lines"] == [f"{words} (2 actions)", "Action 2.1: Agree the pathway"]
    assert found["next_lines"] == ["Due by 1 March 2027: Review pathways"]
    assert len(found["done"]) == 3  # "3 actions completed": every action counted


def test_a_card_of_an_action_without_a_number_is_headed_by_its_level_and_its_words_once():
    from wsoa.public.describing import heading

    words = "Relaunch Early Support Principles across the children's workforce (AFI-A)"
    assert heading({"label": "Action: Relaunch Early Support Principles…", "title": words}) == (
        "Action"
    )
    assert heading({"label": "Action 1.2", "title": words}) == "Action 1.2"
    # A label that is not made of the item's words stays as it is.
    assert heading({"label": "Objective: Other words", "title": words}) == "Objective: Other words"
