"""Cases of the statutory EHC process, their exceptions, advice and reviews; casework roles; the
audit of every read and change. Personal fields are encrypted at rest (`crypto.py`).

A case belongs to one area (`LocalArea`, the tenant core uses). Nothing outside this app imports
these models (an import-linter contract): only aggregate figures leave it (`figures.py`).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models

from wsoa.casework import clock
from wsoa.casework.crypto import EncryptedDate, EncryptedText
from wsoa.core.models import AppendOnly, LocalArea

PERSONAL_FIELDS = ("name", "date_of_birth", "upn", "postcode")


class RequestSource(models.TextChoices):
    PARENT = "parent", "Parent"
    YOUNG_PERSON = "young_person", "Young person"
    SCHOOL = "school", "School or college"
    HEALTH = "health", "Health"
    OTHER = "other", "Other"


class Decision(models.TextChoices):
    AGREED = "agreed", "Agreed to assess"
    REFUSED = "refused", "Refused to assess"


class CaseQuerySet(models.QuerySet["Case"]):
    def for_area(self, area: LocalArea) -> CaseQuerySet:
        return self.filter(area=area)

    def open(self) -> CaseQuerySet:
        return self.filter(closed_on__isnull=True, ceased_date__isnull=True)


class Case(models.Model):
    """One request for an EHC needs assessment and what followed it."""

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="ehc_cases")
    case_ref = models.CharField(max_length=50)
    request_date = models.DateField()
    request_source = models.CharField(max_length=20, choices=RequestSource.choices, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    not_issue_date = models.DateField(null=True, blank=True)
    draft_date = models.DateField(null=True, blank=True)
    final_date = models.DateField(null=True, blank=True)
    transfer_year = models.PositiveIntegerField(null=True, blank=True)
    transfer_kind = models.CharField(max_length=10, blank=True, help_text="school | post16")
    transfer_amended = models.DateField(null=True, blank=True)
    ceased_date = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    caseworker = models.CharField(max_length=200, blank=True)
    team = models.CharField(max_length=100, blank=True)
    # The earliest open statutory step, kept when the case is written (for the worklist's order).
    next_due = models.DateField(null=True, blank=True)
    next_step = models.CharField(max_length=60, blank=True)
    # Whether a reg. 10(4) exception applied to the 20-week limit (`clock.has_exception`), kept
    # when the case is written: SEN2's "excluding exceptions" measures leave such cases out.
    has_exception = models.BooleanField(default=False)
    # Made up (`synthetic`: the demo, or an extract of made-up cases): every casework page of an
    # area with such cases says so in a banner.
    made_up = models.BooleanField(default=False)
    # Personal data: encrypted at rest, never in another app, a log or an export.
    name = EncryptedText(blank=True, default="")
    date_of_birth = EncryptedDate(blank=True, default="")
    upn = EncryptedText(blank=True, default="")
    postcode = EncryptedText(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["next_due", "case_ref"]
        constraints = [
            models.UniqueConstraint(fields=["area", "case_ref"], name="one_case_ref_per_area")
        ]
        indexes = [
            models.Index(fields=["area", "next_due"]),
            models.Index(fields=["area", "request_date"]),
            models.Index(fields=["area", "final_date"]),
            models.Index(fields=["area", "decision_date"]),
            # The worklists (`worklists.py`): open cases in their order (next deadline, then
            # reference), with every column a list filters on or shows, so that a page and its
            # counts are read from the index alone (include= is PostgreSQL's; elsewhere a
            # partial index on the order). ADR 0032.
            models.Index(
                fields=["area", "next_due", "case_ref"],
                include=["id", "next_step", "caseworker", "team"],
                condition=models.Q(ceased_date__isnull=True, closed_on__isnull=True),
                name="case_worklist_order",
            ),
            models.Index(fields=["area"], condition=models.Q(made_up=True), name="case_made_up"),
        ]

    def __str__(self) -> str:
        return self.case_ref  # never the child's name

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    def facts(self) -> clock.Facts:
        """The case as the clock reads it (exceptions, advice and reviews prefetched or read)."""
        transfer = None
        if self.transfer_year and self.transfer_kind:
            transfer = clock.Transfer(self.transfer_year, self.transfer_kind, self.transfer_amended)
        return clock.Facts(
            request_date=self.request_date,
            decision_date=self.decision_date,
            decision=self.decision or None,
            not_issue_date=self.not_issue_date,
            draft_date=self.draft_date,
            final_date=self.final_date,
            exceptions=tuple(clock.Pause(e.reason, e.start, e.end) for e in self.exceptions.all()),
            advice=tuple(
                clock.Advice(a.service, a.requested, a.received) for a in self.advice.all()
            ),
            reviews=tuple(
                clock.Review(r.meeting, r.report, r.decision) for r in self.reviews.all()
            ),
            transfer=transfer,
            ceased_date=self.ceased_date,
        )


class CaseException(models.Model):
    """An exception to the time limits, reg. 10(4): its reason and when it applied."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exceptions")
    reason = models.CharField(max_length=40)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["start", "pk"]

    def __str__(self) -> str:
        return f"{self.reason} from {self.start}"


