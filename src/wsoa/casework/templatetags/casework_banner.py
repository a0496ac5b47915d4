"""`{% made_up_banner area %}`: every casework page of an area with made-up cases says so."""

from __future__ import annotations

from typing import Any

from django import template

from wsoa.casework.models import Case
from wsoa.core.models import LocalArea

register = template.Library()


def has_made_up_cases(area: LocalArea) -> bool:
    """Whether any of the area's cases is made up (one look-up in a small partial index)."""
    return Case.objects.for_area(area).filter(made_up=True).exists()


@register.inclusion_tag("casework/includes/made_up.html")
def made_up_banner(area: LocalArea) -> dict[str, Any]:
    return {"made_up": has_made_up_cases(area)}
