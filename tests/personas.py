"""Who asks for a page, and what each persona should get back.

Permission tests run as every persona (the `persona` fixture resolves one by name). The rule
is the same everywhere: anonymous is sent to sign in, another area's user gets 404 (the area
does not exist for them), a role allowed the page gets it, any other member of the area 403.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import pytest
from django.urls import reverse

MEMBERS = ["area_admin", "plan_manager", "contributor", "board_member", "forum_rep"]
MANAGERS = frozenset({"area_admin", "plan_manager"})
OTHER_AREA = "other_area_user"
ANONYMOUS = "anonymous"
PERSONAS = [*MEMBERS, OTHER_AREA, ANONYMOUS]


def persona_name(request: pytest.FixtureRequest) -> str:
    """The name of the persona a test parametrized over `persona` runs as."""
    return request.node.callspec.params["persona"]


def expected_status(role: str, allowed: Collection[str], *, ok: int = 200) -> int:
    """The status code the persona should get: `ok` when the role is allowed."""
    if role == ANONYMOUS:
        return 302
    if role == OTHER_AREA:
        return 404
    return ok if role in allowed else 403


def assert_access(
    response, role: str, allowed: Collection[str], *, ok: Iterable[int] = (200,)
) -> bool:
    """Assert the persona got what the rule says; return whether it was let in."""
    status = response.status_code
    if role == ANONYMOUS:
        assert status == 302
        assert response["Location"].startswith(f"{reverse('login')}?next=")
        return False
    if role == OTHER_AREA:
        assert status == 404
        return False
    if role in allowed:
        assert status in tuple(ok), response.content[:300]
        return True
    assert status == 403
    return False
