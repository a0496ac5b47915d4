"""A SEND improvement plan as the area wrote it: findings, a tree of items, people and dates.

Everything keeps the text as printed; parsed values (dates, RAG codes, people) sit beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists, F, OuterRef, Q

from wsoa.core.models import AppendOnly, LocalArea
from wsoa.plans.rag import Rag

DUE_SOON_DAYS = 30  # "due in the next 30 days" on the plan's dashboard and its filter


class PlanKind(models.TextChoices):
    WRITTEN_STATEMENT = "wsoa", "Written statement of action"
    ACCELERATED_PROGRESS = "app", "Accelerated progress plan"
    PRIORITY_ACTION = "pap", "Priority action plan"
    SELF_EVALUATION = "sef", "Self-evaluation action plan"
    OTHER = "other", "Other improvement plan"


class Numbering(models.TextChoices):
    """Whether item numbers are kept as the plan's authors typed them or set by wsoa."""

    AS_TYPED = "typed", "Kept as typed"
    AUTOMATIC = "automatic", "Numbered automatically (1, 1.1, 1.1.1…)"


class PlanQuerySet(models.QuerySet["Plan"]):
    def for_area(self, area: LocalArea) -> PlanQuerySet:
        return self.filter(area=area)


class Plan(models.Model):
    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(max_length=500)
    kind = models.CharField(max_length=10, choices=PlanKind.choices)
    issuer = models.TextField(blank=True, help_text="Who the plan is from, as printed.")
    period_text = models.CharField(max_length=200, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    approval_text = models.TextField(blank=True, help_text="Approved / endorsed by, as printed.")
    owners_text = models.TextField(blank=True)
    last_reviewed_text = models.CharField(max_length=100, blank=True)
    last_reviewed_on = models.DateField(null=True, blank=True)
    next_review_text = models.CharField(max_length=100, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    inspection_text = models.TextField(blank=True, help_text="The inspection the plan answers.")
    introduction = models.TextField(blank=True)
    vision = models.TextField(blank=True)
    principles = models.TextField(blank=True)
    governance = models.TextField(blank=True)
    source_name = models.CharField(max_length=300, blank=True)
    numbering = models.CharField(
        max_length=10, choices=Numbering.choices, default=Numbering.AS_TYPED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    milestone_periods = models.JSONField(
        default=list,
        blank=True,
        help_text='The plan\'s milestone columns in order, as printed: each a label ("Aug-19"), '
        "the date it stands for (ISO, the end of that month) and the quarters rated under it.",
    )
    demo_shift_months = models.IntegerField(
        null=True,
        blank=True,
        help_text="Months the demo moved every date of the plan by, so it reads as in delivery "
        "today; the printed text is kept. Empty for a real plan.",
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["area__name", "title", "id"]

    def __str__(self) -> str:
        return self.title

    def level_name(self, depth: int) -> str:
        for level in self.levels.all():
            if level.depth == depth:
                return level.name
        return "Item"


class PlanLevel(models.Model):
    """The plan's own name for a level of its tree (Objective, Action, Key task…)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="levels")
    depth = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["depth"]
        constraints = [models.UniqueConstraint(fields=["plan", "depth"], name="one_name_a_level")]

    def __str__(self) -> str:
        return self.name


class RagLevel(models.Model):
    """One step of the plan's RAG scale, in the plan's own words."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rag_levels")
    position = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=20, choices=Rag.choices)
    label = models.CharField(max_length=300)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {self.label}"


class GlossaryEntry(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="glossary")
    term = models.CharField(max_length=100)
    expansion = models.CharField(max_length=500, blank=True)
    definition = models.TextField(blank=True)

    class Meta:
        ordering = ["term", "id"]
        verbose_name_plural = "glossary entries"

    def __str__(self) -> str:
        return self.term


class Person(models.Model):
    """Someone the plan names, with the short code the plan uses for them ("SaCa", "GF")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200)
    short_code = models.CharField(max_length=50, blank=True)
    role = models.CharField(max_length=500, blank=True)
    organisation = models.CharField(max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_people",
        help_text="Their account, so the items they lead are theirs to update.",
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.name} ({self.short_code})" if self.short_code else self.name


class Board(models.Model):
    """A board that holds the plan to account, with its chair, members and meeting rhythm."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="boards")
    name = models.CharField(max_length=300)
    purpose = models.TextField(blank=True)
    chair = models.ForeignKey(
        "Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="boards_chaired"
    )
    cadence_text = models.CharField(max_length=300, blank=True)
    every_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How often it meets, in weeks, when it has a rhythm."
    )
    reports_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reporting_boards"
    )
    reports_to_text = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class BoardMember(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="board_seats")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return str(self.person)


