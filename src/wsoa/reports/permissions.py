"""Who may do what with boards, meetings and packs. Reading is any role in the area.

- Read meetings, packs and snapshots, and download a snapshot: every role in the area.
- Record meetings, decisions and actions, draft an agenda, generate a pack: area admins and
  plan managers.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from wsoa.core.models import Membership


def can_manage(membership: Membership) -> bool:
    return membership.manages


def require(allowed: bool, message: str) -> None:
    """Refuse the request (403) when not allowed; the area itself was already scoped (404)."""
    if not allowed:
        raise PermissionDenied(message)
