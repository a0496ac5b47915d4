"""Publish rules: only what managers chose is published, and a snapshot never changes."""

import datetime as dt
import json

import pytest
from public_texts import PUBLIC_COMMENTARY, SECRET_COMMENTARY

from factories import FindingFactory
from wsoa.core.models import AuditEvent
from wsoa.plans.rag import Rag
from wsoa.public import services
from wsoa.public.content import draft_content
from wsoa.public.models import PublishedSnapshot, YouSaid

pytestmark = pytest.mark.django_db


def published_text(plan, by) -> str:
    return json.dumps(services.publish_plan(plan=plan, by=by).content)


def test_only_chosen_items_commentary_and_indicators_are_published(chosen, plan_manager):
    text = published_text(chosen, plan_manager)
    assert "Action text 1.1" in text and "Action text 2.1" in text
    assert "Action text 1.2" not in text and "Action text 2.2" not in text
    assert PUBLIC_COMMENTARY in text
    assert SECRET_COMMENTARY not in text
    assert "EHC plans issued within 20 weeks" in text
    assert "Tribunal appeals lodged" not in text


def test_leads_and_owners_never_appear(chosen, plan_manager, contributor):
    text = published_text(chosen, plan_manager)
    assert "Lead 1" not in text and "Lead 2" not in text
    assert contributor.username not in text and plan_manager.username not in text


def test_commentary_of_an_unpublished_item_never_appears(chosen, plan_manager, updates):
    services.choose_public(
        plan=chosen, by=plan_manager, items=[], indicators=[], updates=[updates[0].pk]
    )
    services.save_summary(
        finding=chosen.findings.get(),
        by=plan_manager,
        data=services.SummaryIn("Waiting times.", "", "", True),
    )
    assert PUBLIC_COMMENTARY not in published_text(chosen, plan_manager)


def test_an_unpublished_summary_leaves_its_finding_out(chosen, plan_manager, weakness):
    data = services.SummaryIn("Families wait too long.", "Done.", "Next.", False)
    services.save_summary(finding=weakness, by=plan_manager, data=data)
    content = draft_content(chosen)
    assert content["findings"] == []
    assert {card["label"] for card in content["other_items"]} == {"Action 1.1", "Action 2.1"}


def test_a_summary_cannot_be_published_empty(weakness, plan_manager):
    with pytest.raises(services.PublishError):
        services.save_summary(
            finding=weakness, by=plan_manager, data=services.SummaryIn(" ", "", "", True)
        )


def test_rag_counts_are_in_words_over_published_items(chosen):
    counts = {
        row["name"]: (row["words"], row["count"]) for row in draft_content(chosen)["rag_counts"]
    }
    assert counts == {"Red": ("Red", 1), "Green": ("Green", 1)}


def test_findings_hold_their_published_items(chosen):
    finding = draft_content(chosen)["findings"][0]
    assert finding["summary"].startswith("Families wait too long")
    assert [card["label"] for card in finding["items"]] == ["Action 1.1"]
    assert finding["items"][0]["commentary"][0]["text"] == PUBLIC_COMMENTARY


def test_only_published_you_said_entries_appear_with_published_items(chosen, plan_manager):
    items = list(chosen.items.filter(number__in=["1.1", "1.2"]))
    data = services.YouSaidIn(
        "Nobody calls back.",
        "Forum survey",
        dt.date(2026, 10, 1),
        "Call-backs within 2 days.",
        items,
    )
    shown = services.save_you_said(plan=chosen, by=plan_manager, data=data)
    services.set_you_said_published(entry=shown, by=plan_manager, is_published=True)
    hidden = services.YouSaidIn(
        "A draft we are checking.", "Young people's council", dt.date(2026, 9, 1), "Not yet.", []
    )
    services.save_you_said(plan=chosen, by=plan_manager, data=hidden)
    entries = draft_content(chosen)["you_said"]
    assert [e["said"] for e in entries] == ["Nobody calls back."]
    assert entries[0]["items"] == ["Action 1.1"]  # 1.2 is not published
    assert entries[0]["said_on"] == "1 October 2026"


def test_you_said_refuses_another_plans_items(chosen, plan_manager, other_plan):
    data = services.YouSaidIn("x", "y", dt.date(2026, 1, 1), "z", [other_plan.items.first()])
    with pytest.raises(services.PublishError):
        services.save_you_said(plan=chosen, by=plan_manager, data=data)
    assert not YouSaid.objects.exists()


def test_choices_from_another_plan_are_ignored(chosen, plan_manager, other_plan):
    foreign = other_plan.items.first()
    services.choose_public(
        plan=chosen, by=plan_manager, items=[foreign.pk], indicators=[], updates=[]
    )
    assert chosen.public_choice.items.count() == 0


def test_a_snapshot_does_not_change_after_later_edits(chosen, plan_manager, timeliness, updates):
    snapshot = services.publish_plan(plan=chosen, by=plan_manager)
    before = json.dumps(snapshot.content, sort_keys=True)
    chosen.items.filter(number="1.1").update(title="Rewritten internally", rag=Rag.RED)
    timeliness.name = "Renamed"
    timeliness.save()
    services.choose_public(plan=chosen, by=plan_manager, items=[], indicators=[], updates=[])
    stored = PublishedSnapshot.objects.get(pk=snapshot.pk)
    assert json.dumps(stored.content, sort_keys=True) == before
    assert stored.checksum == services.checksum(stored.content)


def test_snapshots_cannot_be_changed_or_deleted(chosen, plan_manager):
    snapshot = services.publish_plan(plan=chosen, by=plan_manager)
    snapshot.content = {}
    with pytest.raises(ValueError):
        snapshot.save()
    with pytest.raises(ValueError):
        snapshot.delete()
    from django.db import DatabaseError, connection, transaction

    if connection.vendor == "postgresql":
        with (
            pytest.raises(DatabaseError, match="cannot be changed or deleted"),
            transaction.atomic(),
        ):
            PublishedSnapshot.objects.filter(pk=snapshot.pk).update(content={})
    assert PublishedSnapshot.objects.get(pk=snapshot.pk).content != {}


def test_each_publishing_is_a_new_numbered_version_with_an_audit_row(chosen, plan_manager):
    first = services.publish_plan(plan=chosen, by=plan_manager)
    second = services.publish_plan(plan=chosen, by=plan_manager)
    assert (first.number, second.number) == (1, 2)
    assert AuditEvent.objects.filter(action="plan.published").count() == 2


def test_nothing_chosen_cannot_be_published(plan, plan_manager):
    with pytest.raises(services.PublishError):
        services.publish_plan(plan=plan, by=plan_manager)
    assert not PublishedSnapshot.objects.exists()


def test_a_finding_without_items_can_be_published(plan, plan_manager):
    finding = FindingFactory(plan=plan, code="APA 1")
    data = services.SummaryIn("Short breaks are hard to find.", "", "", True)
    services.save_summary(finding=finding, by=plan_manager, data=data)
    content = services.publish_plan(plan=plan, by=plan_manager).content
    assert content["findings"][0]["code"] == "APA 1"
    assert content["rag_counts"] == []
