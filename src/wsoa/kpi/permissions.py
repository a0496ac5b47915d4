"""Who may do what with the scorecard. Reading is any role in the area (see core.tenancy).

- Read the scorecards, indicator pages and the API: every role in the area.
- Set up and change indicators, targets and trajectories, import actuals, load DfE figures,
  see the open exceptions: area admins and plan managers.
- Record an actual: managers, and the indicator's owner.
- Answer an exception (cause, action, expected recovery): the indicator's owner, and managers.
"""

from __future__ import annotations

from wsoa.core.models import Membership
from wsoa.kpi.models import Indicator


def is_owner(membership: Membership, indicator: Indicator) -> bool:
    return indicator.owner_id is not None and indicator.owner_id == membership.user_id


def can_measure(membership: Membership, indicator: Indicator) -> bool:
    return membership.manages or is_owner(membership, indicator)


def can_answer(membership: Membership, indicator: Indicator) -> bool:
    return membership.manages or is_owner(membership, indicator)
