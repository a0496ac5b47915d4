"""Versions of a plan (issue 11 §3) and a revised document as its next version (§4), on seeds."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from version_helpers import tamper

from factories import MembershipFactory, UserFactory
from wsoa.core.models import AuditEvent
from wsoa.documents.importing import import_plan
from wsoa.documents.interchange.compare import compare
from wsoa.documents.interchange.exporting import export_plan, to_json
from wsoa.documents.versions import agree_version, plan_now
from wsoa.plans.models import Item, Plan, PlanVersion
from wsoa.plans.versioning import TamperedVersion, version_content
from wsoa.progress.arranging import move_item, remove_item
from wsoa.progress.authoring import ItemFields, add_item, change_item
from wsoa.progress.models import ProgressUpdate

SEEDS = Path(__file__).resolve().parents[2] / "src" / "wsoa" / "documents" / "seeds"
ALL_SEEDS = sorted(p.name for p in SEEDS.glob("*.txt"))
WORCESTERSHIRE = "004_f5d818488e67f6ca.txt"


# The seeds are imported once for the module; each test reads its plan afresh and its changes
# are rolled back after it, so the module's tests stay on one worker.
pytestmark = pytest.mark.xdist_group("document-versions")


@pytest.fixture(scope="module")
def seed_ids(django_db_setup, django_db_blocker) -> Iterator[dict[str, int]]:
    """Each seed's plan id, imported once into Seedshire; rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield {
            name: import_plan(path=SEEDS / name, area_name="Seedshire").plan.pk
            for name in ALL_SEEDS
        }
        transaction.set_rollback(True)


@pytest.fixture
def seed_plan(seed_ids) -> Callable[[str], Plan]:
    """A seed's plan as imported, read afresh for this test."""
    return lambda name: Plan.objects.get(pk=seed_ids[name])