class AdviceRequest(models.Model):
    """Advice asked of one service (reg. 8: within 6 weeks of the request for it)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="advice")
    # The case's area, kept beside it so an area's awaited advice is found from one index
    # without reading every area's (always the case's own: set where requests are made). No
    # index of its own: `advice_awaited` serves the reads, and an area is rarely deleted.
    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="+", db_index=False)
    service = models.CharField(max_length=40)
    requested = models.DateField(null=True, blank=True)
    received = models.DateField(null=True, blank=True)
    late_reason = models.TextField(blank=True)
    more_info_asked = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["requested", "service"]
        constraints = [
            models.UniqueConstraint(fields=["case", "service"], name="one_advice_per_service")
        ]
        indexes = [
            # "Advice overdue": an area's requests still awaiting advice, by date asked; a small
            # share of its advice rows (most is received), found without reading other areas'.
            models.Index(
                fields=["area", "requested"],
                include=["case", "service"],
                condition=models.Q(received__isnull=True),
                name="advice_awaited",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} advice"


class AnnualReview(models.Model):
    """One annual review: the meeting, the report after it (reg. 20) and the decision (reg. 19)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    meeting = models.DateField(null=True, blank=True)
    report = models.DateField(null=True, blank=True)
    decision = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return f"Review {self.meeting}"


class CaseworkRoleKind(models.TextChoices):
    CASEWORKER = "caseworker", "Caseworker"
    MANAGER = "casework_manager", "Casework manager"
    ADVICE_GIVER = "advice_giver", "Advice giver"


class CaseworkRoleQuerySet(models.QuerySet["CaseworkRole"]):
    def for_user(self, user: Any) -> CaseworkRoleQuerySet:
        return self.filter(user=user) if user.is_authenticated else self.none()


class CaseworkRole(models.Model):
    """A user's casework role in one area, separate from (and needing no) plan role.

    Advice givers answer for one service and see only the advice requests addressed to it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="casework_roles"
    )
    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="casework_roles")
    role = models.CharField(max_length=20, choices=CaseworkRoleKind.choices)
    service = models.CharField(max_length=40, blank=True, help_text="Advice givers only.")

    objects = CaseworkRoleQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "area"], name="one_casework_role_per_area"),
            models.CheckConstraint(
                condition=models.Q(role="advice_giver", service__gt="")
                | (~models.Q(role="advice_giver") & models.Q(service="")),
                name="service_for_advice_givers_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.area}"

    @property
    def sees_cases(self) -> bool:
        """Caseworkers and casework managers see every case of the area."""
        return self.role in (CaseworkRoleKind.CASEWORKER, CaseworkRoleKind.MANAGER)

    @property
    def manages(self) -> bool:
        return self.role == CaseworkRoleKind.MANAGER


class CaseAction(models.TextChoices):
    READ = "read", "Read"
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    ERASE = "erase", "Erased on request"
    PURGE = "purge", "Deleted after the retention period"
    IMPORT = "import", "Imported an extract"


class CaseEvent(AppendOnly):
    """Who read or changed which case, when: never the personal data itself.

    Rows outlive the case they name (the case becomes empty, the reference stays), so an
    erasure or a purge leaves a record that it happened.
    """

    area = models.ForeignKey(LocalArea, on_delete=models.PROTECT, related_name="case_events")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    case_ref = models.CharField(max_length=50, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=10, choices=CaseAction.choices)
    fields = models.JSONField(default=list, blank=True, help_text="Names of changed fields.")
    count = models.PositiveIntegerField(null=True, blank=True, help_text="Cases purged.")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["area", "case_ref"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.case_ref}"


class ExtractUpload(models.Model):
    """An extract uploaded on the import page, kept (encrypted) until it is imported or dropped."""

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    content = EncryptedText(help_text="The file, base64, encrypted.")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


def advice_document_path(instance: AdviceSubmission | None, filename: str) -> str:
    """A random name keeping only the extension: a file's own name may name the child."""
    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"advice/{secrets.token_hex(16)}.{suffix}"


# Why advice will be late, as an advice giver says (the due date stays: reg. 8(1)).
LATE_REASONS: dict[str, str] = {
    "more_information": "Waiting for information from the local authority",
    "appointment_missed": "The child or family could not attend an appointment",
    "personal_circumstances": "Exceptional personal circumstances of the child or family",
    "absent_from_area": "The child or family was away from the area",
    "capacity": "The service does not have the staff to meet the date",
    "other": "Another reason",
}


class SubmissionKind(models.TextChoices):
    ADVICE = "advice", "Advice submitted"
    MORE_INFO = "more_info", "More information asked for"
    LATE = "late", "Reason for late advice"


class AdviceSubmission(AppendOnly):
    """What an advice giver sent through the portal about one advice request (history as rows).

    Free text and the document's own name may hold personal data, so they are encrypted like
    the case's personal fields; the document is stored under a random name.
    """

    advice = models.ForeignKey(AdviceRequest, on_delete=models.CASCADE, related_name="submissions")
    kind = models.CharField(max_length=10, choices=SubmissionKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    needs = EncryptedText(blank=True, default="", help_text="Advice: the needs identified.")
    provision = EncryptedText(blank=True, default="", help_text="Advice: provision advised.")
    text = EncryptedText(blank=True, default="", help_text="The question, or why it is late.")
    late_reason = models.CharField(max_length=30, blank=True)
    expected_on = models.DateField(null=True, blank=True)
    document = models.FileField(upload_to=advice_document_path, max_length=300, blank=True)
    document_name = EncryptedText(blank=True, default="")
    document_size = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.advice})"

    @property
    def service_name(self) -> str:
        return clock.ADVICE_SERVICES.get(self.advice.service, self.advice.service)

    @property
    def late_reason_text(self) -> str:
        return LATE_REASONS.get(self.late_reason, self.late_reason)


class AdviceDigestSent(models.Model):
    """One advice giver's digest of one day, claimed before it is sent: never sent twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="+")
    on = models.DateField()
    requests = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "area", "on"], name="one_advice_digest_a_day")
        ]

    def __str__(self) -> str:
        return f"Advice digest to {self.user} on {self.on}"
