"""`wsoa demo`: the seed plans, a user per role, each app's demo data, and safe to run again."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from wsoa.demo.seeds import SEED_AREAS, SEEDS
from wsoa.plans.models import Plan


def test_every_seed_file_is_loaded_and_every_seed_has_an_area():
    assert {name for name, _area in SEED_AREAS} == {p.name for p in SEEDS.glob("*.txt")}


@pytest.mark.django_db
def test_demo_sets_up_all_seed_plans_and_a_user_per_role():
    out = StringIO()
    call_command("demo", no_serve=True, stdout=out)
    assert Plan.objects.count() == 5
    assert "worcestershire-board-member" in out.getvalue()
    call_command("demo", no_serve=True, stdout=StringIO())
    assert Plan.objects.count() == 5
    worcestershire = Plan.objects.get(area__slug="worcestershire")
    assert worcestershire.periods.count() == 12  # not doubled by the second run
    owner = worcestershire.people.get(user__username="worcestershire-contributor")
    assert owner.item_roles.filter(part="lead").exists()
    assert "worcestershire-contributor signs in as" in out.getvalue()
    assert "Worcestershire: 12 indicators from the plan's targets; DfE: Worcestershire" in (
        out.getvalue()
    )
    public = Client().get(f"/public/worcestershire/{worcestershire.pk}/")
    assert public.status_code == 200
    assert "New EHC plans issued within 20 weeks" in public.content.decode()
    assert worcestershire.snapshots.count() == 1  # not published twice
