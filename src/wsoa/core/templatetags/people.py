"""How a person is named on pages: {{ user|display_name }}."""

from typing import Any

from django import template

from wsoa.core import people

register = template.Library()


@register.filter
def display_name(user: Any) -> str:
    """The user's full name, or their username when they have none; nothing for no user."""
    return people.display_name(user) if user else ""
