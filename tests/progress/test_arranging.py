"""Moving and removing items: the tree stays valid, history is kept, stale changes are refused."""

import pytest

from factories import ItemFactory, MilestoneFactory, UserFactory, build_plan
from wsoa.core.models import AuditEvent
from wsoa.documents.importing import import_plan
from wsoa.plans.models import Item, MilestoneRating, Numbering, PlanVersion
from wsoa.progress import arranging
from wsoa.progress.arranging import ArrangingError
from wsoa.progress.models import Comment, ProgressUpdate, RagDecision
from wsoa.progress.services import StaleEdit

pytestmark = pytest.mark.django_db


def shape(plan):
    """The plan as (number, parent number, depth, level) in plan order."""
    items = plan.items.order_by("position").select_related("parent")
    return [(i.number, i.parent.number if i.parent else None, i.depth, i.level) for i in items]


def positions_are_preorder(plan):
    items = list(plan.items.order_by("position"))
    assert [i.position for i in items] == list(range(1, len(items) + 1))
    seen: set[int] = set()
    for each in items:
        assert each.parent_id is None or each.parent_id in seen
        assert each.depth == (0 if each.parent is None else each.parent.depth + 1)
        seen.add(each.pk)


@pytest.fixture
def by():
    return UserFactory(username="manager")


@pytest.fixture
def tree(area):
    plan = build_plan(area, objectives=3, actions=3)
    arranging.reorder(plan)
    return plan


def get(plan, number):
    return plan.items.get(number=number)


def test_move_down_swaps_with_the_next_sibling(tree, by):
    item = get(tree, "1.1")
    arranging.move_down(
        item=item,
        by=by,
        version=item.version,
    )
    assert [n for n, *_ in shape(tree)][:4] == ["1", "1.2", "1.1", "1.3"]
    positions_are_preorder(tree)


def test_move_up_swaps_with_the_sibling_before(tree, by):
    item = get(tree, "1.3")
    arranging.move_up(item=item, by=by, version=item.version)
    assert [n for n, *_ in shape(tree)][:4] == ["1", "1.1", "1.3", "1.2"]


def test_moving_a_top_level_item_takes_its_subtree(tree, by):
    item = get(tree, "2")
    arranging.move_up(item=item, by=by, version=item.version)
    assert [n for n, *_ in shape(tree)][:8] == ["2", "2.1", "2.2", "2.3", "1", "1.1", "1.2", "1.3"]
    positions_are_preorder(tree)


def test_first_item_cannot_move_up_nor_last_down(tree, by):
    first, last = get(tree, "1.1"), get(tree, "1.3")
    with pytest.raises(ArrangingError, match="already the first"):
        arranging.move_up(item=first, by=by, version=first.version)
    with pytest.raises(ArrangingError, match="already the last"):
        arranging.move_down(item=last, by=by, version=last.version)


def test_indent_puts_the_item_last_under_the_sibling_before(tree, by):
    item = get(tree, "2")
    arranging.indent(item=item, by=by, version=item.version)
    rows = shape(tree)
    assert rows[4] == ("2", "1", 1, "Action")
    assert rows[5] == ("2.1", "2", 2, "")
    positions_are_preorder(tree)


def test_outdent_puts_the_item_after_its_old_parent(tree, by):
    item = get(tree, "1.2")
    arranging.outdent(item=item, by=by, version=item.version)
    numbers = [n for n, *_ in shape(tree)]
    assert numbers[:6] == ["1", "1.1", "1.3", "1.2", "2", "2.1"]
    moved = get(tree, "1.2")
    assert (moved.parent, moved.depth, moved.level) == (None, 0, "Objective")


def test_top_level_cannot_outdent_and_first_cannot_indent(tree, by):
    top, first = get(tree, "1"), get(tree, "2.1")
    with pytest.raises(ArrangingError, match="top level"):
        arranging.outdent(item=top, by=by, version=top.version)
    with pytest.raises(ArrangingError, match="no item before"):
        arranging.indent(item=first, by=by, version=first.version)


