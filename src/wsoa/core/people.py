"""How a person is named on pages, in e-mails and in audit labels."""

from __future__ import annotations

from typing import Any


def display_name(user: Any) -> str:
    """The user's full name, or their username when they have none."""
    return str(user.get_full_name() or user.get_username())
