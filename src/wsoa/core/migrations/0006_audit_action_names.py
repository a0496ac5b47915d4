"""Rename the actions of audit rows to one style: `<object>.<past-tense verb>` (ADR 0016).

Audit rows are append-only: the model refuses to change a saved row, and on PostgreSQL a
trigger (migration 0003) refuses any UPDATE. This migration is the one rewrite allowed: it
changes only the action, through the queryset's `update()` (which never calls `save()`), with
the trigger switched off inside the migration's own transaction and on again before it commits,
so no other connection ever sees the table unguarded. It imports no app code: the names below
are the whole mapping, fixed as they were when it was written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import migrations

# Old action -> new action, for every action that changed name.
RENAMED = {
    "import": "plan.imported",
    "create": "indicator.added",
    "change": "indicator.edited",
    "set_target": "target.set",
    "measure": "measurement.added",
    "open_exception": "exception.opened",
    "close_exception": "exception.closed",
    "answer_exception": "exception.answered",
    "link_dfe": "dfe_link.saved",
    "load_dfe": "dfe_figures.loaded",
    "create_findings": "findings.added",
    "public.summary": "finding_summary.saved",
    "public.chosen": "public_choice.saved",
    "public.published": "plan.published",
    "meeting.decision": "decision.recorded",
    "meeting.action": "action_arising.recorded",
    "sign_in.code_failed": "code.rejected",
    "sign_in.code_locked": "account.locked",
}

# One old action that named four changes; the row's changes say which each was.
YOU_SAID = "public.you_said"
YOU_SAID_ACTIONS = ("you_said.added", "you_said.edited", "you_said.approved", "you_said.withdrawn")

TABLE = "core_auditevent"
TRIGGER = "core_auditevent_append_only"
BATCH = 500


def you_said_action(changes: Any) -> str:
    """The new name of a `public.you_said` row, read from what it recorded."""
    if not isinstance(changes, dict):
        return "you_said.edited"
    if "approved" in changes:  # only approving or withdrawing records the approved text
        return "you_said.approved" if changes["approved"] is not None else "you_said.withdrawn"
    said = changes.get("said")
    if isinstance(said, dict) and said.get("before") is None:  # a new entry had no text before
        return "you_said.added"
    return "you_said.edited"


@contextmanager
def unguarded(schema_editor: Any) -> Iterator[None]:
    """Switch PostgreSQL's append-only trigger off for the body, within this transaction."""
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TRIGGER}")
    yield
    if postgres:
        schema_editor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {TRIGGER}")


def _events(apps: Any, schema_editor: Any) -> Any:
    return apps.get_model("core", "AuditEvent").objects.using(schema_editor.connection.alias)


def forwards(apps: Any, schema_editor: Any) -> None:
    events = _events(apps, schema_editor)
    with unguarded(schema_editor):
        for old, new in RENAMED.items():
            events.filter(action=old).update(action=new)
        split: dict[str, list[int]] = defaultdict(list)
        for pk, changes in events.filter(action=YOU_SAID).values_list("pk", "changes").iterator():
            split[you_said_action(changes)].append(pk)
        for new, pks in split.items():
            for start in range(0, len(pks), BATCH):
                events.filter(pk__in=pks[start : start + BATCH]).update(action=new)


def backwards(apps: Any, schema_editor: Any) -> None:
    events = _events(apps, schema_editor)
    with unguarded(schema_editor):
        for old, new in RENAMED.items():
            events.filter(action=new).update(action=old)
        events.filter(action__in=YOU_SAID_ACTIONS).update(action=YOU_SAID)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_two_factor_code_attempts")]

    operations = [migrations.RunPython(forwards, backwards)]
