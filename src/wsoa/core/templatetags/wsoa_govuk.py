"""Filters that fit django-allauth's wording and secrets to GOV.UK pages."""

from django import template

register = template.Library()


@register.filter
def sentence_case(text: object) -> str:
    """Turn "Two-Factor Authentication" into "Two-factor authentication", as GOV.UK writes."""
    words = " ".join(str(text).split())
    return words[:1].upper() + words[1:].lower()


@register.filter
def in_fours(text: object) -> str:
    """Split a secret key into groups of four characters, easier to read and type."""
    value = str(text)
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))
