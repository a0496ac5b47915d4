"""Building a plan: start one from nothing, add items, change every part of one, audited."""

import datetime as dt

import pytest

from factories import (
    FindingFactory,
    ImpactIndicatorFactory,
    MilestoneFactory,
    PersonFactory,
    build_plan,
)
from wsoa.core.models import AuditEvent
from wsoa.plans.models import Item, MilestoneRating, Numbering, Plan, PlanKind
from wsoa.plans.rag import Rag
from wsoa.progress.authoring import (
    AuthoringError,
    ItemFields,
    MilestoneIn,
    add_item,
    add_person,
    change_item,
    create_plan,
    item_fields,
)
from wsoa.progress.services import StaleEdit

pytestmark = pytest.mark.django_db


def _start(area, by, numbering=Numbering.AUTOMATIC, **extra):
    values = {
        "title": "SEND improvement plan", "issuer": "Council and ICB",
        "kind": PlanKind.OTHER, "period": "April 2025 to March 2027",
        "levels": ["Priority area", "Action", "Task"], "rag_scale": None,
        "numbering": numbering,
    } | extra  # fmt: skip
    return create_plan(area=area, by=by, **values)


def _last_event(action):
    return AuditEvent.objects.filter(action=action).latest("id")


def test_a_plan_started_from_nothing_has_its_levels_scale_period_and_an_audit_row(
    area, plan_manager
):
    plan = _start(area, plan_manager)
    assert [level.name for level in plan.levels.all()] == ["Priority area", "Action", "Task"]
    assert plan.rag_levels.count() == 6
    assert (plan.period_start, plan.period_end) == (dt.date(2025, 4, 1), dt.date(2027, 3, 31))
    event = _last_event("plan.created")
    assert event.object_id == plan.pk and event.changes["levels"][0] == "Priority area"


def test_a_plan_can_have_its_own_words_for_its_ratings(area, plan_manager):
    plan = _start(area, plan_manager, rag_scale=[(Rag.RED, "Stuck"), (Rag.GREEN, "Going well")])
    assert [(r.code, r.label) for r in plan.rag_levels.all()] == [
        ("red", "Stuck"),
        ("green", "Going well"),
    ]


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ({"title": " "}, "title"),
        ({"levels": ["", " "]}, "at least one level"),
        ({"kind": "novel"}, "kind of plan"),
        ({"rag_scale": [("purple", "Odd")]}, "rating"),
    ],
)
def test_a_plan_with_a_missing_part_is_refused_and_nothing_written(
    area, plan_manager, extra, words
):
    with pytest.raises(AuthoringError, match=words):
        _start(area, plan_manager, **extra)
    assert not Plan.objects.exists() and not AuditEvent.objects.exists()


def test_items_at_three_levels_are_numbered_automatically(area, plan_manager):
    plan = _start(area, plan_manager)
    first = add_item(plan=plan, by=plan_manager, fields=ItemFields(text="Identify needs early"))
    action = add_item(plan=plan, by=plan_manager, fields=ItemFields(text="Train"), parent=first)
    task = add_item(plan=plan, by=plan_manager, fields=ItemFields(text="Book"), parent=action)
    second = add_item(plan=plan, by=plan_manager, fields=ItemFields(text="Second"))
    between = add_item(plan=plan, by=plan_manager, fields=ItemFields(text="Next"), after=action)
    rows = list(plan.items.order_by("position").values_list("number", "title", "depth", "level"))
    assert rows == [
        ("1", "Identify needs early", 0, "Priority area"),
        ("1.1", "Train", 1, "Action"),
        ("1.1.1", "Book", 2, "Task"),
        ("1.2", "Next", 1, "Action"),
        ("2", "Second", 0, "Priority area"),
    ]
    assert {task.pk, second.pk, between.pk} <= set(plan.items.values_list("pk", flat=True))
    added = _last_event("item.added")
    assert added.object_id == between.pk and added.changes["text"]["after"] == "Next"


