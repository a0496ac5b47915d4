"""Scope every request to one local area: the user's membership of it, or a 404.

An area the user holds no role in does not exist for them: its pages, and the ids of its
plans and items under any slug, are 404 (never 403, which would confirm they exist).
Anything that cannot be scoped fails closed.

A plan of the area is found with `plans.tenancy.plan_for` (in `plans`, which core cannot import).
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from wsoa.core.models import LocalArea, Membership

M = TypeVar("M", bound=models.Model)
M_co = TypeVar("M_co", bound=models.Model, covariant=True)


class AreaScoped(Protocol[M_co]):
    """A manager or queryset of area-owned rows that knows how to keep to one area."""

    def for_area(self, area: LocalArea) -> models.QuerySet[M_co]: ...


def area_for(request: HttpRequest, slug: str) -> Membership:
    """Return the signed-in user's membership of the area with this slug, or raise Http404."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        raise Http404("No such area.")
    memberships = Membership.objects.for_user(user).select_related("area")
    membership = get_object_or_404(memberships, area__slug=slug)
    # The request's own user (evaluated above), so permission checks need not read it again.
    real: Any = getattr(user, "_wrapped", user)  # request.user is a lazy wrapper
    if isinstance(real, get_user_model()) and real.pk == membership.user_id:
        membership.user = real
    return membership


def get_in_area(rows: AreaScoped[M], area: LocalArea, **lookup: Any) -> M:
    """Return the one row of the area matching the lookup, or raise Http404."""
    if not lookup:
        raise Http404("No lookup given.")
    return get_object_or_404(rows.for_area(area), **lookup)


def require(allowed: bool, message: str) -> None:
    """Refuse the request (403) when not allowed; the area itself was already scoped (404)."""
    if not allowed:
        raise PermissionDenied(message)
