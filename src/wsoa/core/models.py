"""Local areas (tenants), memberships with roles, and the audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AppendOnly(models.Model):
    """A row that cannot be changed or deleted through the application once written.

    On PostgreSQL, tables that hold evidence of what was said or shown (audit events, board
    pack and public snapshots) also get a trigger: see `core.dbguards`.
    """

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError(f"{type(self).__name__} rows cannot be changed; add a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError(f"{type(self).__name__} rows cannot be deleted.")


class LocalArea(models.Model):
    """A local area partnership: a council, its integrated care board and their partners."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """A user's role in one area; what each may do: `progress/permissions.py`, README's table."""

    AREA_ADMIN = "area_admin", "Area admin"
    PLAN_MANAGER = "plan_manager", "Plan manager"
    CONTRIBUTOR = "contributor", "Contributor"
    BOARD_MEMBER = "board_member", "Board member"
    FORUM_REP = "forum_rep", "Parent carer forum representative"


# Roles that manage plans and so must use two-factor authentication.
MANAGING_ROLES = frozenset({Role.AREA_ADMIN, Role.PLAN_MANAGER})


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council"
    ICB = "icb", "Integrated care board"
    NHS_TRUST = "nhs_trust", "NHS trust"
    SCHOOL = "school", "School or college"
    FORUM = "forum", "Parent carer forum"
    OTHER = "other", "Other"


class Organisation(models.Model):
    """A partner organisation of a local area: the council, the ICB, a trust, a school…"""

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="one_organisation_name_per_area")
        ]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def for_user(self, user: Any) -> MembershipQuerySet:
        return self.filter(user=user) if user.is_authenticated else self.none()


class Membership(models.Model):
    """A user's role in one local area. A user may hold roles in several areas."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "area"], name="one_membership_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.area}"

    @property
    def manages(self) -> bool:
        """Area admins and plan managers manage every plan of the area."""
        return self.role in MANAGING_ROLES


# Audited actions that never change what a plan's tree shows (its items, leads, dates,
# milestones, ratings and whether each is confirmed, level names, RAG words, people): the plan
# page's tree is cached on the area's latest event of any other action (plans/caching.py,
# ADR 0034). Changing this list needs a migration, for the index below names it.
TREE_NEUTRAL_ACTIONS = (
    "update.posted",
    "comment.added",
    "rag.returned",
    "reminder.sent",
    "pack.requested",
    "pack.retried",
    "pack.generated",
)


class AuditEvent(AppendOnly):
    """One change to plan data: who, when, what. Rows are only ever added."""

    area = models.ForeignKey(LocalArea, on_delete=models.PROTECT, related_name="audit_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    actor_label = models.CharField(max_length=200, help_text="Who, as shown (e.g. a command).")
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=50)
    object_type = models.CharField(max_length=50)
    object_id = models.BigIntegerField(null=True)
    summary = models.TextField()
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # The area's latest event in one index probe: the plan page's cache key (plans.caching)
            models.Index(fields=["area", "id"], name="core_audit_area_latest"),
            # The area's latest event that may change a plan's tree, also in one probe
            models.Index(
                fields=["area", "id"],
                name="core_audit_area_tree_latest",
                condition=~models.Q(action__in=TREE_NEUTRAL_ACTIONS),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.summary}"


class SubmissionToken(models.Model):
    """One sending of a form that adds rows, claimed in the same transaction as those rows.

    The token is issued with the form (`core.idempotency`); being unique, it is claimed once,
    so a form sent twice (a double click, a resend, two at once) adds its rows once and the
    repeat is sent where the first went.
    """

    token = models.CharField(max_length=100, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    object_type = models.CharField(
        max_length=100, blank=True, help_text='What it added, e.g. "progress.progressupdate".'
    )
    object_id = models.BigIntegerField(null=True, blank=True)
    redirect_url = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.object_type} {self.object_id or ''}"


class CodeAttempts(models.Model):
    """Two-factor codes tried at sign-in, counted for one account or one address.

    Kept in the database so every app server sees the same count: see `core.code_attempts`.
    """

    key = models.CharField(max_length=100, unique=True, help_text="user:<id> or address:<ip>")
    tried = models.PositiveIntegerField(default=0)
    last_tried_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.key}: {self.tried}"
