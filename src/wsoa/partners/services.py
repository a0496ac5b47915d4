"""Changes to which ICB(s) serve an area: one transaction with an audit event."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from wsoa.core.audit import record_event
from wsoa.core.models import LocalArea
from wsoa.partners import waits
from wsoa.partners.models import AreaIcb


class PartnersError(ValueError):
    """A choice that cannot be saved; the message says why."""


def chosen_icbs(area: LocalArea) -> list[waits.Icb]:
    """The ICBs a manager chose for the area, in name order."""
    known = waits.icbs()
    codes = AreaIcb.objects.for_area(area).values_list("code", flat=True)
    return sorted((known[c] for c in codes if c in known), key=lambda icb: icb.short_name)


def icbs_for(area: LocalArea) -> list[waits.Icb]:
    """The area's ICBs: the manager's choice, else the seed map's by the area's name."""
    return chosen_icbs(area) or waits.seed_icbs(area.name)


@transaction.atomic
def choose_icbs(
    *, area: LocalArea, codes: list[str], by: Any, actor_label: str = ""
) -> list[waits.Icb]:
    """Say which ICB(s) serve the area (replacing the earlier choice), audited."""
    known = waits.icbs()
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise PartnersError(f"No ICB has the code {', '.join(unknown)}.")
    before = sorted(AreaIcb.objects.for_area(area).values_list("code", flat=True))
    after = sorted(set(codes))
    if before == after:
        return chosen_icbs(area)
    AreaIcb.objects.for_area(area).exclude(code__in=after).delete()
    for code in after:
        AreaIcb.objects.get_or_create(area=area, code=code, defaults={"name": known[code].name})
    names = ", ".join(known[code].short_name for code in after) or "none"
    record_event(
        obj=area,
        by=by,
        actor_label=actor_label,
        action="icbs.chosen",
        summary=f"Integrated care boards serving the area: {names}",
        changes={"before": before, "after": after},
    )
    return chosen_icbs(area)
