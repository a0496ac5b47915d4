"""A small plan document and the preview form as a browser would send it, for the draft tests."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wsoa.documents.drafts import read_draft
from wsoa.documents.models import ImportDraft

# A plan's table as its text export: the "Champion" column holds the leads, but its heading is
# not one wsoa knows, so it is proposed as "Not used" until a person corrects it.
PLAN_TEXT = (
    "Hartlepool SEND improvement plan\n"
    "Ref\tAction\tChampion\tBy when\tNotes\n"
    "1.1\tPublish the local offer website\tCouncil\tMarch 2025\tAgreed at board\n"
    "1.2\tTrain staff on the local offer\tICB\tJune 2025\t\n"
    "1.3\tAsk families what they think\tParent Carer Forum\tSeptember 2025\t\n"
)


def plan_file(name: str = "plan.txt", text: str = PLAN_TEXT) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode())


def upload_url(area: Any) -> str:
    return reverse("documents:draft_upload", args=[area.slug])


def preview_url(draft: ImportDraft) -> str:
    return reverse("documents:draft_preview", args=[draft.area.slug, draft.pk])


def make_draft(area: Any, user: Any, text: str = PLAN_TEXT) -> ImportDraft:
    return ImportDraft.objects.create(
        area=area, created_by=user, file_name="plan.txt", content=text.encode()
    )


def preview_data(
    draft: ImportDraft,
    action: str = "check",
    *,
    roles: dict[str, str] | None = None,
    levels: list[str] | None = None,
    **extra: str,
) -> dict[str, str]:
    """The preview form as shown for the draft, with the roles and level names given changed."""
    document = read_draft(draft)
    data: dict[str, str] = {"action": action, "title": "", "map_name": ""}
    columns = document.column_map.columns if document.column_map else []
    for number, column in enumerate(columns):
        prefix = f"column-{number}-"
        data[prefix + "heading"] = column.heading
        data[prefix + "role"] = (roles or {}).get(column.heading, column.role)
        data[prefix + "level"] = column.level
        data[prefix + "date"] = column.date
    names = levels or document.data["levels"]
    data.update({f"level_{depth}": name for depth, name in enumerate(names)})
    data.update(extra)
    return data
