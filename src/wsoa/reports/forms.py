"""Forms for meetings and packs, in GOV.UK style (crispy-forms-gds)."""

from __future__ import annotations

from typing import Any

from django import forms

from wsoa.core.dates import long_date
from wsoa.core.forms import GovDateField, helper
from wsoa.core.idempotency import OnceForm
from wsoa.kpi.models import ExceptionReport, Indicator
from wsoa.plans.models import Board, Item, Person, Plan, PlanVersion
from wsoa.progress.models import ReportingPeriod
from wsoa.reports.models import PointKind

AGENDA_LIMIT = 30_000  # a drafted agenda lists every red and amber item: up to about 200 lines


class MeetingForm(OnceForm):
    board = forms.ModelChoiceField(queryset=Board.objects.none(), label="Board")
    held_on = GovDateField(required=False, label="Date of the meeting", example="25 11 2026")
    agenda = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}), required=False,
        label="Agenda", help_text="One agenda item a line.",
        max_length=AGENDA_LIMIT,
    )  # fmt: skip
    attendees = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label="Who came (people of the plan)",
    )  # fmt: skip
    other_attendees = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Others present"
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = plan.boards.all()  # type: ignore[attr-defined]
        people = Person.objects.filter(board_seats__board__plan=plan).distinct()
        self.fields["attendees"].queryset = people  # type: ignore[attr-defined]
        self.helper = helper(self)

    def clean_held_on(self) -> Any:
        value = self.cleaned_data.get("held_on")
        if value is None:
            raise forms.ValidationError("Enter the date of the meeting")
        return value


class PointForm(OnceForm):
    kind = forms.ChoiceField(
        choices=PointKind.choices, widget=forms.RadioSelect, label="Decision or action"
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="What was agreed")
    owner_text = forms.CharField(required=False, label="Who will do it (for an action)")
    due_on = GovDateField(required=False, label="By when (for an action)", example="31 1 2027")
    items = forms.ModelMultipleChoiceField(
        queryset=Item.objects.none(), required=False, label="Plan items it concerns"
    )
    indicators = forms.ModelMultipleChoiceField(
        queryset=Indicator.objects.none(), required=False, label="Indicators it concerns"
    )
    exceptions = forms.ModelMultipleChoiceField(
        queryset=ExceptionReport.objects.none(), required=False, label="Exceptions it concerns"
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["items"].queryset = plan.items.order_by("position")  # type: ignore[attr-defined]
        fields["indicators"].queryset = Indicator.objects.for_area(plan.area)  # type: ignore[attr-defined]
        fields["exceptions"].queryset = (  # type: ignore[attr-defined]
            ExceptionReport.objects.for_area(plan.area).open().select_related("indicator")
        )
        fields["exceptions"].label_from_instance = (  # type: ignore[attr-defined]
            lambda e: f"{e.indicator.name}: {e.reason}"
        )
        self.helper = helper(self)


class PackForm(OnceForm):
    board = forms.ModelChoiceField(
        queryset=Board.objects.none(), required=False, label="For which board",
        empty_label="No particular board",
    )  # fmt: skip
    period = forms.ModelChoiceField(
        queryset=ReportingPeriod.objects.none(), required=False, label="Reporting period",
        empty_label="Since the last pack or the board's last meeting",
    )  # fmt: skip
    version = forms.ModelChoiceField(
        queryset=PlanVersion.objects.none(), required=False,
        label="Which agreed version the board holds the plan to",
        empty_label="No agreed version", help_text="The latest agreed version is chosen for you.",
    )  # fmt: skip
    next_meeting_on = GovDateField(
        required=False, label="Date of the next meeting",
        help_text="Items due before it are listed. Leave empty to use the next recorded meeting.",
        example="6 1 2027",
    )  # fmt: skip

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = plan.boards.all()  # type: ignore[attr-defined]
        self.fields["period"].queryset = plan.periods.all()  # type: ignore[attr-defined]
        versions = plan.versions.order_by("-number")
        version_field = self.fields["version"]
        version_field.queryset = versions  # type: ignore[attr-defined]
        version_field.label_from_instance = _version_label  # type: ignore[attr-defined]
        version_field.initial = versions.first()
        self.helper = helper(self)


def _version_label(version: PlanVersion) -> str:
    return f"Version {version.number}, agreed on {long_date(version.agreed_on)}"


class BoardForm(OnceForm):
    """A board of the plan: its name, purpose, chair, members, rhythm and whom it reports to."""

    name = forms.CharField(
        label="Name of the board", max_length=300,
        error_messages={"required": "Enter the name of the board"},
    )  # fmt: skip
    purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="What the board is for"
    )
    chair = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label="Chair", empty_label="Not named"
    )
    members = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label="Members (people of the plan)",
    )  # fmt: skip
    new_member_name = forms.CharField(
        required=False, max_length=200, label="Or add someone new: name"
    )
    new_member_role = forms.CharField(required=False, max_length=500, label="Their role")
    new_member_organisation = forms.CharField(
        required=False, max_length=300, label="Their organisation"
    )
    every_weeks = forms.IntegerField(
        required=False, min_value=1, max_value=52, label="Meets every how many weeks",
        help_text="Leave empty if it meets monthly, quarterly or as written below.",
        error_messages={
            "min_value": "Enter a number of weeks from 1 to 52",
            "max_value": "Enter a number of weeks from 1 to 52",
            "invalid": "Enter the number of weeks as a whole number, like 6",
        },
    )  # fmt: skip
    cadence_text = forms.CharField(
        required=False, max_length=300, label="How often it meets, as written",
        help_text="For example: monthly, quarterly, every 6 weeks.",
    )  # fmt: skip
    reports_to = forms.ModelChoiceField(
        queryset=Board.objects.none(), required=False, label="Reports to (a board of this plan)",
        empty_label="No board of this plan",
    )  # fmt: skip
    reports_to_text = forms.CharField(
        required=False, max_length=500, label="Reports to (a body outside the plan), as written",
        help_text="For example: Children's Strategic Partnership, quarterly.",
    )  # fmt: skip

    def __init__(self, *args: Any, plan: Plan, board: Board | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = plan.people.all()
        self.fields["chair"].queryset = people  # type: ignore[attr-defined]
        self.fields["members"].queryset = people  # type: ignore[attr-defined]
        boards = plan.boards.all()
        others = boards.exclude(pk=board.pk) if board else boards
        self.fields["reports_to"].queryset = others  # type: ignore[attr-defined]
        self.helper = helper(self)

    def clean_name(self) -> str:
        name = str(self.cleaned_data.get("name", "")).strip()
        if not name:
            raise forms.ValidationError("Enter the name of the board")
        return name

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        extra = data.get("new_member_role") or data.get("new_member_organisation")
        if extra and not str(data.get("new_member_name", "")).strip():
            self.add_error("new_member_name", "Enter the name of the member to add")
        return data


class MeetingDateForm(OnceForm):
    """A date for the board's schedule: a meeting added, or where a planned one moves to."""

    on = GovDateField(required=False, label="Date of the meeting", example="14 1 2027")
    note = forms.CharField(required=False, max_length=300, label="Note (optional)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self)

    def clean_on(self) -> Any:
        value = self.cleaned_data.get("on")
        if value is None:
            raise forms.ValidationError("Enter the date of the meeting")
        return value


class CancelDateForm(OnceForm):
    """Cancel a planned meeting: the form is only its submission token."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self)
