"""How a person is named on pages: {{ user|display_name }}, or {% person user %} with their
organisation in the page's area, read once per page for all of its members."""

from __future__ import annotations

from typing import Any

from django import template

from wsoa.core import people

register = template.Library()


@register.filter
def display_name(user: Any) -> str:
    """The user's full name, or their username when they have none; nothing for no user."""
    return people.display_name(user) if user else ""


def _area_names(context: template.Context) -> dict[int, str]:
    """The names of the members of the page's area, read once while the page renders."""
    membership = context.get("membership")
    area_id = getattr(membership, "area_id", None)
    if area_id is None:
        return {}
    # The render context's first level lasts the whole page, its included templates too.
    render: Any = context.render_context.dicts[0]
    cache: dict[int, dict[int, str]] = render.setdefault("area_names", {})
    if area_id not in cache:
        cache[area_id] = people.names_in_area(area_id)
    names: dict[int, str] = cache[area_id]
    return names


@register.simple_tag(takes_context=True)
def person(context: template.Context, user: Any = None, label: str = "") -> str:
    """Name a user with their organisation in the page's area.

    `user` may be a user or a user id (an audit row's `actor_id`, so no query per row); `label`
    is what to show when they are not a member here (an audit row's label, such as "wsoa demo").
    """
    user_id = getattr(user, "pk", user)
    named = _area_names(context).get(user_id) if user_id is not None else None
    if named:
        return named
    if user is not None and hasattr(user, "get_username"):
        return people.display_name(user)
    return label or "Someone no longer a member"
