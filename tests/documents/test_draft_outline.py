"""What the preview shows of a plan document, and level names given by a person (no database)."""

from __future__ import annotations

from wsoa.documents.drafts import outline, rename_levels


def item(level, number, children=(), **extra):
    return {"level": level, "number": number, "title": f"{level} {number}", "leads": [],
            "due": [], "milestones": [], "children": list(children), **extra}  # fmt: skip


def plan(*items):
    return {"plan": {"title": "Our plan"}, "levels": ["Area", "Action"], "items": list(items)}


def test_counts_per_level_follow_the_plans_level_order():
    data = plan(
        item("Area", "1", [item("Action", "1.1"), item("Action", "1.2")]), item("Area", "2")
    )
    assert outline(data).counts == [("Area", 2), ("Action", 2)]


def test_each_top_level_item_shows_its_first_three_children_in_full_and_counts_the_rest():
    children = [item("Action", f"1.{n}") for n in range(1, 6)]
    children[0]["leads"] = ["Head of SEND"]
    children[0]["due"] = [{"text": "March 2025"}]
    children[0]["milestones"] = [{"text": "Draft agreed", "period": "Aug-19"}]
    shown = outline(plan(item("Area", "1", children))).tops[0]
    assert [c.number for c in shown.children] == ["1.1", "1.2", "1.3"]
    assert shown.more == 2
    first = shown.children[0]
    assert (first.leads, first.due, first.milestones) == (
        ["Head of SEND"],
        ["March 2025"],
        ["Draft agreed (Aug-19)"],
    )


def test_renaming_a_level_renames_its_items_and_leaves_the_others():
    data = plan(item("Area", "1", [item("Action", "1.1")]))
    rename_levels(data, ["Priority area", ""])
    assert data["levels"] == ["Priority area", "Action"]
    top = data["items"][0]
    assert (top["level"], top["children"][0]["level"]) == ("Priority area", "Action")


def test_renaming_to_the_same_names_changes_nothing():
    data = plan(item("Area", "1"))
    rename_levels(data, ["Area", "Action"])
    assert data["items"][0]["level"] == "Area"
