"""The item tree's index of numbers finds what searching the whole tree finds (issue 12 §5)."""

from __future__ import annotations

from wsoa.documents.importers.plantext.nodes import Node


def _searched(scope: Node, number: str) -> Node | None:
    """The first item below `scope`, in reading order, with the number: the slow way."""
    return next((x for x in scope.walk()[1:] if x.number == number and not x.listed), None)


def _tree() -> Node:
    """A plan with numbers printed twice, listed entries, an item moved and a subtree grafted."""
    root = Node("", "", "", 0)
    one = root.add(Node("Area", "1", "First", 1))
    two = root.add(Node("Area", "2", "Second", 2))
    later = one.add(Node("Action", "1.1", "Later line, earlier place", 9))
    one.add(Node("Action", "1.2", "Listed", 3, listed=True))
    one.add(Node("Action", "1.2", "Numbered", 4))
    two.add(Node("Action", "1.1", "Printed again", 5))
    later.add(Node("Task", "1.2", "Deeper, but earlier in reading order", 6))
    graft = Node("Action", "2.1", "Built apart", 7)
    graft.add(Node("Task", "2.1.1", "Below it", 8))
    two.add(graft)
    moved = root.add(Node("Action", "2.2", "Read before its heading", 10))
    root.children.remove(moved)
    two.add(moved)
    return root


def test_the_index_finds_the_first_in_reading_order_in_every_scope() -> None:
    root = _tree()
    numbers = {node.number for node in root.walk()} | {"9.9"}
    for scope in root.walk():
        for number in numbers:
            assert scope.find_numbered(number) is _searched(scope, number), (scope.title, number)


def test_an_earlier_place_wins_over_an_earlier_line() -> None:
    root = _tree()
    found = root.children[0].find_numbered("1.2")
    assert found is not None and found.title == "Deeper, but earlier in reading order"


def test_walk_lists_items_in_reading_order() -> None:
    titles = [node.title for node in _tree().walk()]
    assert titles[:5] == [
        "",
        "First",
        "Later line, earlier place",
        "Deeper, but earlier in reading order",
        "Listed",
    ]
    assert titles[-3:] == ["Built apart", "Below it", "Read before its heading"]
