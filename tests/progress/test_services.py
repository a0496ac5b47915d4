"""The cycle's changes: updates stay as posted, decisions apply, edits never overwrite."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from factories import MilestoneFactory, PlanFactory, build_plan
from wsoa.core.models import AuditEvent
from wsoa.plans.models import Item
from wsoa.plans.rag import Rag
from wsoa.progress import services
from wsoa.progress.authoring import ItemFields, change_item
from wsoa.progress.models import (
    Comment,
    Evidence,
    Outcome,
    ProgressUpdate,
    RagDecision,
    ReportingPeriod,
)
from wsoa.progress.services import CycleError, EvidenceIn, StaleEdit, UpdateIn

pytestmark = pytest.mark.django_db


def amber(**extra):
    return UpdateIn(commentary="Draft strategy with the forum.", proposed_rag=Rag.AMBER, **extra)


def test_posting_an_update_keeps_rag_proposed_and_is_audited(owned_item, contributor, period):
    owned_item.rag = Rag.GREEN
    owned_item.save()
    update = services.post_update(item=owned_item, author=contributor, data=amber(period=period))
    owned_item.refresh_from_db()
    assert owned_item.rag == Rag.GREEN
    assert update.proposed_rag == Rag.AMBER and update.period == period
    event = AuditEvent.objects.get(object_type="item", object_id=owned_item.pk)
    assert event.actor == contributor and event.action == "update.posted"
    assert event.changes["proposed_rag"] == "amber"


def test_updates_cannot_be_changed_or_deleted(owned_item, contributor):
    update = services.post_update(item=owned_item, author=contributor, data=amber())
    update.commentary = "Something else"
    with pytest.raises(ValueError, match="cannot be changed"):
        update.save()
    with pytest.raises(ValueError, match="cannot be deleted"):
        update.delete()
    assert ProgressUpdate.objects.get().commentary == "Draft strategy with the forum."


def test_a_correction_is_a_new_row_naming_the_one_it_corrects(owned_item, contributor):
    first = services.post_update(item=owned_item, author=contributor, data=amber())
    second = services.post_update(
        item=owned_item,
        author=contributor,
        data=UpdateIn("Typo: it was agreed.", Rag.GREEN, corrects=first),
    )
    assert ProgressUpdate.objects.count() == 2
    assert second.corrects == first and list(first.corrections.all()) == [second]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"proposed_rag": "purple"}, "not a RAG rating"),
        ({"commentary": "   "}, "Enter what has happened"),
    ],
)
def test_bad_updates_write_nothing(owned_item, contributor, change, message):
    data = amber()
    for name, value in change.items():
        setattr(data, name, value)
    with pytest.raises(CycleError, match=message):
        services.post_update(item=owned_item, author=contributor, data=data)
    assert not ProgressUpdate.objects.exists() and not AuditEvent.objects.exists()


def test_parts_of_another_item_or_plan_are_refused(owned_item, contributor, plan, area):
    other_item = plan.items.get(number="2.1")
    milestone = MilestoneFactory(item=other_item)
    other_plan = PlanFactory(area=area)
    foreign_period = ReportingPeriod.objects.create(
        plan=other_plan, label="X", start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31)
    )
    elsewhere = services.post_update(item=other_item, author=contributor, data=amber())
    for data, message in [
        (amber(milestone=milestone), "milestone belongs to another item"),
        (amber(period=foreign_period), "period belongs to another plan"),
        (amber(corrects=elsewhere), "corrected belongs to another item"),
        (amber(milestone_complete=True), "Choose the milestone"),
    ]:
        with pytest.raises(CycleError, match=message):
            services.post_update(item=owned_item, author=contributor, data=data)
    assert ProgressUpdate.objects.filter(item=owned_item).count() == 0


def test_evidence_links_and_files_are_kept(owned_item, contributor, media):
    upload = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    update = services.post_update(
        item=owned_item,
        author=contributor,
        data=amber(
            evidence=[
                EvidenceIn("Board minutes", file=upload),
                EvidenceIn("Local Offer page", url="https://example.org/local-offer"),
            ]
        ),
    )
    saved = list(Evidence.objects.filter(update=update))
    assert [e.title for e in saved] == ["Board minutes", "Local Offer page"]
    assert saved[0].file_name == "minutes.pdf" and saved[0].file_size == 16
    assert saved[0].file.read() == b"%PDF-1.4 minutes"
    assert saved[1].url == "https://example.org/local-offer"


def test_confirming_applies_rag_and_revised_date_with_before_and_after(
    owned_item, contributor, plan_manager
):
    owned_item.rag, owned_item.due_end = Rag.GREEN, dt.date(2026, 9, 30)
    owned_item.save()
    update = services.post_update(
        item=owned_item, author=contributor, data=amber(revised_due=dt.date(2026, 12, 31))
    )
    services.decide(update=update, by=plan_manager, outcome=Outcome.CONFIRMED, reason="")
    owned_item.refresh_from_db()
    assert owned_item.rag == Rag.AMBER
    assert owned_item.due_end == dt.date(2026, 9, 30)  # the baseline is kept
    assert owned_item.current_due == dt.date(2026, 12, 31) and owned_item.slipped
    assert owned_item.version == 2
    event = AuditEvent.objects.get(action="rag.confirmed")
    assert event.actor == plan_manager
    assert event.changes["rag"] == {"before": "green", "after": "amber"}
    assert event.changes["current_due"] == {"before": None, "after": "2026-12-31"}


def test_returning_needs_a_reason_and_changes_nothing_on_the_item(
    owned_item, contributor, plan_manager
):
    owned_item.rag = Rag.GREEN
    owned_item.save()
    update = services.post_update(item=owned_item, author=contributor, data=amber())
    with pytest.raises(CycleError, match="Enter why"):
        services.decide(update=update, by=plan_manager, outcome=Outcome.RETURNED, reason=" ")
    assert not RagDecision.objects.exists()
    services.decide(
        update=update, by=plan_manager, outcome=Outcome.RETURNED, reason="Say what slipped and why."
    )
    owned_item.refresh_from_db()
    assert owned_item.rag == Rag.GREEN and owned_item.version == 1
    assert RagDecision.objects.get().reason == "Say what slipped and why."


def test_an_update_is_decided_once(owned_item, contributor, plan_manager):
    update = services.post_update(item=owned_item, author=contributor, data=amber())
    services.decide(update=update, by=plan_manager, outcome=Outcome.CONFIRMED, reason="")
    with pytest.raises(CycleError, match="already been decided"):
        services.decide(update=update, by=plan_manager, outcome=Outcome.RETURNED, reason="No")
    assert RagDecision.objects.count() == 1


def test_confirming_a_milestone_completion_marks_it_blue(owned_item, contributor, plan_manager):
    milestone = MilestoneFactory(item=owned_item, rag=Rag.GREEN)
    update = services.post_update(
        item=owned_item,
        author=contributor,
        data=amber(milestone=milestone, milestone_complete=True),
    )
    milestone.refresh_from_db()
    assert milestone.completed_on is None  # not until confirmed
    services.decide(update=update, by=plan_manager, outcome=Outcome.CONFIRMED, reason="")
    milestone.refresh_from_db()
    assert milestone.rag == Rag.BLUE and milestone.completed_on is not None


def test_second_of_two_concurrent_edits_is_refused_and_shows_the_first(
    item, area_admin, plan_manager
):
    opened = item.version
    change_item(
        item=item, version=opened, by=area_admin, fields=ItemFields(text="First person's wording")
    )
    with pytest.raises(StaleEdit) as refused:
        change_item(
            item=item,
            version=opened,
            by=plan_manager,
            fields=ItemFields(text="Second person's wording"),
        )
    item.refresh_from_db()
    assert item.title == "First person's wording" and item.version == opened + 1
    assert "area_admin-user changed this item after you opened it" in str(refused.value)
    [change] = refused.value.since
    assert change.changes["text"]["after"] == "First person's wording"
    assert AuditEvent.objects.filter(action="item.edited").count() == 1


def test_an_edit_records_each_field_before_and_after(item, plan_manager):
    before = item.title
    change_item(
        item=item,
        version=item.version,
        by=plan_manager,
        fields=ItemFields(text="New", number="1.1"),
    )
    event = AuditEvent.objects.get(action="item.edited")
    assert event.changes["text"] == {"before": before, "after": "New"}
    assert "number" not in event.changes  # unchanged fields are not recorded


def test_a_confirmed_rating_also_makes_an_open_edit_stale(owned_item, contributor, plan_manager):
    opened = owned_item.version
    update = services.post_update(item=owned_item, author=contributor, data=amber())
    services.decide(update=update, by=plan_manager, outcome=Outcome.CONFIRMED, reason="")
    with pytest.raises(StaleEdit):
        change_item(
            item=owned_item, version=opened, by=plan_manager, fields=ItemFields(text="Late edit")
        )


def test_comments_are_kept_and_cannot_be_empty(owned_item, forum_rep):
    with pytest.raises(CycleError, match="Enter your comment"):
        services.add_comment(item=owned_item, author=forum_rep, text="  ")
    services.add_comment(
        item=owned_item, author=forum_rep, text="How will families hear about this?"
    )
    assert Comment.objects.get().author == forum_rep


def test_monthly_and_quarterly_periods_are_generated_without_overlap(plan, plan_manager):
    count = services.generate_periods(
        plan=plan, by=plan_manager, first=dt.date(2026, 4, 1), last=dt.date(2027, 3, 31), months=3
    )
    assert count == 4
    assert [p.label for p in plan.periods.all()] == [
        "April–June 2026",
        "July–September 2026",
        "October–December 2026",
        "January–March 2027",
    ]
    with pytest.raises(CycleError, match="overlaps “October–December 2026”"):
        services.generate_periods(
            plan=plan,
            by=plan_manager,
            first=dt.date(2026, 11, 1),
            last=dt.date(2026, 12, 31),
            months=1,
        )
    assert plan.periods.count() == 4  # nothing half-added


def test_a_plans_own_periods_can_be_added(plan, plan_manager):
    services.add_period(
        plan=plan, by=plan_manager, label="Q1", start=dt.date(2019, 6, 1), end=dt.date(2019, 8, 31)
    )
    with pytest.raises(CycleError, match="already a period called “Q1”"):
        services.add_period(
            plan=plan,
            by=plan_manager,
            label="Q1",
            start=dt.date(2019, 9, 1),
            end=dt.date(2019, 11, 30),
        )
    with pytest.raises(CycleError, match="must end on or after"):
        services.add_period(
            plan=plan,
            by=plan_manager,
            label="Q2",
            start=dt.date(2019, 9, 1),
            end=dt.date(2019, 8, 1),
        )


def test_overdue_uses_the_revised_date_once_agreed(area):
    plan = build_plan(area, objectives=1, actions=1)
    item = plan.items.get(number="1.1")
    item.due_end, item.current_due = dt.date(2026, 1, 31), dt.date(2026, 6, 30)
    item.save()
    assert not Item.objects.overdue(dt.date(2026, 3, 1)).filter(pk=item.pk).exists()
    assert Item.objects.overdue(dt.date(2026, 7, 1)).filter(pk=item.pk).exists()