class FindingKind(models.TextChoices):
    AREA_FOR_IMPROVEMENT = "afi", "Area for improvement"
    SIGNIFICANT_WEAKNESS = "weakness", "Significant weakness"
    KEY_CONCERN = "concern", "Key concern"
    PRIORITY_ACTION = "priority", "Area for priority action"


class Finding(models.Model):
    """An inspection finding the plan answers, with its code as the plan prints it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="findings")
    position = models.PositiveIntegerField()
    code = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=20, choices=FindingKind.choices)
    text = models.TextField()
    responsible_body = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:60]}" if self.code else self.text[:60]


class FindingQuote(models.Model):
    """An extract quoted from the inspection letter under a finding."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="quotes")
    position = models.PositiveIntegerField()
    reference = models.CharField(max_length=100, blank=True, help_text='e.g. "Page 7"')
    text = models.TextField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text[:60]


def _due_q(lookup: str, value: Any) -> Q:
    """Match rows now due as the lookup says ("lt", "range"): by the revised date where
    agreed, else the baseline. Items and milestones name their dates alike."""
    revised = Q(current_due__isnull=False, **{f"current_due__{lookup}": value})
    return revised | Q(current_due__isnull=True, **{f"due_end__{lookup}": value})


def _open_milestone(lookup: str, value: Any) -> Exists:
    """Whether the item has a milestone not complete that is now due as the lookup says."""
    milestones = Milestone.objects.filter(item=OuterRef("pk"), completed_on__isnull=True)
    return Exists(milestones.exclude(rag=Rag.BLUE).filter(_due_q(lookup, value)))


