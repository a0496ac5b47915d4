"""Who may see casework: a casework role in the area, separate from any plan role.

A user with no casework role in the area (a plan-only user, another area's user) gets 404:
casework does not exist for them, as another area does not. Within the area, caseworkers and
casework managers see cases (advice givers get 403: theirs is the advice portal, for the
requests addressed to their service only), and only casework managers import extracts.

Every casework role asks for two-factor sign-in, and leads from the navigation and "Your areas"
to its pages (`app_roles`, registered with core in CaseworkConfig.ready(); ADR 0022).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from wsoa.casework import clock
from wsoa.casework.models import CaseworkRole, CaseworkRoleKind
from wsoa.core.app_roles import AppRole
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


def app_roles(user: Any) -> list[AppRole]:
    """The user's casework roles, each leading to its pages: the worklist, or the advice portal.

    Each needs two-factor sign-in: caseworkers and managers see children's personal data, and
    advice givers the advice documents of their service, which name the child (ADR 0022).
    """
    roles = CaseworkRole.objects.for_user(user).select_related("area").order_by("area__name")
    return [_app_role(role) for role in roles]


def _app_role(role: CaseworkRole) -> AppRole:
    portal = role.role == CaseworkRoleKind.ADVICE_GIVER
    name = str(role.get_role_display())
    if portal:
        name += f" ({clock.ADVICE_SERVICES.get(role.service, role.service).lower()})"
    return AppRole(
        section="Casework",
        label="Advice requests" if portal else "Casework worklist",
        url=reverse("casework:portal" if portal else "casework:worklist", args=[role.area.slug]),
        area=role.area.name,
        role=name,
        needs_two_factor=True,
    )
