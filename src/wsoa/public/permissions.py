"""Who may do what with the public page. Reading the staff pages is any role in the area.

- See what is published, preview the draft, add and change "you said, we did": every role.
- Write the plain-English summaries, choose what is public, approve "you said, we did" entries
  to publish, and publish: area admins and plan managers. A change to an approved entry, by
  anyone, is not public until a manager approves it: publishing shows the approved text.
- The public pages themselves need no sign-in and show only published snapshots.
"""

from __future__ import annotations

from wsoa.core.models import Membership


def can_publish(membership: Membership) -> bool:
    return membership.manages