class ItemQuerySet(models.QuerySet["Item"]):
    def for_area(self, area: LocalArea) -> ItemQuerySet:
        return self.filter(plan__area=area)

    def due_before(self, day: dt.date) -> ItemQuerySet:
        """Keep items now due before the day: by the revised date where agreed, else baseline."""
        return self.filter(_due_q("lt", day))

    def overdue(self, today: dt.date) -> ItemQuerySet:
        """Keep items not complete whose own due date, or an open milestone's, has passed.

        The one rule for "overdue" (`Item.is_overdue` reads it for one item): the dashboard,
        the plan's filter, "My items" and board packs all count with it.
        """
        late = _due_q("lt", today) | _open_milestone("lt", today)
        return self.filter(late).exclude(rag=Rag.BLUE).current()

    def due_soon(self, today: dt.date, days: int = DUE_SOON_DAYS) -> ItemQuerySet:
        """Keep items not complete that fall due, or have an open milestone falling due, from
        today to `days` days ahead, inclusive: by the revised date where agreed, else the
        baseline (as `due_before`)."""
        window = (today, today + dt.timedelta(days=days))
        soon = _due_q("range", window) | _open_milestone("range", window)
        return self.filter(soon).exclude(rag=Rag.BLUE).current()

    def slipped(self) -> ItemQuerySet:
        """Keep items whose revised due date is later than the baseline the plan printed."""
        return self.filter(
            current_due__isnull=False, due_end__isnull=False, current_due__gt=F("due_end")
        ).current()

    def led_by(self, *, text: str = "", person_id: int | None = None) -> ItemQuerySet:
        """Keep items with a lead printed as this text, or resolved to this person."""
        leads = Q(people__part=ItemPerson.Part.LEAD)
        if person_id is not None:
            return self.filter(leads & Q(people__person_id=person_id)).distinct()
        return self.filter(leads & Q(people__text=text)).distinct()

    def search(self, words: str) -> ItemQuerySet:
        query = Q()
        for word in words.split():
            query &= (
                Q(title__icontains=word) | Q(notes__text__icontains=word) | Q(number__iexact=word)
            )
        return self.filter(query).distinct()

    def current(self) -> ItemQuerySet:
        """Keep the items still in the plan: not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def owned_by(self, user: Any) -> ItemQuerySet:
        """Keep the items the user owns: leads through a person linked to their account, or
        is assigned to. The one rule for ownership; `owners_by_item` reads it the other way.

        Assignments belong to the progress app, above plans, so they are reached by their
        reverse name (`assignments`) rather than imported.
        """
        leads = Q(people__part=ItemPerson.Part.LEAD, people__person__user=user)
        return self.filter(leads | Q(assignments__user=user)).distinct()


def owners_by_item(items: Iterable[Item]) -> dict[int, set[Any]]:
    """Map each item's id to the users who own it, by the rule of `ItemQuerySet.owned_by`.

    Items nobody owns are left out. Three queries however many items (a queryset of items is
    used as a subquery): the leads' linked accounts, the assigned users, then those users.
    """
    ids = items.values("pk") if isinstance(items, models.QuerySet) else [i.pk for i in items]
    leads = ItemPerson.objects.filter(
        item__in=ids, part=ItemPerson.Part.LEAD, person__user__isnull=False
    ).values_list("item_id", "person__user_id")
    assigned = Item.objects.filter(pk__in=ids, assignments__isnull=False).values_list(
        "pk", "assignments__user_id"
    )
    pairs = [*leads, *assigned]
    users = get_user_model().objects.in_bulk({user_id for _, user_id in pairs})
    owners: dict[int, set[Any]] = {}
    for item_id, user_id in pairs:
        owners.setdefault(item_id, set()).add(users[user_id])
    return owners


class Item(models.Model):
    """A node of the plan's tree: an objective, action, key task, activity or step."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    depth = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=100, blank=True, help_text="The plan's name for it.")
    position = models.PositiveIntegerField(help_text="Order in the whole plan, as printed.")
    number = models.CharField(max_length=50, blank=True)
    title = models.TextField(help_text="The item's text as printed.")
    status_text = models.TextField(blank=True)
    rag = models.CharField(max_length=20, choices=Rag.choices, blank=True)
    due_end = models.DateField(
        null=True, blank=True, help_text="Baseline: the latest due date the plan printed."
    )
    current_due = models.DateField(
        null=True, blank=True, help_text="A revised due date agreed since; the baseline stays."
    )
    findings = models.ManyToManyField(Finding, blank=True, related_name="items")
    source_line = models.PositiveIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Goes up on every change, so a stale edit can be refused."
    )
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, help_text="Withdrawn from the plan; kept with its history."
    )
    withdrawn_reason = models.TextField(blank=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        indexes = [
            models.Index(fields=["plan", "position"]),
            models.Index(fields=["plan", "due_end"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title[:60]}".strip()

    @property
    def due(self) -> dt.date | None:
        """The date the item is now due: a revised date if one was agreed, else the baseline."""
        return self.current_due or self.due_end

    @property
    def slipped(self) -> bool:
        return bool(self.current_due and self.due_end and self.current_due > self.due_end)

    def is_overdue(self, today: dt.date) -> bool:
        """Whether the item is overdue by the rule of `ItemQuerySet.overdue`.

        Reads `milestones.all()`: prefetch them when asking of many items.
        """
        if self.rag == Rag.BLUE or self.withdrawn_at is not None:
            return False
        due = self.due
        return (due is not None and due < today) or bool(self.overdue_milestones(today))

    def overdue_milestones(self, today: dt.date) -> list[Milestone]:
        """The item's milestones not complete whose due date has passed, earliest first."""
        late = [ms for ms in self.milestones.all() if ms.is_overdue(today)]
        return sorted(late, key=lambda ms: (ms.due, ms.position))

    def open_due_dates(self) -> list[dt.date]:
        """The dates the item and its milestones not complete are now due, earliest first."""
        found = [ms.due for ms in self.milestones.all() if not ms.is_complete and ms.due]
        return sorted([self.due, *found] if self.due else found)


class ItemPerson(models.Model):
    """A lead or partner as printed, resolved to a person where the plan's key allows."""

    class Part(models.TextChoices):
        LEAD = "lead", "Lead"
        PARTNER = "partner", "Partner"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="people")
    part = models.CharField(max_length=10, choices=Part.choices)
    position = models.PositiveIntegerField()
    text = models.CharField(max_length=500)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="item_roles"
    )

    class Meta:
        ordering = ["part", "position"]

    def __str__(self) -> str:
        return self.text


class DueDate(models.Model):
    """A date as people write it ("End July 2018", "Ongoing") and what it was read as."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="due_dates")
    position = models.PositiveIntegerField()
    text = models.CharField(max_length=300)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    recurrence = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text


class Milestone(models.Model):
    """A dated deliverable of an item, with its own status and ratings."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveIntegerField()
    text = models.TextField()
    period_label = models.CharField(max_length=50, blank=True, help_text='e.g. "Aug-19"')
    due_text = models.CharField(max_length=300, blank=True)
    due_start = models.DateField(null=True, blank=True)
    due_end = models.DateField(null=True, blank=True)
    status_text = models.CharField(max_length=300, blank=True)
    rag = models.CharField(max_length=20, choices=Rag.choices, blank=True)
    current_due = models.DateField(
        null=True, blank=True, help_text="A revised due date agreed since; the baseline stays."
    )
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def due(self) -> dt.date | None:
        return self.current_due or self.due_end

    @property
    def slipped(self) -> bool:
        return bool(self.current_due and self.due_end and self.current_due > self.due_end)

    @property
    def is_complete(self) -> bool:
        return self.completed_on is not None or self.rag == Rag.BLUE

    @property
    def label(self) -> str:
        """The milestone as a reader names it: its period and its text ("Aug-19: Complete …")."""
        text = self.text if len(self.text) <= 80 else f"{self.text[:79].rstrip()}…"
        return f"{self.period_label}: {text}" if self.period_label else text

    def is_overdue(self, today: dt.date) -> bool:
        due = self.due
        return due is not None and due < today and not self.is_complete


class MilestoneRating(models.Model):
    """A RAG given to a milestone in one reporting column (Stockton's Q1–Q10)."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="ratings")
    period_label = models.CharField(max_length=50)
    rag = models.CharField(max_length=20, choices=Rag.choices, blank=True)
    text = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.period_label}: {self.text or self.rag}"


class NoteKind(models.TextChoices):
    INTENDED_OUTCOME = "intended_outcome", "Intended outcomes"
    SUCCESS_MEASURE = "success_measure", "Success measures"
    LONGER_TERM_SUCCESS = "longer_term_success", "Longer term success"
    EVIDENCE_IMPACT = "evidence_impact", "Evidence and impact"
    HOW_WE_KNOW = "how_we_know", "How will we know"
    EVALUATION = "evaluation", "Evaluation"
    PROGRESS = "progress", "Progress"
    NOTE = "note", "Note"


class ItemNote(models.Model):
    """What the plan says about an item under one heading (outcomes, measures, progress…)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=30, choices=NoteKind.choices)
    position = models.PositiveIntegerField()
    heading = models.CharField(max_length=200, blank=True, help_text="The heading as printed.")
    text = models.TextField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"


