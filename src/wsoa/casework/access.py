"""Who may see casework: a casework role in the area, separate from any plan role.

A user with no casework role in the area (a plan-only user, another area's user) gets 404:
casework does not exist for them, as another area does not. Within the area, caseworkers and
casework managers see cases (advice givers get 403: theirs is the advice portal, for the
requests addressed to their service only), and only casework managers import extracts.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from wsoa.casework.models import CaseworkRole
from wsoa.core.tenancy import require

CASES_ONLY = "Only caseworkers and casework managers can see cases."
MANAGERS_ONLY = "Only casework managers can import extracts."


def casework_role(request: HttpRequest, slug: str) -> CaseworkRole:
    """The signed-in user's casework role in the area with this slug, or 404."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        raise Http404("No such area.")
    roles = CaseworkRole.objects.for_user(user).select_related("area")
    return get_object_or_404(roles, area__slug=slug)


def caseworker(request: HttpRequest, slug: str) -> CaseworkRole:
    role = casework_role(request, slug)
    require(role.sees_cases, CASES_ONLY)
    return role


def casework_manager(request: HttpRequest, slug: str) -> CaseworkRole:
    role = casework_role(request, slug)
    require(role.manages, MANAGERS_ONLY)
    return role
