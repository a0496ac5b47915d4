"""Forms for starting a plan from a document: the upload, the column map and the level names.

The preview page is one form: a row per column of the document (`ColumnForm`, prefixed
`column-N`), a field per level (`LevelsForm`) and the plan's title and a name to save the map
under (`CreateForm`, which carries the submission token, so the plan is created once).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.http import QueryDict

from wsoa.core.forms import helper, limit_text
from wsoa.core.idempotency import OnceForm
from wsoa.core.models import LocalArea
from wsoa.documents.importers.mapping import ROLES, ColumnMap, MappedColumn, heading_key
from wsoa.documents.models import SavedColumnMap

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # below core.uploads.MAX_UPLOAD_BYTES
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ ./-](\d{1,2})[ ./-](\d{4})$")


class UploadForm(forms.Form):
    document = forms.FileField(
        label="The plan document",
        help_text="A Word (.docx), Excel (.xlsx), CSV or PDF file of the plan, its text export, "
        "or a wsoa-plan JSON file; smaller than 20 MB.",
    )
    column_map = forms.ModelChoiceField(
        queryset=SavedColumnMap.objects.none(),
        required=False,
        label="Read its columns with a saved map (optional)",
        help_text="A map saved from an earlier file of the same layout, such as last month's "
        "tracker.",
        empty_label="No: let wsoa propose what each column holds",
    )

    def __init__(self, *args: Any, area: LocalArea, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        maps = SavedColumnMap.objects.for_area(area).order_by("name")
        if maps.exists():
            self.fields["column_map"].queryset = maps  # type: ignore[attr-defined]
        else:
            del self.fields["column_map"]
        self.helper = helper(self)

    def clean_document(self) -> Any:
        upload = self.cleaned_data["document"]
        if upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError("The file must be smaller than 20 MB.")
        return upload


class ColumnForm(forms.Form):
    """What one column of the document holds, as the person corrects it."""

    heading = forms.CharField(widget=forms.HiddenInput, max_length=1000)
    role = forms.ChoiceField(
        choices=list(ROLES.items()),
        label="What it holds",
        error_messages={"invalid_choice": "Select one of the options shown"},
    )
    level = forms.CharField(required=False, max_length=100, label="Level name")
    date = forms.CharField(required=False, max_length=30, label="Date")

    def __init__(
        self, data: QueryDict | None = None, *, column: MappedColumn, prefix: str = ""
    ) -> None:
        initial = {"heading": column.heading, "role": column.role, "level": column.level}
        initial["date"] = column.date
        super().__init__(data, initial=initial, prefix=prefix or None)
        self.column = column
        limit_text(self)
        self.fields["role"].widget.attrs["class"] = "govuk-select"
        for name in ("level", "date"):
            self.fields[name].widget.attrs["class"] = "govuk-input govuk-input--width-10"

    @property
    def shows_level(self) -> bool:
        """Whether the page asks for a level name: for a column of item text only."""
        return bool(self["role"].value() == "title")

    @property
    def shows_date(self) -> bool:
        """Whether the page asks for a date: where the heading has one, or for milestones."""
        return bool(self.column.date) or self["role"].value() == "milestones"

    def clean_heading(self) -> str:
        heading: str = self.cleaned_data["heading"]
        if heading_key(heading) != heading_key(self.column.heading):
            raise forms.ValidationError(
                f"The column “{heading[:80]}” is not in this file. Check the file again."
            )
        return self.column.heading

    def clean_date(self) -> str:
        text = (self.cleaned_data.get("date") or "").strip()
        if not text:
            return ""
        try:
            return read_date(text).isoformat()
        except ValueError as error:
            raise forms.ValidationError(
                f"Enter the date of “{self.column.heading[:80]}” as day month year, "
                "for example 31 8 2019"
            ) from error

    def mapped(self) -> MappedColumn:
        data = self.cleaned_data
        level = data["level"].strip() if data["role"] == "title" else ""
        return MappedColumn(
            self.column.heading,
            data["role"],
            level,
            data["date"],
            self.column.places,
            self.column.samples,
            proposed=False,
        )


def read_date(text: str) -> dt.date:
    """A date typed as day month year (31 8 2019, 31/08/2019) or as 2019-08-31."""
    found = DAY_MONTH_YEAR.match(text)
    if found:
        day, month, year = (int(part) for part in found.groups())
        return dt.date(year, month, day)
    return dt.date.fromisoformat(text)


class LevelsForm(forms.Form):
    """The plan's name for each depth of its tree, top first."""

    def __init__(self, *args: Any, levels: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for depth, name in enumerate(levels):
            self.fields[f"level_{depth}"] = forms.CharField(
                max_length=100,
                initial=name,
                label=f"Level {depth + 1}" + (" (the top)" if depth == 0 else ""),
                error_messages={"required": f"Enter a name for level {depth + 1}"},
            )
        self.helper = helper(self, csrf=False)

    def names(self) -> list[str]:
        return [self.cleaned_data[name].strip() for name in self.fields]


class CreateForm(OnceForm):
    title = forms.CharField(
        required=False,
        max_length=500,
        label="The plan's title",
        help_text="As the document prints it; change it if it is not right.",
    )
    map_name = forms.CharField(
        required=False,
        max_length=100,
        label="Save this column map as (optional)",
        help_text="For example: Monthly tracker. Choose it when you upload the next file of "
        "the same layout.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self, csrf=False)
        for name in ("title", "map_name"):
            attrs = self.fields[name].widget.attrs
            attrs["class"] = "govuk-input"
            attrs["aria-describedby"] = f"id_{name}-hint"


def column_forms(data: QueryDict | None, column_map: ColumnMap) -> list[ColumnForm]:
    """A form per column of the map, in the order the document first prints them."""
    return [
        ColumnForm(data, column=column, prefix=f"column-{number}")
        for number, column in enumerate(column_map.columns)
    ]


def corrected_map(columns: list[ColumnForm], levels: LevelsForm, shown: ColumnMap) -> ColumnMap:
    """The map the valid forms describe.

    A level renamed is renamed in the columns of item text that named it too (unless the
    person changed that column's level name as well), so the page never shows both names.
    """
    names = levels.names()
    renamed = {old: new for old, new in zip(shown.levels, names, strict=False) if old != new}
    mapped = []
    for form in columns:
        column = form.mapped()
        if column.level == form.column.level and column.level in renamed:
            column.level = renamed[column.level]
        mapped.append(column)
    return ColumnMap(mapped, names)