class ItemLink(models.Model):
    """A cross-reference from one item to another ("Links to other objectives")."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="links")
    position = models.PositiveIntegerField()
    text = models.TextField()
    target = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="linked_from"
    )

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text[:60]


class ImpactIndicator(models.Model):
    """A measurable target as printed, e.g. "90% of EHCP's being completed within 20 weeks"."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators"
    )
    position = models.PositiveIntegerField()
    code = models.CharField(max_length=20, blank=True)
    text = models.TextField()
    target_text = models.CharField(max_length=100, blank=True, help_text='e.g. "90%"')

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text[:60]


class PlanVersionQuerySet(models.QuerySet["PlanVersion"]):
    def for_area(self, area: LocalArea) -> PlanVersionQuerySet:
        return self.filter(plan__area=area)


class PlanVersion(AppendOnly):
    """A numbered version of the whole plan as agreed: frozen, checksummed, never changed.

    `content` is the plan in the interchange format (ADR 0002) at the moment it was agreed,
    each item carrying its id so versions can be compared item by item.
    """

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    agreed_on = models.DateField(help_text="The day it was agreed.")
    board = models.ForeignKey(
        Board, null=True, blank=True, on_delete=models.PROTECT, related_name="agreed_versions"
    )
    agreed_by_body = models.CharField(
        max_length=300, blank=True, help_text="The meeting or body that agreed it, as written."
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="plan_versions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    content = models.JSONField()
    content_sha256 = models.CharField(max_length=64)

    objects = PlanVersionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_number_a_plan_version")
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"
