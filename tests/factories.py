"""factory_boy factories for areas, users, memberships and plans with their parts."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from wsoa.core.models import LocalArea, Membership, Role
from wsoa.plans import models as m


class LocalAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalArea
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    area = factory.SubFactory(LocalAreaFactory)
    role = Role.BOARD_MEMBER


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Plan

    area = factory.SubFactory(LocalAreaFactory)
    title = factory.Sequence(lambda n: f"SEND Action Plan {n}")
    kind = m.PlanKind.WRITTEN_STATEMENT
    period_text = "March 2017 to March 2018"
    approval_text = "SEND Improvement Board"
    owners_text = "Director of Children's Services"
    last_reviewed_text = "28th March 2017"
    next_review_text = "11th May 2017"


class PlanLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.PlanLevel

    plan = factory.SubFactory(PlanFactory)
    depth = 0
    name = "Objective"


class RagLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.RagLevel

    plan = factory.SubFactory(PlanFactory)
    position = factory.Sequence(int)
    code = m.Rag.GREEN
    label = "On track"


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Item

    plan = factory.SubFactory(PlanFactory)
    parent = None
    depth = factory.LazyAttribute(lambda o: o.parent.depth + 1 if o.parent else 0)
    level = factory.LazyAttribute(lambda o: "Action" if o.parent else "Objective")
    position = factory.Sequence(int)
    number = factory.Sequence(str)
    title = factory.Sequence(lambda n: f"Improve the local offer, part {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Person

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    short_code = ""
    role = "Head of SEND"
    organisation = "Borough Council"


class ItemPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ItemPerson

    item = factory.SubFactory(ItemFactory)
    part = m.ItemPerson.Part.LEAD
    position = factory.Sequence(int)
    text = "Workstream 2"
    person = None


class DueDateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.DueDate

    item = factory.SubFactory(ItemFactory)
    position = factory.Sequence(int)
    text = "End July 2018"
    start = dt.date(2018, 7, 31)
    end = dt.date(2018, 7, 31)
    recurrence = ""


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Milestone

    item = factory.SubFactory(ItemFactory)
    position = factory.Sequence(int)
    text = "Draft strategy agreed"
    period_label = "Aug-19"
    due_text = "August 2019"
    due_end = dt.date(2019, 8, 31)
    status_text = "On track"
    rag = m.Rag.GREEN


class ItemNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ItemNote

    item = factory.SubFactory(ItemFactory)
    kind = m.NoteKind.INTENDED_OUTCOME
    position = factory.Sequence(int)
    heading = "Intended outcomes"
    text = "Families get the information they need."


class ItemLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ItemLink

    item = factory.SubFactory(ItemFactory)
    position = factory.Sequence(int)
    text = "Links to objective 3"
    target = None


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Finding

    plan = factory.SubFactory(PlanFactory)
    position = factory.Sequence(int)
    code = factory.Sequence(lambda n: f"AFI-{n}")
    kind = m.FindingKind.AREA_FOR_IMPROVEMENT
    text = "Weaknesses in the timeliness of assessments."


class FindingQuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.FindingQuote

    finding = factory.SubFactory(FindingFactory)
    position = factory.Sequence(int)
    reference = "Page 7"
    text = "Too many parents wait too long."


class ImpactIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ImpactIndicator

    plan = factory.LazyAttribute(lambda o: o.item.plan if o.item else PlanFactory())
    item = factory.SubFactory(ItemFactory)
    position = factory.Sequence(int)
    code = "PI1"
    text = "EHC plans completed within 20 weeks"
    target_text = "90%"


class GlossaryEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.GlossaryEntry

    plan = factory.SubFactory(PlanFactory)
    term = "EHCP"
    expansion = "Education, health and care plan"


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Board

    plan = factory.SubFactory(PlanFactory)
    name = "SEND Improvement Board"
    cadence_text = "Every six weeks"


class BoardMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.BoardMember

    board = factory.SubFactory(BoardFactory)
    person = factory.SubFactory(PersonFactory, plan=factory.SelfAttribute("..board.plan"))
    position = factory.Sequence(int)


def build_plan(area: LocalArea, *, objectives: int = 2, actions: int = 2) -> m.Plan:
    """Make a plan of objectives with actions, each action with a lead and a due date."""
    plan = PlanFactory(area=area, title=f"{area.name} SEND Action Plan")
    PlanLevelFactory(plan=plan, depth=0, name="Objective")
    PlanLevelFactory(plan=plan, depth=1, name="Action")
    for o in range(1, objectives + 1):
        objective = ItemFactory(plan=plan, number=str(o), title=f"Objective text {o}")
        for a in range(1, actions + 1):
            action = ItemFactory(
                plan=plan, parent=objective, number=f"{o}.{a}", title=f"Action text {o}.{a}"
            )
            ItemPersonFactory(item=action, text=f"Lead {a}")
            DueDateFactory(item=action)
    return plan
