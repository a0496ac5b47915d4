"""Pages of the monthly cycle. Every view: scope to the area (404) → permission (403) → form.

Form posts that fail validation show the form again with a GOV.UK error summary and write
nothing; services refuse anything that does not belong together, also writing nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from wsoa.core import idempotency as once
from wsoa.core import storage
from wsoa.core.members import member_choices
from wsoa.core.models import Membership
from wsoa.core.people import display_name
from wsoa.core.tenancy import area_for, get_in_area, require
from wsoa.plans.caching import content_version
from wsoa.plans.models import Item, Person, Plan
from wsoa.plans.presenters.item import item_page, items_with_parts, with_parts
from wsoa.plans.presenters.item_outline import CachedOutline
from wsoa.plans.tenancy import ALL_PARTS, plan_for
from wsoa.progress import forms as f
from wsoa.progress import periods, presenters, review_queue, services
from wsoa.progress import permissions as can
from wsoa.progress.item_progress import item_progress_in, item_progress_key
from wsoa.progress.models import Evidence, PlanSettings, ProgressUpdate, RagDecision


def _item(membership: Membership, plan: Plan, item_id: int) -> Item:
    return get_in_area(
        items_with_parts(plan).select_related("plan__area"), membership.area, pk=item_id
    )


def _update(membership: Membership, plan: Plan, update_id: int) -> ProgressUpdate:
    updates = ProgressUpdate.objects.filter(item__plan=plan).select_related(
        "item__plan__area", "author", "milestone", "period", "decision"
    )
    return get_in_area(updates, membership.area, pk=update_id)


def _item_url(item: Item) -> str:
    return reverse("progress:item", args=[item.plan.area.slug, item.plan_id, item.pk])


def _context(membership: Membership, plan: Plan, **extra: Any) -> dict[str, Any]:
    return {"membership": membership, "plan": plan, **extra}


@login_required
def item_detail(request: HttpRequest, slug: str, plan_id: int, item_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    # Its RAG words, always; its level names only for managers ("Add an Action under this"):
    # the rest of the page names the levels from the outline it caches.
    plan = plan_for(membership, plan_id, parts=ALL_PARTS if membership.manages else ["rag_levels"])
    item = with_parts(_bare_item(membership, plan, item_id))  # only the parts it has
    today = timezone.localdate()
    version = content_version(plan, today, item)  # the progress part is cached under it
    context = _context(
        membership,
        plan,
        section="plan",
        version=version,
        item_state=item_progress_key(item),
        page=item_page(plan, item, today=today, version=version),
        progress=SimpleLazyObject(lambda: item_progress_in(version, item, today)),
        can_update=can.can_update(membership, item),
        can_decide=can.can_decide(membership, plan),
    )
    return render(request, "progress/item.html", context)


def _bare_item(membership: Membership, plan: Plan, item_id: int) -> Item:
    """The item alone, for a form: what the item page shows of it is not read."""
    item = get_in_area(Item.objects.filter(plan=plan), membership.area, pk=item_id)
    plan.area = membership.area
    item.plan = plan  # already read, with what of it the page shows
    return item


@dataclass
class FormPage:
    """What a form on an item shows of the item page: its label and the items above it."""

    label: str
    ancestors: list[tuple[Item, str]]


def _form_page(plan: Plan, item: Item, today: Any) -> FormPage:
    """From the outline the item page caches (no query when it is cached)."""
    outline = CachedOutline(plan, content_version(plan, today))
    return FormPage(outline.labels[item.pk], outline.ancestors(item))


@login_required
def item_update(request: HttpRequest, slug: str, plan_id: int, item_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id, parts=["rag_levels"])  # the form's RAG words
    item = _bare_item(membership, plan, item_id)
    require(
        item.withdrawn_at is None,
        "This item was withdrawn from the plan, so updates are no longer posted on it.",
    )
    require(
        can.can_update(membership, item), "Only the item's owners and managers can post updates."
    )
    corrects = None
    if request.GET.get("corrects") or request.POST.get("corrects"):
        try:
            corrects_id = int(request.GET.get("corrects") or request.POST["corrects"])
        except ValueError as error:
            raise Http404("No such update.") from error
        corrects = _update(membership, plan, corrects_id)
        if corrects.item_id != item.pk:
            raise Http404("No such update on this item.")
    periods = list(plan.periods.all())
    period = presenters.current_period(periods, timezone.localdate())
    form = f.UpdateForm(
        request.POST or None,
        request.FILES or None,
        item=item,
        periods=periods,
        initial={"period": period, "proposed_rag": corrects.proposed_rag if corrects else item.rag},
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_update(form, item, request.user, corrects)
        except services.CycleError as error:
            form.add_error(None, str(error))
        except storage.StoreUnavailable as error:
            form.add_error("evidence_file", str(error))
        else:
            return once.redirect_after(request, saved)
    page = _form_page(plan, item, timezone.localdate())
    context = _context(
        membership, plan, section="plan", item=item, page=page, form=form, corrects=corrects
    )
    return render(request, "progress/update_form.html", context)


def _save_update(
    form: f.UpdateForm, item: Item, author: Any, corrects: ProgressUpdate | None
) -> once.Saved:
    """Store the evidence file, then add the rows once; the file goes again if they are not."""
    data = form.cleaned_data
    evidence = []
    if data.get("evidence_url") or data.get("evidence_file"):
        evidence.append(
            services.EvidenceIn(
                title=data.get("evidence_title", ""),
                url=data.get("evidence_url") or "",
                file=data.get("evidence_file"),
            )
        )
    with storage.kept_only_if_saved():
        evidence = services.store_evidence(evidence)
        saved = once.save_once(
            form=form,
            user=author,
            save=lambda: _post_update(item, author, data, corrects, evidence),
        )
    if saved.repeated:  # the first sending's update has its own copy
        storage.discard(e.stored.name for e in evidence if e.stored)
    return saved


def _post_update(
    item: Item,
    author: Any,
    data: dict[str, Any],
    corrects: ProgressUpdate | None,
    evidence: list[services.EvidenceIn],
) -> once.Created:
    update = services.post_update(
        item=item,
        author=author,
        data=services.UpdateIn(
            commentary=data["commentary"],
            proposed_rag=data["proposed_rag"],
            period=data.get("period"),
            milestone=data.get("milestone"),
            milestone_complete=data.get("milestone_complete", False),
            revised_due=data.get("revised_due"),
            corrects=corrects,
            evidence=evidence,
        ),
    )
    return once.Created(
        _item_url(item) + "#updates",
        update,
        "Your update was posted. The plan manager will review the rating.",
    )


@login_required
def update_decide(request: HttpRequest, slug: str, plan_id: int, update_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id, parts=())
    update = _update(membership, plan, update_id)
    require(
        can.can_decide(membership, plan),
        "Only the plan manager (or the board, where the plan says so) can decide ratings.",
    )
    form = f.DecisionForm(request.POST or None)
    already = _decided(update)
    if request.method == "POST" and (not already or once.sent_before(request)) and form.is_valid():
        after = reverse("progress:reviews", args=[slug, plan.pk])
        if request.POST.get("next_url") != "reviews":
            after = _item_url(update.item)
        try:
            saved = once.save_once(
                form=form,
                user=request.user,
                save=lambda: _decide(update, request.user, form.cleaned_data, after),
            )
        except services.CycleError as error:
            form.add_error(None, str(error))
        else:
            return once.redirect_after(request, saved)
    next_url = request.POST.get("next_url") or request.GET.get("next", "")
    context = _context(
        membership,
        plan,
        section="reviews",
        update=update,
        form=form,
        already=already,
        next_url="reviews" if next_url == "reviews" else "",
    )
    return render(request, "progress/decide.html", context)


def _decided(update: ProgressUpdate) -> bool:
    """Say whether the update has a decision (read with it by `_update`: no query)."""
    try:
        return update.decision is not None
    except RagDecision.DoesNotExist:
        return False


def _decide(update: ProgressUpdate, by: Any, data: dict[str, Any], after: str) -> once.Created:
    decision = services.decide(update=update, by=by, outcome=data["outcome"], reason=data["reason"])
    word = "confirmed" if decision.outcome == "confirmed" else "returned to the owner"
    return once.Created(after, decision, f"The rating was {word}.")


@login_required
def item_comment(request: HttpRequest, slug: str, plan_id: int, item_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    item = _item(membership, plan, item_id)
    form = f.CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = once.save_once(
            form=form,
            user=request.user,
            save=lambda: once.Created(
                _item_url(item) + "#comments",
                services.add_comment(
                    item=item, author=request.user, text=form.cleaned_data["text"]
                ),
                "Your comment was added.",
            ),
        )
        return once.redirect_after(request, saved)
    context = _context(membership, plan, section="plan", item=item, form=form)
    return render(request, "progress/comment_form.html", context)


@login_required
@require_POST
def item_assign(request: HttpRequest, slug: str, plan_id: int, item_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    item = _item(membership, plan, item_id)
    require(membership.manages, "Only plan managers can assign items.")
    form = f.AssignForm(request.POST, members=member_choices(membership.area, with_role=True))
    if not form.is_valid():
        messages.error(request, "Choose a person who has a role in this area.")
        return redirect(reverse("progress:edit", args=[slug, plan.pk, item.pk]))
    user = get_user_model().objects.get(pk=form.cleaned_data["user"])
    if request.POST.get("remove"):
        services.unassign(item=item, user=user, by=request.user)
        messages.success(
            request, f"{display_name(user)} is no longer asked to report on this item."
        )
    else:
        services.assign(item=item, user=user, by=request.user)
        messages.success(request, f"{display_name(user)} can now post updates on this item.")
    return redirect(reverse("progress:edit", args=[slug, plan.pk, item.pk]))


@login_required
def evidence_file(
    request: HttpRequest, slug: str, plan_id: int, evidence_id: int
) -> HttpResponseBase:
    """Serve an uploaded evidence file to members of the area only (never a public URL).

    The file is streamed from the store once its checksum matches; a store that is down, a
    missing or an altered file gets a page saying so."""
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id, parts=())
    rows = Evidence.objects.filter(
        update__item__plan=plan, update__item__plan__area=membership.area
    ).select_related("update__item__plan__area")
    evidence = rows.filter(pk=evidence_id).exclude(file="").first()
    if evidence is None:
        raise Http404("No such evidence file.")
    try:
        handle = storage.open_verified(evidence.file.name, evidence.sha256)
    except storage.FileProblem as problem:
        back = {"back_url": _item_url(evidence.update.item), "back_text": "Go back to the item"}
        context = {"membership": membership, "problem": problem, **back}
        return render(request, "core/file_problem.html", context, status=problem.status)
    response = FileResponse(handle, as_attachment=True, filename=evidence.file_name or "evidence")
    if evidence.sha256:
        response["X-Checksum-SHA256"] = evidence.sha256
    return response


@login_required
def plan_reviews(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id, parts=())
    require(
        can.can_decide(membership, plan), "Only those who confirm ratings can see the review queue."
    )
    updates = review_queue.ratings_to_review(plan, request.GET.get("page"), slug)
    return render(
        request,
        "progress/reviews.html",
        _context(membership, plan, section="reviews", updates=updates),
    )


@login_required
def plan_cycle(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """The plan's reporting periods and cycle settings; managers change them."""
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    cycle = PlanSettings.objects.for_changing(plan)
    action = request.POST.get("action") if request.method == "POST" else None
    if action:
        require(
            can.can_manage_cycle(membership), "Only plan managers can change the reporting cycle."
        )
    one = f.PeriodForm(request.POST if action == "add" else None)
    many = f.GenerateForm(request.POST if action == "generate" else None)
    settings_form = f.SettingsForm(
        request.POST if action == "settings" else None,
        initial={name: getattr(cycle, name) for name in f.SettingsForm.base_fields},
    )
    url = reverse("progress:cycle", args=[slug, plan.pk])
    done = None
    try:
        if action == "add" and one.is_valid():
            done = once.save_once(
                form=one, user=request.user, save=lambda: _add_period(plan, request.user, one, url)
            )
        elif action == "generate" and many.is_valid():
            done = once.save_once(
                form=many, user=request.user, save=lambda: _generate(plan, request.user, many, url)
            )
        elif action == "settings" and settings_form.is_valid():
            services.save_settings(cycle=cycle, by=request.user, values=settings_form.cleaned_data)
            done = once.Saved(url, "The cycle settings were saved.")
    except services.CycleError as error:
        form = {"add": one, "generate": many}.get(action or "", settings_form)
        form.add_error(None, str(error))
    if done:
        return once.redirect_after(request, done)
    kept = periods.references(plan) if can.can_manage_cycle(membership) else {}
    context = _context(
        membership, plan, section="cycle", cycle=cycle,
        periods=[(p, kept.get(p.pk, [])) for p in plan.periods.all()],
        one=one, many=many, settings_form=settings_form,
        forms_with_errors=[x for x in (one, many, settings_form) if x.errors],
    )  # fmt: skip
    return render(request, "progress/cycle.html", context)


