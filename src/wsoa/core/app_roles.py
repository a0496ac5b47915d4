"""Roles that apps above core give people, which core must know of without importing them.

Casework's roles (caseworker, casework manager, advice giver) need no plan membership, yet signing
in (`core.auth`) must ask their holders for two-factor authentication, and the navigation and
"Your areas" must lead them to their pages. So each app that gives roles registers a function
here in its AppConfig.ready(), as apps register dashboard tiles with plans (ADR 0018).

The links are worked out when the user signs in and whenever their roles change (with the
two-factor answer, `core.auth`), and kept in the session: pages read them without a query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from django.contrib.sessions.backends.base import SessionBase

LINKS = "wsoa_role_links"


@dataclass(frozen=True)
class AppRole:
    """One role a user holds in one area, given by an app above core, and where it leads."""

    section: str  # what the roles are about, a heading on "Your areas": "Casework"
    label: str  # the link's words: "Casework worklist", "Advice requests"
    url: str
    area: str  # the area's name
    role: str  # "Caseworker"
    needs_two_factor: bool  # True when the role shows any personal data


RoleSource = Callable[[Any], list[AppRole]]

_sources: dict[str, RoleSource] = {}


def register(name: str, source: RoleSource) -> None:
    """Add an app's roles; registering the same name again replaces it (ready() may rerun)."""
    _sources[name] = source


def registered() -> list[str]:
    return sorted(_sources)


def roles_of(user: Any) -> list[AppRole]:
    """Every role the user holds in the registered apps (none for a user not signed in)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [role for name in registered() for role in _sources[name](user)]


def needs_two_factor(user: Any) -> bool:
    """Say whether a role the user holds in an app above core asks for two-factor sign-in."""
    return any(role.needs_two_factor for role in roles_of(user))


def remember_links(session: SessionBase, user: Any) -> None:
    """Keep the user's links in the session, writing it only when they changed."""
    links = [asdict(role) for role in roles_of(user)]
    if session.get(LINKS) != links:
        session[LINKS] = links


def links_in(session: SessionBase | None) -> list[dict[str, Any]]:
    """The links kept at sign-in (none in a session that has none)."""
    return list(session.get(LINKS) or []) if session is not None else []
