"""Who may do what with boards, meetings and packs. Reading is any role in the area.

- Read meetings, packs and snapshots, and download a snapshot: every role in the area.
- Record meetings, decisions and actions, draft an agenda, generate a pack, add and change
  boards and their members, move, cancel or add planned meeting dates: area admins and plan
  managers.
"""

from __future__ import annotations
