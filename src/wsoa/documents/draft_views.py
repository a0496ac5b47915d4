"""Start a plan from a document: upload it, check the column map and the plan, create it.

Managers of the area only (403 for other roles, 404 for another area). The upload is read at
once (a file that cannot be read is refused with the reader's message, and nothing is kept)
and kept as the user's `ImportDraft`; another user's draft, or another area's, is 404. The
preview page is one form whose buttons check the corrected map again, save it for the next
file, or create the plan (once, however often the button is pressed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from wsoa.core import idempotency as once
from wsoa.core.models import Membership
from wsoa.core.tenancy import area_for, require
from wsoa.documents import draft_forms as f
from wsoa.documents import drafts
from wsoa.documents.importers.base import PlanDocument, PlanFileError
from wsoa.documents.importers.mapping import ColumnMap
from wsoa.documents.models import ImportDraft

MANAGERS_ONLY = "Only area admins and plan managers can start a plan from a document."
CHANGED = "You changed the column map or the level names: check the plan below, then create it."


def _manager(request: HttpRequest, slug: str) -> Membership:
    membership = area_for(request, slug)
    require(membership.manages, MANAGERS_ONLY)
    return membership


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


@login_required
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    membership = _manager(request, slug)
    form = f.UploadForm(request.POST or None, request.FILES or None, area=membership.area)
    if request.method == "POST" and form.is_valid():
        document = form.cleaned_data["document"]
        try:
            draft = drafts.upload_draft(
                area=membership.area,
                by=request.user,
                name=document.name,
                content=document.read(),
                saved=form.cleaned_data.get("column_map"),
            )
        except PlanFileError as error:
            form.add_error("document", f"{_sentence(str(error))} Nothing was saved.")
        else:
            return redirect("documents:draft_preview", slug, draft.pk)
    context = {"membership": membership, "form": form}
    return render(request, "documents/draft_upload.html", context)


@dataclass
class PreviewPage:
    """The preview form's parts, bound to a post or showing the map and levels as read."""

    columns: list[f.ColumnForm]
    levels: f.LevelsForm
    create: f.CreateForm
    shown: ColumnMap  # the map and level names the page showed

    @classmethod
    def of(cls, request: HttpRequest, document: PlanDocument) -> PreviewPage:
        data = request.POST if request.method == "POST" else None
        columns = document.column_map.columns if document.column_map else []
        shown = ColumnMap(list(columns), list(document.data.get("levels", [])))
        title = {"title": document.data["plan"].get("title", "")}
        return cls(
            f.column_forms(data, shown),
            f.LevelsForm(data, levels=shown.levels),
            f.CreateForm(data, initial=title),
            shown,
        )

    def is_valid(self) -> bool:
        return all([*(form.is_valid() for form in self.columns), self.levels.is_valid(),
                    self.create.is_valid()])  # fmt: skip

    def corrected(self) -> ColumnMap:
        return f.corrected_map(self.columns, self.levels, self.shown)

    def errors(self) -> list[tuple[str, str]]:
        """Every error of the page as (field id, message), for the error summary."""
        found = []
        for form in [*self.columns, self.levels, self.create]:
            for name, problems in form.errors.items():
                field = form[name if name in form.fields else next(iter(form.fields))]
                target = field.auto_id if not field.is_hidden else _visible_id(form)
                found += [(target, str(problem)) for problem in problems]
        return found


def _visible_id(form: Any) -> str:
    visible = [field for field in form if not field.is_hidden]
    return visible[0].auto_id if visible else ""


@login_required
def preview(request: HttpRequest, slug: str, draft_id: int) -> HttpResponse:
    membership = _manager(request, slug)
    draft = _draft_or_repeat(request, membership, draft_id)
    if isinstance(draft, HttpResponse):
        return draft
    context: dict[str, Any] = {"membership": membership, "draft": draft, "error": ""}
    try:
        document = drafts.read_draft(draft)
    except PlanFileError as error:
        context["error"] = f"{_sentence(str(error))} Upload the file again."
        return render(request, "documents/draft_preview.html", context)
    page = PreviewPage.of(request, document)
    if request.method == "POST" and page.is_valid():
        done = _act(request, membership, draft, page)
        if done is not None:
            return done
    context.update(_shown(document, page, request.method == "POST"))
    return render(request, "documents/draft_preview.html", context)


def _shown(document: PlanDocument, page: PreviewPage, posted: bool) -> dict[str, Any]:
    return {
        "page": page,
        "errors": page.errors() if posted else [],
        "warnings": document.warnings,
        "outline": drafts.outline(document.data),
        "roles": f.ROLES,
    }


def _draft_or_repeat(
    request: HttpRequest, membership: Membership, draft_id: int
) -> ImportDraft | HttpResponse:
    """The user's draft; or, when the plan was already created from it, where that went."""
    try:
        return drafts.draft_of(membership.area, request.user, draft_id)
    except Http404:
        form = f.CreateForm(request.POST) if request.method == "POST" else None
        if form is None or not once.sent_before(request) or not form.is_valid():
            raise
        saved = once.save_once(form=form, user=request.user, save=_never)
        return once.redirect_after(request, saved)


def _never() -> once.Created:
    raise Http404("The document was already used to create a plan.")


def _act(
    request: HttpRequest, membership: Membership, draft: ImportDraft, page: PreviewPage
) -> HttpResponse | None:
    """Do what the pressed button asks; None to show the page again with an error."""
    corrected = page.corrected()
    drafts.keep_map(draft, corrected)
    action = request.POST.get("action", "check")
    here = reverse("documents:draft_preview", args=[membership.area.slug, draft.pk])
    if action == "save":
        return _save_map(request, membership, page, corrected, here)
    if action != "create":
        return redirect(here)
    if corrected.to_json() != page.shown.to_json():
        messages.info(request, CHANGED)
        return redirect(here)
    return _create(request, draft, page)


def _save_map(
    request: HttpRequest, membership: Membership, page: PreviewPage, corrected: ColumnMap, here: str
) -> HttpResponse | None:
    name = page.create.cleaned_data["map_name"].strip()
    if not name:
        page.create.add_error("map_name", "Enter a name to save the column map under")
        return None
    drafts.save_column_map(area=membership.area, by=request.user, name=name, column_map=corrected)
    messages.success(
        request, f"The column map was saved as “{name}”. Choose it when you upload the next file."
    )
    return redirect(here)


def _create(request: HttpRequest, draft: ImportDraft, page: PreviewPage) -> HttpResponse | None:
    def create() -> once.Created:
        title = page.create.cleaned_data["title"]
        plan = drafts.create_plan_from_draft(draft=draft, by=request.user, title=title)
        url = reverse("plans:plan", args=[plan.area.slug, plan.pk])
        return once.Created(url, plan, f"The plan was created from {draft.file_name}.")

    try:
        saved = once.save_once(form=page.create, user=request.user, save=create)
    except PlanFileError as error:
        page.create.add_error(None, f"{_sentence(str(error))} Nothing was saved.")
        return None
    return once.redirect_after(request, saved)
