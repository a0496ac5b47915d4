"""Set up an area with a plan and a contributor in the database of DATABASE_URL; print their ids.

Run by the database-restart test in its own process, against its own PostgreSQL cluster.
"""

import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.config.settings")
django.setup()

from factories import LocalAreaFactory, MembershipFactory, UserFactory, build_plan  # noqa: E402
from wsoa.core.models import Role  # noqa: E402

area = LocalAreaFactory(name="Faulton", slug="faulton")
plan = build_plan(area)
owner = UserFactory(username="fault-owner")
MembershipFactory(area=area, user=owner, role=Role.CONTRIBUTOR)
item = plan.items.get(number="1.1")
print(json.dumps({"plan": plan.pk, "item": item.pk, "username": owner.username}))
