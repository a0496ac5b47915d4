"""Changes to which ICB(s) and NHS providers serve an area: one transaction with an audit event."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from wsoa.core.audit import record_event
from wsoa.core.models import LocalArea
from wsoa.partners import waits
from wsoa.partners.models import AreaIcb, AreaProvider


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


def chosen_providers(area: LocalArea) -> list[waits.Provider]:
    """The NHS providers a manager chose as serving the area, in name order."""
    known = waits.providers()
    codes = AreaProvider.objects.for_area(area).current().values_list("code", flat=True)
    return sorted((known[c] for c in codes if c in known), key=lambda p: p.name.lower())


def provider_history(area: LocalArea) -> list[AreaProvider]:
    """Every provider ever chosen for the area, with who chose and removed it, latest first."""
    rows = AreaProvider.objects.for_area(area).select_related("chosen_by", "removed_by")
    return list(rows.order_by("-chosen_at", "-pk"))


def known_providers(codes: list[str]) -> dict[str, waits.Provider]:
    """The providers with these codes; refused, naming them, if any is not in the file."""
    known = waits.providers()
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise PartnersError(
            f"No NHS provider in NHS England's waiting lists has the code {', '.join(unknown)}. "
            "Choose providers from the list."
        )
    return {code: known[code] for code in codes}


@transaction.atomic
def choose_providers(
    *, area: LocalArea, codes: list[str], by: Any, actor_label: str = ""
) -> list[waits.Provider]:
    """Say which NHS providers serve the area (replacing the earlier choice), audited.

    Providers taken off keep their row, closed with who and when; new ones get a row.
    """
    known = known_providers(codes)
    # Lock the area: two managers saving at once would otherwise both add the same provider.
    LocalArea.objects.select_for_update().filter(pk=area.pk).first()
    rows = AreaProvider.objects.for_area(area).current()
    before = sorted(rows.values_list("code", flat=True))
    after = sorted(known)
    if before == after:
        return chosen_providers(area)
    user = by if getattr(by, "is_authenticated", False) else None
    rows.exclude(code__in=after).update(removed_at=timezone.now(), removed_by=user)
    AreaProvider.objects.bulk_create(
        AreaProvider(area=area, code=code, name=known[code].name, chosen_by=user)
        for code in after
        if code not in before
    )
    record_event(
        obj=area,
        by=by,
        actor_label=actor_label,
        action="providers.chosen",
        summary="NHS providers serving the area: " + (_names(after) or "none"),
        changes={
            "before": before,
            "after": after,
            "added": _names([c for c in after if c not in before]),
            "removed": _names([c for c in before if c not in after]),
        },
    )
    return chosen_providers(area)


def _names(codes: list[str]) -> str:
    known = waits.providers()
    return "; ".join(known[c].name if c in known else c for c in codes)


def provider_serving(area: LocalArea, code: str) -> waits.Provider:
    """The provider with this code, if the area chose it; else refused, saying why."""
    provider = known_providers([code])[code]
    if provider not in chosen_providers(area):
        raise PartnersError(f"{provider.name} is not among the providers chosen for {area.name}.")
    return provider


def icb_serving(area: LocalArea, code: str) -> waits.Icb:
    """The ICB with this code, if it serves the area; else refused, saying why."""
    icb = waits.icbs().get(code)
    if icb is None:
        raise PartnersError(f"No ICB has the code {code}.")
    if icb not in icbs_for(area):
        raise PartnersError(f"{icb.short_name} ICB is not among the ICBs serving {area.name}.")
    return icb
