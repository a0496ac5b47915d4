"""The audit service: the one place that records changes to plan data."""

from __future__ import annotations

from typing import Any

from wsoa.core.models import AuditEvent, LocalArea


def record_event(
    *,
    area: LocalArea,
    actor: Any,
    action: str,
    object_type: str,
    object_id: int | None,
    summary: str,
    changes: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Add one audit row; the actor is a user, or None with a label (e.g. a command)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = actor_label or (user.get_username() if user else "system")
    return AuditEvent.objects.create(
        area=area,
        actor=user,
        actor_label=label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        summary=summary,
        changes=changes or {},
    )