def test_an_item_added_to_a_plan_numbered_as_typed_keeps_its_number(area, plan_manager, plan):
    objective = plan.items.get(number="1")
    item = add_item(
        plan=plan, by=plan_manager, parent=objective,
        fields=ItemFields(number="1.9", text="New action", due="end of March 2025"),
    )  # fmt: skip
    assert item.number == "1.9" and item.due_end == dt.date(2025, 3, 31)
    numbers = list(plan.items.order_by("position").values_list("number", flat=True))
    assert numbers == ["1", "1.1", "1.2", "1.9", "2", "2.1", "2.2"]


def test_an_item_under_another_plans_parent_is_refused(area, plan_manager, plan, other_plan):
    with pytest.raises(AuthoringError, match="another plan"):
        add_item(
            plan=plan, by=plan_manager, fields=ItemFields(text="x"),
            parent=other_plan.items.first(),
        )  # fmt: skip
    assert not AuditEvent.objects.filter(action="item.added").exists()


def _change(item, by, **values):
    return change_item(item=item, by=by, version=item.version, fields=ItemFields(**values))


@pytest.mark.parametrize(
    ("values", "field", "after"),
    [
        ({"number": "1.1a"}, "number", "1.1a"),
        ({"text": "Publish the local offer"}, "text", "Publish the local offer"),
        ({"leads": ["SaCa", "Head of SEND"]}, "leads", ["SaCa", "Head of SEND"]),
        ({"partners": ["Parent carer forum"]}, "partners", ["Parent carer forum"]),
        ({"due": "Q3 2025; termly"}, "due", "Q3 2025; termly"),
        ({"revised_due": dt.date(2027, 3, 31)}, "revised_due", "2027-03-31"),
        ({"status": "On track"}, "status", "On track"),
        (
            {"notes": [("success_measure", "Measures of success", "90% on time")]},
            "notes",
            [["success_measure", "Measures of success", "90% on time"]],
        ),
        (
            {"milestones": [MilestoneIn("Draft agreed", "Aug-19")]},
            "milestones",
            ["Draft agreed (Aug-19)"],
        ),
        (
            {"indicators": [("EHC plans on time", "90%")]},
            "indicators",
            [["EHC plans on time", "90%"]],
        ),
    ],
)
def test_each_field_is_saved_and_audited_before_and_after(item, plan_manager, values, field, after):
    saved = _change(item, plan_manager, **values)
    event = _last_event("item.edited")
    assert event.object_id == item.pk
    assert event.changes[field]["after"] == after
    assert event.changes["version"] == saved.version == item.version + 1
    assert set(event.changes) == {field, "version"}
    now = getattr(item_fields(Item.objects.get(pk=item.pk)), field)
    if field == "milestones":  # a new milestone has an id once saved
        now = [MilestoneIn(x.text, x.due) for x in now]
    assert now == values[field]


def test_leads_resolve_to_the_plans_people(item, plan_manager):
    person = PersonFactory(plan=item.plan, name="Sarah Carter", short_code="SaCa")
    _change(item, plan_manager, leads=["SaCa (Head of SEND)", "Workstream 2"])
    leads = list(item.people.order_by("position"))
    assert [(p.text, p.person) for p in leads] == [
        ("SaCa (Head of SEND)", person),
        ("Workstream 2", None),
    ]


def test_findings_and_links_of_the_same_plan_are_saved(item, plan_manager, plan):
    finding = FindingFactory(plan=plan)
    target = plan.items.get(number="2.1")
    _change(item, plan_manager, findings=[finding.pk], links=[target.pk])
    assert list(item.findings.all()) == [finding]
    link = item.links.get()
    assert link.target == target and link.text == "Action 2.1"


def test_another_plans_finding_or_item_is_refused_with_nothing_written(
    item, plan_manager, other_plan
):
    other_finding = FindingFactory(plan=other_plan)
    with pytest.raises(AuthoringError, match="finding"):
        _change(item, plan_manager, findings=[other_finding.pk], text="Changed")
    with pytest.raises(AuthoringError, match="not in this plan"):
        _change(item, plan_manager, links=[other_plan.items.first().pk], text="Changed")
    fresh = Item.objects.get(pk=item.pk)
    assert fresh.title == item.title and fresh.version == item.version
    assert not AuditEvent.objects.filter(action="item.edited").exists()


