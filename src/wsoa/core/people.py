"""How a person is named on pages, in e-mails and in audit labels.

A person is shown by their full name, with their organisation in the area where it is known
("Penny Richardson (Worcestershire County Council)"); their username only when the account has
no name.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from wsoa.core.models import LocalArea, Membership


def display_name(user: Any, organisation: str = "") -> str:
    """The user's full name, or their username when they have none, with their organisation."""
    name = str(user.get_full_name() or user.get_username())
    organisation = " ".join(str(organisation or "").split())
    return f"{name} ({organisation})" if organisation else name


def names_in_area(area: LocalArea | int) -> dict[int, str]:
    """Every member of the area by user id, named with their organisation there (one query)."""
    user = get_user_model()
    rows = Membership.objects.filter(area=area).values_list(  # plain values: read once a page
        "user_id",
        f"user__{user.USERNAME_FIELD}",
        "user__first_name",
        "user__last_name",
        "organisation__name",
    )
    return {
        pk: display_name(
            user(**{user.USERNAME_FIELD: name, "first_name": first, "last_name": last}), org or ""
        )
        for pk, name, first, last, org in rows
    }
