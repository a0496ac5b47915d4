"""Which ICB(s) serve an area: the seed map by name, else the manager's audited choice."""

import pytest

from factories import LocalAreaFactory
from wsoa.core.models import AuditEvent
from wsoa.partners import services
from wsoa.partners.models import AreaIcb

pytestmark = pytest.mark.django_db

NENC = "E54000050"
TEES_VALLEY_NEIGHBOUR = "E54000061"  # South Yorkshire: any other ICB


def test_a_seed_area_has_its_icb_before_anyone_chooses(area):
    assert [icb.code for icb in services.icbs_for(area)] == [NENC]
    assert not AreaIcb.objects.exists()


def test_another_area_has_none_until_a_manager_chooses(plan_manager):
    barnet = LocalAreaFactory(name="Barnet", slug="barnet")
    assert services.icbs_for(barnet) == []
    services.choose_icbs(area=barnet, codes=["E54000028"], by=plan_manager)
    assert [icb.short_name for icb in services.icbs_for(barnet)] == ["North Central London"]


def test_choosing_several_icbs_is_audited_with_before_and_after(area, plan_manager):
    services.choose_icbs(area=area, codes=[NENC], by=plan_manager)
    chosen = services.choose_icbs(area=area, codes=[TEES_VALLEY_NEIGHBOUR, NENC], by=plan_manager)
    assert [icb.code for icb in chosen] == [NENC, TEES_VALLEY_NEIGHBOUR]
    event = AuditEvent.objects.filter(action="icbs.chosen").latest("pk")
    assert event.area == area and event.actor == plan_manager
    assert event.changes == {"before": [NENC], "after": [NENC, TEES_VALLEY_NEIGHBOUR]}
    assert "South Yorkshire" in event.summary


def test_choosing_the_same_again_writes_nothing(area, plan_manager):
    services.choose_icbs(area=area, codes=[NENC], by=plan_manager)
    services.choose_icbs(area=area, codes=[NENC], by=plan_manager)
    assert AuditEvent.objects.filter(action="icbs.chosen").count() == 1


def test_an_unknown_code_is_refused_and_nothing_written(area, plan_manager):
    with pytest.raises(services.PartnersError, match="E54999999"):
        services.choose_icbs(area=area, codes=[NENC, "E54999999"], by=plan_manager)
    assert not AreaIcb.objects.exists() and not AuditEvent.objects.exists()


def test_one_areas_choice_does_not_touch_another(area, other_area, plan_manager):
    services.choose_icbs(area=other_area, codes=[TEES_VALLEY_NEIGHBOUR], by="test")
    services.choose_icbs(area=area, codes=[], by=plan_manager)
    assert [icb.code for icb in services.chosen_icbs(other_area)] == [TEES_VALLEY_NEIGHBOUR]
