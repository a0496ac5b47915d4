"""What the plan pages show, how the filters pick items, and how many queries they take."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from factories import (
    BoardFactory,
    BoardMemberFactory,
    DueDateFactory,
    FindingFactory,
    FindingQuoteFactory,
    GlossaryEntryFactory,
    ImpactIndicatorFactory,
    ItemFactory,
    ItemLinkFactory,
    ItemNoteFactory,
    ItemPersonFactory,
    MilestoneFactory,
    PersonFactory,
    PlanFactory,
    RagLevelFactory,
    build_plan,
)
from page_text import text_of, text_of_html
from wsoa.plans.models import FindingKind, ItemPerson, NoteKind, PlanKind
from wsoa.plans.rag import Rag

# The tree and filters take 13 (the plan's people resolve initials in leads; milestones make
# items overdue; one more for the filters' matches); the dashboard at the top 7 more for a plan
# with no reporting periods or boards (tests/plans/test_dashboard.py bounds it with them); one
# more reads the plan's content version for its cache (cached: test_plan_page_cache.py).
PLAN_PAGE_QUERIES = 21


@pytest.fixture
def client(client_for, board_member):
    return client_for(board_member)


def plan_url(plan, **query) -> str:
    url = reverse("plans:plan", args=[plan.area.slug, plan.pk])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def matches(response) -> list[str]:
    """Return the labels of the items listed as matching the filters."""
    body = response.content.decode()
    table = body.split("Items matching your filters", 1)[1] if "Items matching" in body else ""
    return re.findall(r'govuk-!-font-weight-bold" href="[^"]+">([^<]+)</a>', table)


# --- areas and area -------------------------------------------------------------------------


@pytest.mark.django_db
def test_areas_page_lists_each_area_with_its_plans_and_item_counts(client, plan, area):
    PlanFactory(area=area, title="Priority action plan 2024", kind=PlanKind.PRIORITY_ACTION)
    text = text_of(client.get(reverse("plans:areas")))
    assert "Hartlepool" in text and "Your role: Board member" in text
    assert (
        "Hartlepool SEND Action Plan Written statement of action March 2017 to March 2018 6" in text
    )
    assert "Priority action plan 2024 Priority action plan" in text


@pytest.mark.django_db
def test_areas_page_queries_are_bounded_by_neither_areas_nor_plans(
    client_for, board_member, other_area, django_assert_max_num_queries
):
    from factories import MembershipFactory

    MembershipFactory(user=board_member, area=other_area)
    for area in (board_member.memberships.first().area, other_area):
        for _ in range(3):
            build_plan(area, objectives=1, actions=1)
    client = client_for(board_member)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("plans:areas"))
    assert response.content.decode().count('class="govuk-table__row"') == 2 + 6


@pytest.mark.django_db
def test_area_page_lists_its_plans(client, plan, area):
    text = text_of(client.get(reverse("plans:area", args=[area.slug])))
    assert "Hartlepool SEND Action Plan" in text
    assert "Plans of Hartlepool" in text


# --- plan page: header and tree --------------------------------------------------------------


@pytest.mark.django_db
def test_plan_page_shows_the_header_and_the_plans_own_rag_wording(client, plan):
    RagLevelFactory(plan=plan, code=Rag.RED, label="Progress not being made")
    RagLevelFactory(plan=plan, code=Rag.GREEN, label="On track to complete within timescales")
    text = text_of(client.get(plan_url(plan)))
    for part in [
        "Hartlepool SEND Action Plan",
        "Written statement of action",
        "March 2017 to March 2018",
        "SEND Improvement Board",
        "Director of Children's Services",
        "Last reviewed 28th March 2017",
        "Next review 11th May 2017",
        "RAG key",
        "Red Progress not being made",
        "Green On track to complete within timescales",
    ]:
        assert part in text.replace("&#x27;", "'")


@pytest.mark.django_db
def test_plan_page_shows_the_whole_tree_with_leads_and_dates(client, plan):
    response = client.get(plan_url(plan))
    text = text_of(response)
    assert "All 6 items" in text
    for number in ["Objective 1", "Action 1.1", "Action 1.2", "Objective 2", "Action 2.2"]:
        assert number in text
    assert "Lead: Lead 1" in text and "Due: End July 2018" in text
    assert response.content.decode().count("<details") == 2
    assert "2 items under Objective 1" in text


@pytest.mark.django_db
def test_status_before_any_confirmed_rating_is_shown_as_printed_not_as_a_tag(client, plan):
    items = list(plan.items.filter(depth=1))
    items[0].rag, items[0].status_text = Rag.AMBER, "Delayed by a month"
    items[0].save()
    items[1].rag = Rag.BLUE
    items[1].save()
    items[2].status_text = "Under consideration"
    items[2].save()
    body = client.get(plan_url(plan)).content.decode()
    assert "govuk-tag--orange" not in body and "govuk-tag--blue" not in body
    text = text_of_html(body)
    assert "As printed in the plan: Delayed by a month" in text
    assert "As printed in the plan: Blue" in text
    assert "As printed in the plan: Under consideration" in text


@pytest.mark.django_db
def test_depth_shows_the_tree_down_to_a_level(client, plan):
    response = client.get(plan_url(plan, depth=0))
    text = text_of(response)
    assert "Objective 1" in text and "Action 1.1" not in text
    assert "2 items under Objective 1 not shown" in text
    assert "<details" not in response.content.decode()


@pytest.mark.django_db
def test_depth_that_is_not_a_level_shows_everything(client, plan):
    text = text_of(client.get(plan_url(plan, depth="deep")))
    assert "Action 2.2" in text


# --- plan page: filters ----------------------------------------------------------------------


@pytest.mark.django_db
def test_overdue_lists_items_due_before_today_that_are_not_complete(client, plan):
    late, done, *_ = plan.items.filter(depth=1)
    late.due_end = dt.date(2018, 7, 31)
    late.save()
    done.due_end, done.rag = dt.date(2018, 7, 31), Rag.BLUE
    done.save()
    later = plan.items.get(number="2.2")
    later.due_end = dt.date(2018, 9, 30)
    later.save()
    with time_machine.travel(dt.datetime(2018, 8, 15, 12, tzinfo=dt.UTC), tick=False):
        response = client.get(plan_url(plan, overdue="on"))
    assert matches(response) == [f"Action {late.number}"]
    assert "1 item matches" in text_of(response)
    assert "(overdue)" in response.content.decode()


@pytest.mark.django_db
def test_overdue_moves_with_today(client, plan):
    item = plan.items.get(number="2.2")
    item.due_end = dt.date(2018, 9, 30)
    item.save()
    with time_machine.travel(dt.datetime(2018, 9, 30, 12, tzinfo=dt.UTC), tick=False):
        assert matches(client.get(plan_url(plan, overdue="on"))) == []
    with time_machine.travel(dt.datetime(2018, 10, 1, 12, tzinfo=dt.UTC), tick=False):
        assert matches(client.get(plan_url(plan, overdue="on"))) == ["Action 2.2"]


@pytest.mark.django_db
def test_due_before_lists_items_due_earlier(client, plan):
    for number, day in [("1.1", dt.date(2018, 3, 31)), ("2.1", dt.date(2018, 9, 30))]:
        item = plan.items.get(number=number)
        item.due_end = day
        item.save()
    response = client.get(plan_url(plan, due_before_0=1, due_before_1=6, due_before_2=2018))
    assert matches(response) == ["Action 1.1"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2018", "Due before must be a real date"),
        ("x", "7", "2018", "Enter a valid date"),
        ("1", "7", "18", "Year must include 4 numbers"),
        ("1", "", "2018", "Enter the month"),
    ],
)
def test_a_wrong_due_before_date_shows_an_error_and_the_tree(
    client, plan, day, month, year, message
):
    response = client.get(plan_url(plan, due_before_0=day, due_before_1=month, due_before_2=year))
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body and "govuk-error-message" in body
    assert message in body
    assert "<title>Error:" in body
    assert "All 6 items" in text_of(response)


@pytest.mark.django_db
def test_lead_filter_by_lead_as_printed(client, plan):
    response = client.get(plan_url(plan, lead="text:Lead 2"))
    assert matches(response) == ["Action 1.2", "Action 2.2"]
    assert "2 items match" in text_of(response)


@pytest.mark.django_db
def test_lead_filter_by_the_person_the_plan_names(client, plan):
    person = PersonFactory(plan=plan, name="Sally Robinson", short_code="SR")
    item = plan.items.get(number="2.1")
    ItemPersonFactory(item=item, text="SR", person=person)
    ItemPersonFactory(item=plan.items.get(number="1.1"), text="SR", person=person, part="partner")
    response = client.get(plan_url(plan, lead=f"person:{person.pk}"))
    assert matches(response) == ["Action 2.1"]
    assert "Sally Robinson (SR)" in response.content.decode()


@pytest.mark.django_db
def test_status_filter(client, plan):
    item = plan.items.get(number="1.2")
    item.rag = Rag.RED
    item.save()
    assert matches(client.get(plan_url(plan, status="red"))) == ["Action 1.2"]


@pytest.mark.django_db
def test_status_that_is_not_a_rag_is_an_error_not_a_crash(client, plan):
    response = client.get(plan_url(plan, status="purple"))
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


@pytest.mark.django_db
def test_level_filter_is_labelled_with_the_plans_level_names(client, plan):
    response = client.get(plan_url(plan, level=0))
    assert matches(response) == ["Objective 1", "Objective 2"]
    assert '<option value="1">Action</option>' in response.content.decode()


@pytest.mark.django_db
def test_search_finds_words_in_titles_and_notes(client, plan):
    ItemNoteFactory(item=plan.items.get(number="2.1"), text="Launch the parent portal")
    assert matches(client.get(plan_url(plan, q="portal"))) == ["Action 2.1"]
    assert matches(client.get(plan_url(plan, q="text+1.2"))) == ["Action 1.2"]


@pytest.mark.django_db
def test_matching_items_show_their_ancestors_for_context(client, plan):
    body = client.get(plan_url(plan, q="1.2")).content.decode()
    assert '<span class="govuk-caption-s">Objective 1</span>' in body


@pytest.mark.django_db
def test_filters_combine(client, plan):
    for number in ("1.2", "2.2"):
        item = plan.items.get(number=number)
        item.rag = Rag.GREEN
        item.save()
    assert matches(client.get(plan_url(plan, status="green", q="2.2"))) == ["Action 2.2"]


@pytest.mark.django_db
def test_no_match_says_so(client, plan):
    text = text_of(client.get(plan_url(plan, q="unicorns")))
    assert "0 items match" in text and "No items match" in text


# --- plan page: query bound ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("objectives", "actions"), [(2, 4), (30, 9)])
@pytest.mark.parametrize("query", [{}, {"q": "Action", "overdue": "on", "lead": "text:Lead+1"}])
def test_plan_page_queries_do_not_grow_with_the_plan(
    client, area, objectives, actions, query, django_assert_max_num_queries
):
    plan = build_plan(area, objectives=objectives, actions=actions)
    assert plan.items.count() == objectives * (actions + 1)
    with django_assert_max_num_queries(PLAN_PAGE_QUERIES):
        response = client.get(plan_url(plan, **query))
    assert response.status_code == 200


# --- item page -------------------------------------------------------------------------------


@pytest.fixture
def full_item(plan, item):
    """An action with every part the plan can say about it."""
    person = PersonFactory(plan=plan, name="Jo Heaney", short_code="JH")
    ItemPersonFactory(item=item, text="JH", person=person)
    ItemPersonFactory(item=item, part=ItemPerson.Part.PARTNER, text="Parent Led Forum")
    item.due_dates.all().delete()
    DueDateFactory(item=item, text="End July 2018", start=None)
    DueDateFactory(item=item, text="Ongoing", start=None, end=None, recurrence="ongoing")
    item.rag, item.status_text = Rag.GREEN, "On track"
    item.save()
    MilestoneFactory(item=item, text="Draft strategy agreed")
    ItemNoteFactory(item=item, text="Families know where to go.", heading="INTENDED OUTCOMES")
    ItemNoteFactory(
        item=item, kind=NoteKind.PROGRESS, heading="Progress commentary", text="Board met."
    )
    ImpactIndicatorFactory(item=item, text="EHC plans issued within 20 weeks", target_text="90%")
    finding = FindingFactory(plan=plan, code="AFI-A", text="Assessments are too slow.")
    item.findings.add(finding)
    ItemLinkFactory(item=item, text="See 2.1", target=plan.items.get(number="2.1"))
    ItemFactory(plan=plan, parent=item, number="1.1.1", level="Key task", title="Map it")
    return item


def item_url(item) -> str:
    return reverse("progress:item", args=[item.plan.area.slug, item.plan.pk, item.pk])


@pytest.mark.django_db
def test_item_page_shows_everything_the_plan_says_about_it(client, full_item):
    response = client.get(item_url(full_item))
    text = text_of(response)
    for part in [
        "Action 1.1",
        "Action text 1.1",
        "Jo Heaney (JH)",
        "Parent Led Forum",
        "End July 2018 (by 31 July 2018)",
        "Ongoing",
        "As printed in the plan On track",
        "Draft strategy agreed",
        "Aug-19",
        "INTENDED OUTCOMES",
        "Families know where to go.",
        "Progress commentary",
        "Board met.",
        "EHC plans issued within 20 weeks 90%",
        "AFI-A : Assessments are too slow.",
        "Action 2.1 : See 2.1",
        "Key task 1.1.1",
        "Next item : Key task 1.1.1",
    ]:
        assert part in text, part


@pytest.mark.django_db
def test_item_page_links_resolved_people_links_and_ancestors(client, full_item):
    body = client.get(item_url(full_item)).content.decode()
    plan = full_item.plan
    person = plan.people.get()
    people_url = reverse("plans:people", args=[plan.area.slug, plan.pk])
    assert f'href="{people_url}#person-{person.pk}"' in body
    assert f'href="{item_url(plan.items.get(number="2.1"))}"' in body
    breadcrumbs = body.split('class="govuk-breadcrumbs"')[1].split("</nav>")[0]
    assert "Hartlepool SEND Action Plan" in breadcrumbs and "Objective 1" in breadcrumbs


@pytest.mark.django_db
def test_item_page_does_not_link_to_another_plans_item_or_person(client, full_item, other_plan):
    stranger = PersonFactory(plan=other_plan, name="Someone Else")
    ItemPersonFactory(item=full_item, text="SE", person=stranger)
    ItemLinkFactory(item=full_item, text="See elsewhere", target=other_plan.items.first())
    body = client.get(item_url(full_item)).content.decode()
    assert f"#person-{stranger.pk}" not in body
    assert str(other_plan.pk) + "/items/" not in body
    assert "See elsewhere" in body


@pytest.mark.django_db
def test_item_page_queries_are_bounded(client, full_item, django_assert_max_num_queries):
    # 30 on SQLite and PostgreSQL: the item's parts, its plan, sign-in and area checks, its
    # rating (confirmed or not, the plan's RAG words, its people for initials), and its progress
    # (cycle, periods, updates with evidence, decisions, comments, history, assignments).
    # tests/progress checks the count does not grow with updates, comments or decisions.
    # docs/architecture.md gives the same bound.
    with django_assert_max_num_queries(30):
        assert client.get(item_url(full_item)).status_code == 200


@pytest.mark.parametrize(
    ("start", "end", "recurrence", "meaning"),
    [
        (dt.date(2018, 7, 31), dt.date(2018, 7, 31), "", "by 31 July 2018"),
        (None, dt.date(2018, 7, 31), "", "by 31 July 2018"),
        (dt.date(2018, 7, 1), dt.date(2018, 7, 31), "", "in July 2018"),
        (dt.date(2018, 1, 1), dt.date(2018, 2, 28), "", "1 January 2018 to 28 February 2018"),
        (dt.date(2018, 9, 1), None, "", "from 1 September 2018"),
        (None, None, "ongoing", "Ongoing"),
        (None, None, "6-monthly", "Every 6 months"),
        (dt.date(2018, 9, 1), None, "quarterly", "Every quarter, from 1 September 2018"),
        (None, None, "", ""),
    ],
)
def test_due_dates_read_plainly(start, end, recurrence, meaning):
    from wsoa.plans.presenters.wording import describe_span

    assert describe_span(start, end, recurrence) == meaning


# --- findings, people, glossary, boards ------------------------------------------------------


@pytest.mark.django_db
def test_findings_page_shows_findings_with_quotes_and_the_items_answering(client, plan, item):
    finding = FindingFactory(
        plan=plan, code="Key Concern 5", kind=FindingKind.KEY_CONCERN, text="Too slow."
    )
    FindingQuoteFactory(finding=finding, text="Parents wait too long.", reference="Page 7")
    item.findings.add(finding)
    text = text_of(client.get(reverse("plans:findings", args=[plan.area.slug, plan.pk])))
    for part in ["Key concern", "Key Concern 5", "Too slow.", "Parents wait too long.", "Page 7"]:
        assert part in text
    assert "Items that answer it Action 1.1" in text


@pytest.mark.django_db
def test_people_page_lists_people_with_anchors_and_their_items(client, plan, item):
    person = PersonFactory(plan=plan, name="Jo Heaney", short_code="JH", role="Head of SEND")
    ItemPersonFactory(item=item, text="JH", person=person)
    response = client.get(reverse("plans:people", args=[plan.area.slug, plan.pk]))
    assert f'id="person-{person.pk}"' in response.content.decode()
    assert "Jo Heaney JH Head of SEND, Borough Council Action 1.1 (lead)" in text_of(response)


@pytest.mark.django_db
def test_glossary_page_lists_terms(client, plan):
    GlossaryEntryFactory(
        plan=plan, term="SENCO", expansion="Special educational needs co-ordinator"
    )
    text = text_of(client.get(reverse("plans:glossary", args=[plan.area.slug, plan.pk])))
    assert "SENCO Special educational needs co-ordinator" in text


@pytest.mark.django_db
def test_boards_page_lists_members_with_role_and_organisation(client, plan):
    board = BoardFactory(plan=plan, name="SEND Improvement Board", cadence_text="Every 6 weeks")
    BoardMemberFactory(board=board, person__name="Sally Robinson", person__role="Director")
    text = text_of(client.get(reverse("plans:boards", args=[plan.area.slug, plan.pk])))
    assert "Meets Every 6 weeks" in text
    assert "Sally Robinson Director Borough Council" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["plans:findings", "plans:people", "plans:glossary", "plans:boards"]
)
def test_empty_sections_say_so(client, plan, name):
    text = text_of(client.get(reverse(name, args=[plan.area.slug, plan.pk])))
    assert "This plan" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "current"),
    [("plans:plan", "Plan"), ("plans:findings", "Findings"), ("plans:people", "People")],
)
def test_plan_pages_share_a_navigation_marking_the_current_one(client, plan, name, current):
    body = client.get(reverse(name, args=[plan.area.slug, plan.pk])).content.decode()
    nav = body.split('aria-label="Plan sections"')[1].split("</nav>")[0]
    assert re.search(rf'aria-current="page"><strong[^>]*>{current}</strong>', nav)
    for section in ["Plan", "Findings", "People", "Glossary", "Boards"]:
        assert f">{section}<" in nav


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "plans:areas",
        "plans:area",
        "plans:plan",
        "progress:item",
        "plans:findings",
        "plans:people",
        "plans:glossary",
    ],
)
def test_every_page_has_one_h1_and_no_inline_styles(client, plan, item, name):
    args = {
        "plans:areas": [],
        "plans:area": [plan.area.slug],
        "progress:item": [plan.area.slug, plan.pk, item.pk],
    }.get(name, [plan.area.slug, plan.pk])
    body = client.get(reverse(name, args=args)).content.decode()
    assert body.count("<h1") == 1
    assert " style=" not in body
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", body, re.S)
    assert all("src=" in attrs and not inner.strip() for attrs, inner in scripts)
    assert all("<caption" in table for table in body.split("<table")[1:])


@pytest.mark.django_db
def test_item_page_says_overdue_only_once_the_date_has_passed_and_not_when_complete(client, item):
    item.due_end = dt.date(2018, 7, 31)
    item.save()
    url = reverse("progress:item", args=[item.plan.area.slug, item.plan.pk, item.pk])
    with time_machine.travel(dt.datetime(2018, 7, 31, 12, tzinfo=dt.UTC), tick=False):
        assert "Overdue" not in text_of(client.get(url))
    with time_machine.travel(dt.datetime(2018, 8, 1, 12, tzinfo=dt.UTC), tick=False):
        assert "Overdue The latest due date has passed" in text_of(client.get(url))
        item.rag = Rag.BLUE
        item.save()
        assert "Overdue" not in text_of(client.get(url))