def test_move_to_another_parent_after_a_sibling(tree, by):
    item = get(tree, "1.1")
    arranging.move_item(
        item=item, by=by, version=item.version, parent=get(tree, "3"), after=get(tree, "3.2")
    )
    assert [n for n, *_ in shape(tree)][-4:] == ["3.1", "3.2", "1.1", "3.3"]
    event = AuditEvent.objects.get(action="item.moved")
    assert event.changes["parent"] == {"before": "Objective 1", "after": "Objective 3"}
    assert event.changes["version"] == item.version + 1
    assert get(tree, "1.1").version == item.version + 1


def test_move_to_the_top_level_first(tree, by):
    item = get(tree, "3.3")
    arranging.move_item(item=item, by=by, version=item.version, parent=None, after=None)
    assert shape(tree)[0] == ("3.3", None, 0, "Objective")
    positions_are_preorder(tree)


@pytest.mark.parametrize("target", ["1", "1.1"])
def test_an_item_cannot_move_under_itself_or_below_itself(area, by, target):
    plan = build_plan(area, objectives=1, actions=1)
    ItemFactory(plan=plan, parent=get(plan, "1.1"), number="1.1.1", position=99)
    before = shape(plan)
    item = get(plan, "1")
    with pytest.raises(ArrangingError, match="under itself"):
        arranging.move_item(
            item=item, by=by, version=item.version, parent=get(plan, target), after=None
        )
    assert shape(plan) == before
    assert not AuditEvent.objects.filter(action="item.moved").exists()


def test_an_item_cannot_move_under_another_plans_item(tree, other_plan, by):
    item = get(tree, "1.1")
    with pytest.raises(ArrangingError, match="another plan"):
        arranging.move_item(
            item=item, by=by, version=item.version, parent=other_plan.items.first(), after=None
        )


def test_after_must_be_under_the_new_parent(tree, by):
    item = get(tree, "1.1")
    with pytest.raises(ArrangingError, match="not under the chosen parent"):
        arranging.move_item(
            item=item, by=by, version=item.version, parent=get(tree, "2"), after=get(tree, "3.1")
        )


def test_a_stale_move_is_refused_and_writes_nothing(tree, by):
    item = get(tree, "1.1")
    arranging.move_down(item=item, by=by, version=item.version)
    before = shape(tree)
    with pytest.raises(StaleEdit):
        arranging.move_down(item=item, by=by, version=item.version)
    with pytest.raises(StaleEdit):
        arranging.remove_item(item=item, by=by, version=item.version, reason="gone")
    assert shape(tree) == before
    assert Item.objects.filter(pk=item.pk).exists()


def test_automatic_numbering_follows_moves(tree, by):
    tree.numbering = Numbering.AUTOMATIC
    tree.save()
    item = get(tree, "3")
    arranging.move_item(item=item, by=by, version=item.version, parent=None, after=None)
    numbers = [n for n, *_ in shape(tree)]
    assert numbers == [
        "1", "1.1", "1.2", "1.3", "2", "2.1", "2.2", "2.3", "3", "3.1", "3.2", "3.3",
    ]  # fmt: skip
    assert plan_titles(tree)[:2] == ["Objective text 3", "Action text 3.1"]
    assert AuditEvent.objects.filter(action="plan.renumbered").exists()


def plan_titles(plan):
    return list(plan.items.order_by("position").values_list("title", flat=True))


def test_numbers_as_typed_are_kept(tree, by):
    item = get(tree, "3")
    arranging.move_item(item=item, by=by, version=item.version, parent=None, after=None)
    assert [n for n, *_ in shape(tree)][:2] == ["3", "3.1"]
    assert arranging.renumber(plan=tree, by=by) == 0


def test_an_item_without_history_is_deleted_with_its_subtree(tree, by):
    item = get(tree, "2")
    removal = arranging.remove_item(item=item, by=by, version=item.version, reason="")
    assert removal.deleted and removal.withdrawn == []
    assert not tree.items.filter(number__startswith="2").exists()
    event = AuditEvent.objects.get(action="item.deleted")
    assert event.changes["number"] == {"before": "2", "after": None}
    assert event.changes["text"]["before"] == "Objective text 2"
    positions_are_preorder(tree)


def _update(item, by):
    return ProgressUpdate.objects.create(item=item, author=by, commentary="x", proposed_rag="green")