def _add_period(plan: Plan, by: Any, form: f.PeriodForm, url: str) -> once.Created:
    data = form.cleaned_data
    period = services.add_period(
        plan=plan, by=by, label=data["label"], start=data["start"], end=data["end"]
    )
    return once.Created(url, period, f"Added the period {period.label}.")


def _generate(plan: Plan, by: Any, form: f.GenerateForm, url: str) -> once.Created:
    data = form.cleaned_data
    count = services.generate_periods(
        plan=plan, by=by, first=data["first"], last=data["last"], months=data["months"]
    )
    return once.Created(url, None, f"Added {count} periods.")


@login_required
def plan_owners(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """Which account each person of the plan signs in with, so their items are theirs."""
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    require(can.can_manage_cycle(membership), "Only plan managers can link people to accounts.")
    members = member_choices(membership.area, with_role=True)
    if request.method == "POST":
        which = request.POST.get("which", "")
        form = f.PersonLinkForm(
            request.POST, members=members, prefix=which if re.fullmatch(r"p\d+", which) else "x"
        )
        if form.is_valid():
            person = Person.objects.filter(plan=plan, pk=form.cleaned_data["person"]).first()
            if person is None:
                raise Http404("No such person in this plan.")
            user_id = form.cleaned_data["user"]
            user = get_user_model().objects.get(pk=user_id) if user_id else None
            services.link_person(person=person, user=user, by=request.user)
            messages.success(request, f"Saved the account for {person.name}.")
            back = request.POST.get("back", "")
            if re.fullmatch(r"returns(\?period=\d+)?", back):  # linked in place there
                return redirect(reverse("progress:returns", args=[slug, plan.pk]) + back[7:])
            return redirect(
                reverse("progress:owners", args=[slug, plan.pk]) + f"#person-{person.pk}"
            )
        messages.error(request, "Choose an account of someone with a role in this area.")
    people = Person.objects.filter(plan=plan).select_related("user").order_by("name")
    rows = [
        (
            p,
            f.PersonLinkForm(
                members=members, initial={"person": p.pk, "user": p.user_id}, prefix=f"p{p.pk}"
            ),
        )
        for p in people
    ]
    return render(
        request, "progress/owners.html", _context(membership, plan, section="owners", rows=rows)
    )


@login_required
def my_items(request: HttpRequest, slug: str) -> HttpResponse:
    membership = area_for(request, slug)
    found = presenters.my_items(membership.area, request.user, timezone.localdate())
    return render(request, "progress/my_items.html", {"membership": membership, "mine": found})