def test_a_due_date_that_reads_as_no_date_is_kept_as_written(item, plan_manager):
    _change(item, plan_manager, due="when funding allows")
    fresh = Item.objects.get(pk=item.pk)
    assert [d.text for d in fresh.due_dates.all()] == ["when funding allows"]
    assert fresh.due_end is None


def test_milestones_are_edited_added_and_removed_keeping_those_with_ratings(item, plan_manager):
    kept = MilestoneFactory(item=item, text="Draft", due_text="Aug-19")
    gone = MilestoneFactory(item=item, text="Consult")
    _change(
        item, plan_manager,
        milestones=[MilestoneIn("Draft agreed", "September 2019", kept.pk), MilestoneIn("Launch")],
    )  # fmt: skip
    rows = list(item.milestones.order_by("position"))
    assert [(x.text, x.due_text) for x in rows] == [
        ("Draft agreed", "September 2019"),
        ("Launch", ""),
    ]
    assert rows[0].pk == kept.pk and rows[0].due_end == dt.date(2019, 9, 30)
    assert not item.milestones.filter(pk=gone.pk).exists()
    MilestoneRating.objects.create(milestone=kept, period_label="Q1", rag=Rag.GREEN)
    fresh = Item.objects.get(pk=item.pk)
    with pytest.raises(AuthoringError, match="has updates or ratings"):
        _change(fresh, plan_manager, milestones=[])
    assert item.milestones.filter(pk=kept.pk).exists()


def test_another_items_milestone_is_refused(item, plan_manager, plan):
    elsewhere = MilestoneFactory(item=plan.items.get(number="2.1"))
    with pytest.raises(AuthoringError, match="another item"):
        _change(item, plan_manager, milestones=[MilestoneIn("Mine now", "", elsewhere.pk)])


def test_indicators_are_changed_in_place(item, plan_manager):
    indicator = ImpactIndicatorFactory(item=item, plan=item.plan)
    _change(item, plan_manager, indicators=[("EHC plans within 20 weeks", "95%")])
    indicator.refresh_from_db()
    assert (indicator.text, indicator.target_text) == ("EHC plans within 20 weeks", "95%")


def test_the_second_of_two_conflicting_saves_is_refused_with_nothing_written(item, plan_manager):
    opened = item.version
    change_item(item=item, by=plan_manager, version=opened, fields=ItemFields(status="Delayed"))
    with pytest.raises(StaleEdit) as refused:
        change_item(item=item, by=plan_manager, version=opened, fields=ItemFields(text="Mine"))
    assert [e.changes["status"]["after"] for e in refused.value.since] == ["Delayed"]
    fresh = Item.objects.get(pk=item.pk)
    assert fresh.title == item.title and fresh.status_text == "Delayed"


def test_saving_unchanged_fields_writes_nothing(item, plan_manager):
    change_item(item=item, by=plan_manager, version=item.version, fields=item_fields(item))
    assert Item.objects.get(pk=item.pk).version == item.version
    assert not AuditEvent.objects.filter(action="item.edited").exists()


def test_a_person_is_added_with_role_and_organisation(plan, plan_manager):
    person = add_person(
        plan=plan, by=plan_manager, name="Nia Williams", short_code="NiWi",
        role="Designated clinical officer", organisation="ICB",
    )  # fmt: skip
    assert (person.role, person.organisation) == ("Designated clinical officer", "ICB")
    assert _last_event("person.added").changes["short_code"] == "NiWi"
    with pytest.raises(AuthoringError, match="already uses"):
        add_person(plan=plan, by=plan_manager, name="Another", short_code="NiWi")


def test_a_number_typed_for_an_automatically_numbered_plan_is_ignored(area, plan_manager):
    plan = _start(area, plan_manager)
    item = add_item(plan=plan, by=plan_manager, fields=ItemFields(number="9", text="x"))
    assert item.number == "1"


def test_the_plan_builder_works_on_a_second_plan_of_the_area(area, plan_manager):
    second = build_plan(area, objectives=1, actions=1)
    item = add_item(plan=second, by=plan_manager, fields=ItemFields(text="Extra", number="2"))
    assert item.depth == 0 and item.level == "Objective"
