"""Where a user's roles in apps above core lead: {% role_links as links %} (`core.app_roles`)."""

from __future__ import annotations

from typing import Any

from django import template

from wsoa.core import app_roles

register = template.Library()


@register.simple_tag(takes_context=True)
def role_links(context: template.Context) -> list[dict[str, Any]]:
    """The signed-in user's links kept in the session at sign-in: no query."""
    request = context.get("request")
    return app_roles.links_in(getattr(request, "session", None))
