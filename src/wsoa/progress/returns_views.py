"""The plan's "Updates this period": expected against received by owner and workstream, and, for
managers, reminders sent now and leads linked to accounts in place.

Every view: scope to the area (404) → permission (403) → form → service → back to the page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from wsoa.core.members import member_choices
from wsoa.core.people import display_name
from wsoa.core.tenancy import area_for, require
from wsoa.plans.models import Plan
from wsoa.plans.tenancy import plan_for
from wsoa.progress import forms as f
from wsoa.progress import permissions as can
from wsoa.progress import presenters, reminders
from wsoa.progress.models import ReminderKind, ReportingPeriod


def _period(
    plan: Plan, chosen: str | None, periods: list[ReportingPeriod] | None = None
) -> ReportingPeriod | None:
    periods = list(plan.periods.all()) if periods is None else periods
    if not chosen:
        return presenters.current_period(periods, timezone.localdate())
    found = next((p for p in periods if str(p.pk) == chosen), None)
    if found is None:
        raise Http404("No such reporting period in this plan.")
    return found


@login_required
def plan_returns(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id, parts=["levels"])  # the items' labels
    require(
        can.can_see_period_updates(membership), "Only managers and board members can see this page."
    )
    periods = list(plan.periods.all())
    period = _period(plan, request.GET.get("period"), periods)
    returns = presenters.period_updates(plan, period, periods)
    context: dict[str, Any] = {
        "membership": membership, "plan": plan, "section": "returns", "returns": returns,
        # Links to items and reminders, built once rather than reversed per row.
        "item_prefix": reverse("progress:item", args=[slug, plan.pk, 0])[:-2],
    }  # fmt: skip
    if period is not None and can.can_manage_cycle(membership):
        context |= _manager_parts(membership.area, plan, period, returns)
    return render(request, "progress/returns.html", context)


def _manager_parts(
    area: Any, plan: Plan, period: ReportingPeriod, returns: presenters.PeriodUpdates
) -> dict[str, Any]:
    """Reminders sent and to send, and the leads to link: what only a manager is offered."""
    presenters.with_reminders(returns)
    kind = reminders.kind_now(period, timezone.localdate())
    members = member_choices(area, with_role=True)
    to_link = []
    for person, labels in presenters.unlinked_leads(plan, returns):
        form = f.PersonLinkForm(
            members=members, initial={"person": person.pk}, prefix=f"p{person.pk}"
        )
        form.fields["user"].label = f"Account {person.name} signs in with"
        to_link.append((person, labels, form))
    owing = [t for t in returns.by_owner if t.user is not None and t.missing]
    waiting = [t for t in owing if not any(r.kind == kind for r in t.reminded)]
    return {
        "can_remind": True,
        "remind_kind": "chaser" if kind == ReminderKind.CHASER else "reminder",
        "kind_now": kind,
        "waiting": waiting,
        "owing": owing,
        "to_link": to_link,
        "back": f"returns?period={period.pk}",
        "remind_url": reverse("progress:remind", args=[area.slug, plan.pk]),
    }


@login_required
@require_POST
def remind_now(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """Send the digest of `wsoa remind` now: to one owner, or to all still missing updates."""
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    require(can.can_manage_cycle(membership), "Only plan managers can send reminders.")
    period = _period(plan, request.POST.get("period") or "0")
    if period is None:
        raise Http404("No such reporting period in this plan.")
    who = request.POST.get("owner", "all")
    only = int(who) if who.isdigit() else None
    done = reminders.send_now(
        plan=plan, period=period, by=request.user, today=timezone.localdate(), only=only
    )
    _say(request, done, period, one=only is not None)
    url = reverse("progress:returns", args=[slug, plan.pk]) + f"?period={period.pk}"
    return redirect(url + "#by-owner")


def _names(users: list[Any]) -> str:
    return ", ".join(display_name(u) for u in users)


def _say(request: HttpRequest, done: reminders.SentNow, period: Any, *, one: bool) -> None:
    word = "chaser" if done.kind == ReminderKind.CHASER else "reminder"
    if done.sent:
        n = len(done.sent)
        messages.success(
            request,
            f"Sent {n} {word}{'s' if n != 1 else ''} for {period.label} to {_names(done.sent)}.",
        )
    if done.already:
        messages.info(
            request,
            f"A {word} for {period.label} was already sent to {_names(done.already)}; "
            "it is not sent twice.",
        )
    if done.no_email:
        messages.error(
            request,
            f"Not sent to {_names(done.no_email)}: their account has no e-mail address. "
            "Ask the area admin to add one.",
        )
    if done.failed:
        messages.error(
            request,
            f"The e-mail to {_names(done.failed)} could not be sent. Nothing was recorded, "
            "so you can try again.",
        )
    if not (done.sent or done.already or done.no_email or done.failed):
        whom = "This owner has" if one else "Every owner with an account has"
        messages.info(request, f"{whom} no update missing for {period.label}: nothing was sent.")
