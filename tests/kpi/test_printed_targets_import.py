"""Importing a plan makes its printed targets indicators, keeping the words as printed."""

from decimal import Decimal

import pytest

from wsoa.core.models import AuditEvent
from wsoa.demo.seeds import SEEDS
from wsoa.documents.importing import import_plan
from wsoa.kpi import plansetup
from wsoa.kpi.models import Indicator
from wsoa.plans.models import ImpactIndicator

pytestmark = pytest.mark.django_db


def test_a_printed_target_becomes_an_indicator_with_its_figure_and_words(plan, printed):
    plansetup.set_up_plan_scorecard(plan=plan, actor_label="wsoa import")
    made = Indicator.objects.get(printed=printed)
    assert made.target == Decimal(90) and made.unit == "percent" and made.plan == plan
    assert made.definition == printed.text
    assert list(made.items.all()) == [printed.item]
    event = AuditEvent.objects.get(action="indicator.added")
    assert event.actor_label == "wsoa import"
    plansetup.set_up_plan_scorecard(plan=plan)
    assert Indicator.objects.filter(printed=printed).count() == 1


def test_a_target_without_a_figure_is_left_for_the_manager(plan, item):
    ImpactIndicator.objects.create(
        plan=plan, item=item, position=2, text="Parents say they are listened to"
    )
    plansetup.set_up_plan_scorecard(plan=plan)
    assert not Indicator.objects.filter(printed__isnull=False).exists()


def test_importing_a_seed_plan_sets_up_an_indicator_per_printed_target_with_a_figure():
    result = import_plan(path=SEEDS / "004_f5d818488e67f6ca.txt", area_name="Worcestershire")
    plan = result.plan
    with_figure = [
        p for p in ImpactIndicator.objects.filter(plan=plan) if "%" in (p.target_text or p.text)
    ]
    assert with_figure
    made = Indicator.objects.filter(plan=plan, printed__isnull=False)
    assert {i.printed_id for i in made} == {p.pk for p in with_figure}
    assert all(i.definition == i.printed.text for i in made)
    assert any(line.startswith("Scorecard:") for line in result.summary)
