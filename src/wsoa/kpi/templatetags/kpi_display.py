"""Figures as people write them: 72%, 18 days, 1,204."""

from __future__ import annotations

from decimal import Decimal

from django import template

from wsoa.kpi import rules

register = template.Library()


@register.filter
def kpi_figure(value: Decimal | None, unit: str) -> str:
    return "" if value is None else rules.figure(Decimal(value), unit)
