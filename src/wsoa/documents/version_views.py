"""A plan's versions: list them, agree the next one, compare two, and revise from a document.

Reading (the list and comparisons): any role in the area. Agreeing a version and applying a
revised document: managers (403 for other roles). Another area's plan is 404. A revised
document is read and matched at once and kept in the session until it is applied.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from wsoa.core import idempotency as once
from wsoa.core.models import Membership
from wsoa.core.tenancy import area_for, require
from wsoa.documents import version_forms as f
from wsoa.documents.importing import PlanFileError, read_plan
from wsoa.documents.interchange.compare import Changes
from wsoa.documents.revising import NotThisPlan, apply_revision, revision_of
from wsoa.documents.versions import agree_version, compare_contents, plan_now
from wsoa.plans.models import Plan, PlanVersion
from wsoa.plans.tenancy import plan_for
from wsoa.plans.versioning import TamperedVersion, agreed_by, canonical_json, version_content
from wsoa.progress.services import CycleError

MANAGERS_ONLY = "Only area admins and plan managers can agree a version of the plan."


def _context(membership: Membership, plan: Plan, **extra: Any) -> dict[str, Any]:
    return {"membership": membership, "plan": plan, "section": "versions", **extra}


@dataclass
class VersionRow:
    version: PlanVersion
    agreed_by: str
    checksum_ok: bool


@login_required
def versions(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    rows = [
        VersionRow(v, agreed_by(v), _intact(v))
        for v in plan.versions.select_related("board", "recorded_by").order_by("-number")
    ]
    return render(request, "documents/versions.html", _context(membership, plan, rows=rows))


def _intact(version: PlanVersion) -> bool:
    try:
        version_content(version)
    except TamperedVersion:
        return False
    return True


@login_required
def agree(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    require(membership.manages, MANAGERS_ONLY)
    form = f.AgreeForm(request.POST if request.method == "POST" else None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def record() -> once.Created:
            version = agree_version(
                plan=plan, by=request.user, agreed_on=data["agreed_on"], board=data["board"],
                body=data["body"].strip(), note=data["note"].strip(),
            )  # fmt: skip
            url = reverse("documents:versions", args=[slug, plan.pk])
            return once.Created(url, version, f"Version {version.number} was recorded.")

        return once.redirect_after(
            request, once.save_once(form=form, user=request.user, save=record)
        )
    return render(request, "documents/version_agree.html", _context(membership, plan, form=form))


@dataclass
class Side:
    label: str
    content: dict[str, Any]


@login_required
def compare(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    found = {v.number: v for v in plan.versions.all()}
    numbers = sorted(found)
    default = {"before": str(numbers[-1]) if numbers else f.NOW, "after": f.NOW}
    form = f.CompareForm(request.GET or default, numbers=numbers)
    context = _context(membership, plan, form=form, has_versions=bool(numbers))
    if numbers and form.is_valid():
        try:
            before = _side(plan, found, form.cleaned_data["before"])
            after = _side(plan, found, form.cleaned_data["after"])
        except TamperedVersion as error:
            form.add_error(None, str(error))
        else:
            changes = compare_contents(before.content, after.content)
            context.update(before=before, after=after, changes=present(changes))
    return render(request, "documents/version_compare.html", context)


def _side(plan: Plan, found: dict[int, PlanVersion], choice: str) -> Side:
    if choice == f.NOW:
        return Side("the plan now", plan_now(plan))
    version = found[int(choice)]
    return Side(f"version {version.number}", version_content(version))


@dataclass
class Presented:
    added: list[dict[str, Any]]
    removed: list[dict[str, Any]]
    moved: list[dict[str, Any]]
    changed: list[dict[str, Any]]
    empty: bool


FIELD_NAMES = {
    "number": "Number",
    "text": "Text",
    "leads": "Leads",
    "partners": "Partners",
    "due": "Due",
    "milestones": "Milestones",
    "notes": "Notes",
    "status": "Status",
}


def _label(level: str, number: str, text: str = "") -> str:
    named = " ".join(part for part in (level or "Item", number) if part)
    return f"{named}: {text}" if text and not number else named


def present(changes: Changes) -> Presented:
    """The changes in the plan's own level names, each field before → after."""
    added = [
        {**a, "label": _label(a["level"], a["number"], a["text"]),
         "under": _label(a["parent_level"], a["parent"]) if a["parent"] else "the top level"}
        for a in changes.added
    ]  # fmt: skip
    removed = [{**r, "label": _label(r["level"], r["number"], r["text"])} for r in changes.removed]
    moved = [
        {**m, "label": _label(m["level"], m["number"]),
         "from_label": _label(m["from_level"], m["from"]) if m["from"] else "the top level",
         "to_label": _label(m["to_level"], m["to"]) if m["to"] else "the top level"}
        for m in changes.moved
    ]  # fmt: skip
    changed = [
        {"label": _label(c["level"], c["number"]),
         "fields": [{"heading": FIELD_NAMES[k], "before": b, "after": a}
                    for k, (b, a) in c["fields"].items()]}
        for c in changes.changed
    ]  # fmt: skip
    return Presented(added, removed, moved, changed, empty=not changes)


# --- a revised document ---------------------------------------------------------------------


def _key(plan: Plan) -> str:
    return f"plan_revision:{plan.area.slug}:{plan.pk}"


@login_required
def revise(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    require(membership.manages, "Only area admins and plan managers can revise a plan from a file.")
    form = f.RevisedDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        try:
            document = read_plan(upload.name, upload.read()).data
            revision_of(plan=plan, document=document, name=upload.name)
        except (PlanFileError, NotThisPlan) as error:
            form.add_error("document", f"{error}. Nothing was changed.")
        else:
            request.session[_key(plan)] = {"document": _storable(document), "name": upload.name}
            return redirect("documents:revise_preview", slug, plan.pk)
    return render(request, "documents/revise.html", _context(membership, plan, form=form))


def _storable(document: dict[str, Any]) -> dict[str, Any]:
    """The document as JSON the session can hold (dates as ISO text)."""
    loaded: dict[str, Any] = json.loads(canonical_json(document))
    return loaded


@login_required
def revise_preview(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    require(membership.manages, "Only area admins and plan managers can revise a plan from a file.")
    stored = request.session.get(_key(plan))
    if not stored:
        return redirect("documents:revise", slug, plan.pk)
    form = f.ApplyForm(request.POST if request.method == "POST" else None)
    context = _context(membership, plan, form=form, name=stored["name"], error="")
    try:
        revision = revision_of(plan=plan, document=stored["document"], name=stored["name"])
    except NotThisPlan as error:
        context["error"] = f"{error}. Nothing was changed."
        return render(request, "documents/revise_preview.html", context)
    context["changes"] = present(revision.changes)
    if request.method == "POST" and form.is_valid():

        def apply() -> once.Created:
            version = apply_revision(revision=revision, by=request.user)
            url = reverse("documents:versions", args=[slug, plan.pk])
            return once.Created(
                url, version, f"The document was applied as version {version.number}."
            )

        try:
            saved = once.save_once(form=form, user=request.user, save=apply)
        except CycleError as error:
            context["error"] = f"{error} Nothing was changed."
        else:
            request.session.pop(_key(plan), None)
            return once.redirect_after(request, saved)
    return render(request, "documents/revise_preview.html", context)
