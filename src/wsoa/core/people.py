"""How a person is named on pages, in e-mails and in audit labels.

A person is shown by their full name, with their organisation in the area where it is known
("Penny Richardson (Worcestershire County Council)"); their username only when the account has
no name.
"""

from __future__ import annotations

from typing import Any

from wsoa.core.models import LocalArea, Membership


def display_name(user: Any, organisation: str = "") -> str:
    """The user's full name, or their username when they have none, with their organisation."""
    name = str(user.get_full_name() or user.get_username())
    organisation = " ".join(str(organisation or "").split())
    return f"{name} ({organisation})" if organisation else name


def names_in_area(area: LocalArea | int) -> dict[int, str]:
    """Every member of the area by user id, named with their organisation there (one query)."""
    rows = Membership.objects.filter(area=area).select_related("user", "organisation")
    return {
        m.user_id: display_name(m.user, m.organisation.name if m.organisation else "") for m in rows
    }