def dry_run(path: Path, plan_id: int) -> dict:
    out = StringIO()
    call_command("import", str(path), into=plan_id, dry_run=True, json=True, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
@pytest.mark.parametrize("name", ALL_SEEDS)
def test_dry_run_of_the_unchanged_seed_is_empty(seed_plan, name):
    plan = seed_plan(name)
    assert dry_run(SEEDS / name, plan.pk) == {
        "added": [],
        "removed": [],
        "moved": [],
        "changed": [],
    }


def manager():
    return UserFactory(username="manager")


def history(item: Item, author) -> None:
    """Give an item history: a progress update (append-only), as a contributor would post."""
    ProgressUpdate.objects.create(
        item=item, author=author, commentary="Done so far", proposed_rag="green"
    )


@pytest.mark.django_db
def test_comparing_version_1_with_now_lists_exactly_the_changes_made(seed_plan):
    plan = seed_plan(WORCESTERSHIRE)
    by = manager()
    v1 = agree_version(
        plan=plan, by=by, agreed_on=dt.date(2025, 3, 1), body="SEND Improvement Board"
    )
    objective = plan.items.filter(depth=1).order_by("position")[0]
    new = add_item(
        plan=plan,
        by=by,
        parent=objective,
        fields=ItemFields(text="Audit EHC plans", leads=["AB"], due="end of March 2025"),
    )
    mover = plan.items.filter(depth=1).order_by("position")[3]
    target = plan.items.filter(depth=1).order_by("position")[1]
    move_item(item=mover, by=by, version=mover.version, parent=target, after=None)
    gone = plan.items.filter(depth=1).order_by("position")[5]
    history(gone, by)
    removal = remove_item(item=gone, by=by, version=gone.version, reason="Merged into 2.1")
    assert not removal.deleted
    dated = plan.items.filter(depth=1, due_dates__isnull=False).order_by("position")[6]
    dated = change_item(
        item=dated, by=by, version=dated.version, fields=ItemFields(due="end of March 2025")
    )

    changes = compare(version_content(v1), plan_now(plan))

    assert [a["text"] for a in changes.added] == ["Audit EHC plans"]
    assert changes.added[0]["parent"] == objective.number
    withdrawn_numbers = {i.number for i in removal.withdrawn}
    assert {r["number"] for r in changes.removed} == withdrawn_numbers
    assert all(r["withdrawn"] and r["reason"] == "Merged into 2.1" for r in changes.removed)
    assert [(m["number"], m["from"], m["to"]) for m in changes.moved] == [
        (mover.number, mover.parent.number, target.number)
    ]
    assert [(c["number"], list(c["fields"])) for c in changes.changed] == [(dated.number, ["due"])]
    assert changes.changed[0]["fields"]["due"][1] == "end of March 2025"
    assert new.pk in {i.pk for i in plan.items.all()}


@pytest.mark.django_db
def test_a_plan_unchanged_since_its_version_compares_as_no_changes(seed_plan):
    plan = seed_plan(WORCESTERSHIRE)
    v1 = agree_version(plan=plan, by=manager(), agreed_on=dt.date(2025, 3, 1))
    assert not compare(version_content(v1), plan_now(plan))


@pytest.mark.django_db
def test_versions_are_numbered_checksummed_append_only_and_audited(seed_plan):
    plan = seed_plan("000_56886334a7fafb51.txt")
    by = manager()
    first = agree_version(plan=plan, by=by, agreed_on=dt.date(2025, 3, 1), note="First")
    second = agree_version(plan=plan, by=by, agreed_on=dt.date(2025, 6, 1))
    assert (first.number, second.number) == (1, 2)
    stored = PlanVersion.objects.get(pk=first.pk)
    assert len(stored.content_sha256) == 64
    assert version_content(stored)["plan"]["id"] == plan.pk
    with pytest.raises(ValueError, match="cannot be changed"):
        stored.save()
    with pytest.raises(ValueError, match="cannot be deleted"):
        stored.delete()
    events = AuditEvent.objects.filter(action="version.agreed", object_id__in=[first.pk, second.pk])
    assert events.count() == 2


@pytest.mark.django_db
def test_a_tampered_version_is_refused(seed_plan):
    plan = seed_plan("000_56886334a7fafb51.txt")
    version = agree_version(plan=plan, by=manager(), agreed_on=dt.date(2025, 3, 1))
    content = version.content
    content["items"][0]["title"] = "Something else"
    tamper(version, content)
    with pytest.raises(TamperedVersion, match="does not match its checksum"):
        version_content(PlanVersion.objects.get(pk=version.pk))


@pytest.mark.django_db
def test_a_document_of_another_plan_is_refused_and_nothing_is_written(seed_plan):
    plan = seed_plan("000_56886334a7fafb51.txt")
    before = (Item.objects.count(), AuditEvent.objects.count())
    with pytest.raises(CommandError, match=f"fewer than half of the items match plan {plan.pk}"):
        call_command("import", str(SEEDS / WORCESTERSHIRE), into=plan.pk, stdout=StringIO())
    assert (Item.objects.count(), AuditEvent.objects.count()) == before
    assert not PlanVersion.objects.exists()


def exported(plan) -> dict:
    return json.loads(to_json(export_plan(plan)))


def _write(tmp_path: Path, document: dict) -> Path:
    path = tmp_path / "revised.json"
    path.write_text(json.dumps(document))
    return path


@pytest.mark.django_db
def test_the_exported_json_of_an_unchanged_plan_is_an_empty_dry_run(seed_plan, tmp_path):
    plan = seed_plan("002_42220b0dc9254f8f.txt")
    assert dry_run(_write(tmp_path, exported(plan)), plan.pk) == {
        "added": [],
        "removed": [],
        "moved": [],
        "changed": [],
    }


def revise(document: dict) -> dict:
    """Peterborough revised: a lead changed, an action dropped, one added, one moved."""
    objectives = document["items"]
    objectives[0]["children"][0]["leads"] = ["NiWi"]
    dropped = objectives[1]["children"].pop(1)
    moved = objectives[2]["children"].pop(0)
    objectives[3]["children"].append(moved)
    new = dict(
        objectives[0]["children"][0],
        number="1.9",
        title="Publish the local offer in Polish",
        leads=["Head of SEND"],
        milestones=[],
        notes=[],
        indicators=[],
        findings=[],
        links=[],
        children=[],
    )
    objectives[0]["children"].append(new)
    return {"dropped": dropped, "moved": moved, "objectives": objectives}


@pytest.mark.django_db
def test_a_revised_document_lists_its_changes_then_applies_them_as_the_next_version(
    seed_plan, tmp_path
):
    plan = seed_plan("003_b9ec3471d1f06a02.txt")
    by = manager()
    MembershipFactory(area=plan.area, user=by, role="plan_manager")
    document = exported(plan)
    parts = revise(document)
    first = plan.items.get(number=parts["objectives"][0]["children"][0]["number"])
    dropped = plan.items.get(number=parts["dropped"]["number"])
    history(dropped, by)
    kept = plan.items.get(number=parts["moved"]["number"])
    history(kept, by)
    path = _write(tmp_path, document)

    changes = dry_run(path, plan.pk)

    assert changes["added"] == [
        {"number": "1.9", "text": "Publish the local offer in Polish", "parent": "1"}
    ]
    assert changes["removed"] == [{"number": dropped.number, "text": dropped.title}]
    assert changes["moved"] == [{"number": kept.number, "from": "3", "to": "4"}]
    assert changes["changed"] == [
        {
            "number": first.number,
            "fields": {
                "leads": [
                    ", ".join(first.people.filter(part="lead").values_list("text", flat=True)),
                    "NiWi",
                ]
            },
        }
    ]
    assert not PlanVersion.objects.exists()

    out = StringIO()
    call_command("import", str(path), into=plan.pk, stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == "1"
    version = PlanVersion.objects.get(plan=plan)
    assert version.agreed_by_body == "Imported from revised.json"
    dropped.refresh_from_db()
    kept.refresh_from_db()
    assert dropped.withdrawn_at is not None and dropped.updates.count() == 1
    assert kept.parent.number == "4" and kept.updates.count() == 1
    assert plan.items.filter(title="Publish the local offer in Polish").exists()
    assert dry_run(path, plan.pk) == {"added": [], "removed": [], "moved": [], "changed": []}


@pytest.mark.django_db
def test_unnumbered_actions_of_a_revised_hartlepool_match_by_their_text(seed_plan, tmp_path):
    plan = seed_plan("000_56886334a7fafb51.txt")
    document = exported(plan)
    action = document["items"][1]["children"][2]
    assert action["number"] == ""
    original = action["title"]
    action["title"] = original.rstrip(".") + " and review it termly."
    changes = dry_run(_write(tmp_path, document), plan.pk)
    assert changes["added"] == [] and changes["removed"] == [] and changes["moved"] == []
    assert changes["changed"] == [{"number": "", "fields": {"text": [original, action["title"]]}}]


@pytest.mark.django_db
def test_postgresql_refuses_to_change_an_agreed_version(seed_plan):
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger is PostgreSQL's")
    plan = seed_plan("000_56886334a7fafb51.txt")
    version = agree_version(plan=plan, by=manager(), agreed_on=dt.date(2025, 3, 1))
    with pytest.raises(DatabaseError, match="cannot be changed"), transaction.atomic():
        PlanVersion.objects.filter(pk=version.pk).update(note="changed")
