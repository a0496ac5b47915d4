"""record_event derives the area, type and id from the object; old action names are migrated."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from factories import (
    BoardFactory,
    ItemFactory,
    MembershipFactory,
    PersonFactory,
    PlanFactory,
    UserFactory,
)
from wsoa.core.audit import record_event
from wsoa.core.models import CodeAttempts, Organisation
from wsoa.kpi.models import DfeLink, ExceptionReport, Indicator
from wsoa.reports.models import Meeting, PackJob, PackSnapshot


def objects_and_types(area, plan, user) -> list[tuple[Any, str]]:
    """Each kind of object the services audit, with the object type its rows carry."""
    indicator = Indicator.objects.create(area=area, name="EHC plans in 20 weeks", unit="percent")
    board = BoardFactory(plan=plan)
    return [
        (plan, "plan"),
        (ItemFactory(plan=plan), "item"),
        (PersonFactory(plan=plan), "person"),
        (MembershipFactory(area=area), "membership"),
        (Organisation.objects.create(area=area, name="Council", kind="council"), "organisation"),
        (indicator, "kpi_indicator"),
        (DfeLink.objects.create(area=area, la_code="805", la_name="Hartlepool"), "kpi_dfe_link"),
        (Meeting.objects.create(board=board, held_on=dt.date(2026, 10, 5)), "meeting"),
        (PackJob.objects.create(plan=plan, requested_by=user), "pack_job"),
        (PackSnapshot(pk=7, plan=plan), "pack"),  # made by a job; its type is all that matters
    ]


def test_the_area_type_and_id_come_from_the_object(area, plan, plan_manager):
    PlanFactory()  # a plan of another area, which no event may name
    for obj, kind in objects_and_types(area, plan, plan_manager):
        event = record_event(obj=obj, by=plan_manager, action="thing.done", summary="Done")
        assert (event.area, event.object_type, event.object_id) == (area, kind, obj.pk), kind
        assert event.actor == plan_manager and event.actor_label == plan_manager.get_username()


def test_an_object_in_no_one_area_is_audited_in_the_area_given(area):
    user = UserFactory()
    event = record_event(
        obj=user, area=area, actor_label="signing in", action="code.rejected", summary="Wrong"
    )
    assert (event.area, event.object_type, event.object_id) == (area, "user", user.pk)
    assert event.actor is None and event.actor_label == "signing in"


def test_a_command_is_named_by_its_label(area, plan):
    assert record_event(obj=plan, action="plan.imported", summary="x").actor_label == "system"
    named = record_event(obj=plan, by="wsoa demo", action="plan.imported", summary="x")
    assert named.actor is None and named.actor_label == "wsoa demo"


@pytest.mark.parametrize("make", [UserFactory, lambda: CodeAttempts(pk=1, key="user:1")])
def test_an_object_whose_area_cannot_be_found_is_refused(db, make):
    with pytest.raises(TypeError, match="No local area"):
        record_event(obj=make(), action="thing.done", summary="Done")


def test_an_exception_is_found_in_its_indicators_area(area):
    indicator = Indicator.objects.create(area=area, name="Assessments", unit="count")
    exception = ExceptionReport(pk=3, indicator=indicator, reason="Red")
    event = record_event(obj=exception, action="exception.opened", summary="Red")
    assert (event.area, event.object_type) == (area, "exceptionreport")


# The migration: each old name, and what it becomes. Four "public.you_said" rows differ only
# in what they recorded.
OLD_AND_NEW = [
    ("import", {}, "plan.imported"),
    ("create", {}, "indicator.added"),
    ("change", {}, "indicator.edited"),
    ("set_target", {}, "target.set"),
    ("measure", {}, "measurement.added"),
    ("open_exception", {}, "exception.opened"),
    ("close_exception", {}, "exception.closed"),
    ("answer_exception", {}, "exception.answered"),
    ("link_dfe", {}, "dfe_link.saved"),
    ("load_dfe", {}, "dfe_figures.loaded"),
    ("create_findings", {}, "findings.added"),
    ("public.summary", {}, "finding_summary.saved"),
    ("public.chosen", {"items": [1]}, "public_choice.saved"),
    ("public.published", {"snapshot": 1}, "plan.published"),
    ("meeting.decision", {}, "decision.recorded"),
    ("meeting.action", {}, "action_arising.recorded"),
    ("sign_in.code_failed", {"tried": 1}, "code.rejected"),
    ("sign_in.code_locked", {"tried": 5}, "account.locked"),
    (
        "public.you_said",
        {"entry": 1, "said": {"before": None, "after": "More speech therapy"}},
        "you_said.added",
    ),
    (
        "public.you_said",
        {"entry": 1, "said": {"before": "More", "after": "More speech therapy"}},
        "you_said.edited",
    ),
    ("public.you_said", {"entry": 1, "items": {"before": [], "after": [2]}}, "you_said.edited"),
    ("public.you_said", {"entry": 1}, "you_said.edited"),  # saved with nothing changed
    ("public.you_said", {"entry": 1, "approved": {"said": "More"}}, "you_said.approved"),
    ("public.you_said", {"entry": 1, "approved": None}, "you_said.withdrawn"),
    # Names already in style are left alone.
    ("item.edited", {"version": 2}, "item.edited"),
    ("rag.confirmed", {"update": 1}, "rag.confirmed"),
    ("pack.generated", {}, "pack.generated"),
]
BEFORE = ("core", "0005_two_factor_code_attempts")
AFTER = ("core", "0006_audit_action_names")


def migrate_to(target: tuple[str, str]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return MigrationExecutor(connection).loader.project_state([target]).apps


def actions(apps: Any, pks: list[int]) -> list[str]:
    rows = apps.get_model("core", "AuditEvent").objects.in_bulk(pks)
    return [rows[pk].action for pk in pks]


def still_refused_on_postgresql(apps: Any, pk: int) -> None:
    if connection.vendor != "postgresql":
        return
    events = apps.get_model("core", "AuditEvent").objects
    with pytest.raises(DatabaseError, match="cannot be changed"), transaction.atomic():
        events.filter(pk=pk).update(action="x.changed")


@pytest.mark.django_db(transaction=True)
def test_the_migration_renames_each_old_action_and_back():
    try:
        apps = migrate_to(BEFORE)
        area = apps.get_model("core", "LocalArea").objects.create(name="Hartlepool", slug="h")
        events = apps.get_model("core", "AuditEvent").objects
        pks = [
            events.create(
                area=area, actor_label="x", action=old, object_type="plan", object_id=1,
                summary="s", changes=changes,
            ).pk
            for old, changes, _ in OLD_AND_NEW
        ]  # fmt: skip
        apps = migrate_to(AFTER)
        assert actions(apps, pks) == [new for _, _, new in OLD_AND_NEW]
        still_refused_on_postgresql(apps, pks[0])
        apps = migrate_to(BEFORE)
        assert actions(apps, pks) == [old for old, _, _ in OLD_AND_NEW]
        still_refused_on_postgresql(apps, pks[0])
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