HISTORY = {
    "an update": lambda item, by: _update(item, by),
    "a rating decision": lambda item, by: RagDecision.objects.create(
        update=_update(item, by), item=item, outcome="confirmed", rag="green", decided_by=by
    ),
    "a comment": lambda item, by: Comment.objects.create(item=item, author=by, text="hi"),
    "a milestone rating": lambda item, by: MilestoneRating.objects.create(
        milestone=MilestoneFactory(item=item), period_label="Q1", rag="green"
    ),
    "a meeting point": lambda item, by: _meeting_point(item),
    "an agreed version": lambda item, by: PlanVersion.objects.create(
        plan=item.plan,
        number=1,
        agreed_on="2026-01-01",
        recorded_by=by,
        content={"items": [{"id": 0, "children": [{"id": item.pk}]}]},
        content_sha256="0" * 64,
    ),
}


def _meeting_point(item):
    from factories import BoardFactory
    from wsoa.reports.models import Meeting, MeetingPoint

    board = BoardFactory(plan=item.plan)
    meeting = Meeting.objects.create(board=board, held_on="2026-01-01")
    point = MeetingPoint.objects.create(meeting=meeting, kind="decision", text="Agreed")
    point.items.add(item)


@pytest.mark.parametrize("kind", HISTORY)
def test_an_item_with_history_below_it_is_withdrawn_not_deleted(tree, by, kind):
    HISTORY[kind](get(tree, "2.2"), by)
    item = get(tree, "2")
    assert arranging.has_history(item)
    removal = arranging.remove_item(item=item, by=by, version=item.version, reason="Merged")
    assert not removal.deleted
    assert {i.number for i in removal.withdrawn} == {"2", "2.1", "2.2", "2.3"}
    kept = tree.items.filter(number__startswith="2")
    assert kept.count() == 4
    assert all(i.withdrawn_at and i.withdrawn_reason == "Merged" for i in kept)
    assert AuditEvent.objects.filter(action="item.withdrawn").count() == 4
    assert not AuditEvent.objects.filter(action="item.deleted").exists()


def test_withdrawing_needs_a_reason(tree, by):
    Comment.objects.create(item=get(tree, "1.1"), author=by, text="hi")
    item = get(tree, "1.1")
    with pytest.raises(ArrangingError, match="why"):
        arranging.remove_item(item=item, by=by, version=item.version, reason="  ")
    assert get(tree, "1.1").withdrawn_at is None


def test_a_withdrawn_item_cannot_be_moved_and_is_skipped_by_numbering(tree, by):
    tree.numbering = Numbering.AUTOMATIC
    tree.save()
    Comment.objects.create(item=get(tree, "1.1"), author=by, text="hi")
    item = get(tree, "1.1")
    arranging.remove_item(item=item, by=by, version=item.version, reason="Done elsewhere")
    withdrawn = Item.objects.get(pk=item.pk)
    assert withdrawn.number == "1.1"
    assert tree.items.filter(number="1.1").count() == 2  # the old 1.2 is now 1.1
    with pytest.raises(ArrangingError, match="withdrawn"):
        arranging.move_down(item=withdrawn, by=by, version=withdrawn.version)


def test_an_item_cannot_move_under_a_withdrawn_item(tree, by):
    Comment.objects.create(item=get(tree, "2"), author=by, text="hi")
    two = get(tree, "2")
    arranging.remove_item(item=two, by=by, version=two.version, reason="Gone")
    item = get(tree, "1.1")
    with pytest.raises(ArrangingError, match="withdrawn"):
        arranging.move_item(
            item=item, by=by, version=item.version, parent=get(tree, "2"), after=None
        )


@pytest.fixture
def worcestershire(seeds):
    return import_plan(
        path=seeds / "004_f5d818488e67f6ca.txt", area_name="Worcestershire", actor_label="test"
    ).plan


def test_moves_on_a_seed_plan_keep_positions_and_depths(worcestershire, by):
    plan = worcestershire
    items = list(plan.items.order_by("position"))
    count = len(items)
    deep = next(i for i in items if i.depth == 2)
    arranging.outdent(item=deep, by=by, version=deep.version)
    deep.refresh_from_db()
    assert deep.depth == 1
    assert deep.level == plan.level_name(1)
    top = next(i for i in reversed(items) if i.depth == 0)
    arranging.move_item(item=top, by=by, version=top.version, parent=None, after=None)
    positions_are_preorder(plan)
    assert plan.items.count() == count
    assert plan.items.order_by("position").first().pk == top.pk
