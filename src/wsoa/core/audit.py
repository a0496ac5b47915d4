"""The audit service: the one place that records changes to plan data.

`record_event(obj=…, action=…, by=…, summary=…, changes=…)` derives the area, the object's type
and id from the object itself. Actions are named `<object>.<past-tense verb>` (`item.edited`,
`rag.confirmed`, `measurement.added`); the rule and every action: docs/adr/0016-audit-events.md.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from wsoa.core.models import AuditEvent, LocalArea


def audit_type(obj: models.Model) -> str:
    """The object's type as audit rows name it: its `audit_type`, else its model name."""
    return str(getattr(type(obj), "audit_type", None) or obj._meta.model_name)


def area_of(obj: models.Model) -> LocalArea:
    """The local area an object belongs to, found through its area, plan, item or indicator."""
    if isinstance(obj, LocalArea):
        return obj
    for path in ("area", "plan", "item", "indicator", "board", "meeting", "finding"):
        owner = getattr(obj, path, None)
        if owner is not None:
            return area_of(owner)
    raise TypeError(f"No local area can be found for {type(obj).__name__} {obj.pk}")


def record_event(
    *,
    obj: models.Model,
    action: str,
    summary: str,
    by: Any = None,
    changes: dict[str, Any] | None = None,
    actor_label: str = "",
    area: LocalArea | None = None,
) -> AuditEvent:
    """Add one audit row about `obj`, and return it.

    `by` is the user who made the change, or, for a command, None with an `actor_label` (or the
    label itself, e.g. "wsoa demo"). `area` is given only where the object belongs to no one
    area (a user signing in, audited in each area the account belongs to).
    """
    user = by if getattr(by, "is_authenticated", False) else None
    named = by if isinstance(by, str) else ""
    label = actor_label or (user.get_username() if user else named or "system")
    return AuditEvent.objects.create(
        area=area or area_of(obj),
        actor=user,
        actor_label=label[:200],
        action=action,
        object_type=audit_type(obj),
        object_id=obj.pk,
        summary=summary,
        changes=changes or {},
    )
