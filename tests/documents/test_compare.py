"""Comparing two plan documents and matching a document without ids to a plan (no database)."""

from __future__ import annotations

import pytest

from wsoa.documents.interchange.compare import SIMILAR, NotThisPlan, compare, match, with_ids


def item(pk, number, title, *children, **fields):
    found = {"id": pk, "number": number, "title": title, "level": "Action", "leads": [],
             "partners": [], "due": [], "milestones": [], "notes": [], "status": "",
             "children": list(children), "withdrawn": None}  # fmt: skip
    found.update(fields)
    return found


def doc(*items, plan_id=7):
    return {"plan": {"id": plan_id}, "items": list(items)}


def plan():
    first = [
        item(2, "1.1", "Recruit two educational psychologists"),
        item(3, "1.2", "Audit the quality of new plans every term"),
    ]
    return doc(
        item(1, "1", "Improve the timeliness of EHC plans", *first),
        item(4, "2", "Co-produce the local offer with families", item(5, "2.1", "Run 4 workshops")),
    )


def without_ids(document):
    def strip(items):
        for found in items:
            found.pop("id", None)
            found.pop("withdrawn", None)
            strip(found["children"])

    strip(document["items"])
    return document


def test_the_same_document_has_no_changes():
    assert not compare(plan(), plan())


def test_a_changed_date_is_listed_before_and_after_as_printed():
    after = plan()
    after["items"][0]["children"][0]["due"] = [{"text": "end of March 2025"}]
    changes = compare(plan(), after)
    assert [(c["number"], c["fields"]) for c in changes.changed] == [
        ("1.1", {"due": ["", "end of March 2025"]})
    ]


def test_an_item_under_another_parent_is_moved_from_and_to():
    after = plan()
    moved = after["items"][0]["children"].pop(1)
    after["items"][1]["children"].append(moved)
    changes = compare(plan(), after)
    assert [(m["number"], m["from"], m["to"]) for m in changes.moved] == [("1.2", "1", "2")]
    assert not changes.changed and not changes.added and not changes.removed


def test_swapped_siblings_count_one_move():
    after = plan()
    after["items"][0]["children"].reverse()
    assert len(compare(plan(), after).moved) == 1


def test_a_withdrawn_item_is_removed_with_its_reason_and_then_not_again():
    after = plan()
    after["items"][1]["children"][0]["withdrawn"] = {"at": "2025-03-01", "reason": "Done elsewhere"}
    changes = compare(plan(), after)
    assert [(r["number"], r["withdrawn"], r["reason"]) for r in changes.removed] == [
        ("2.1", True, "Done elsewhere")
    ]
    assert not compare(after, after)


def test_a_document_matches_by_number_then_by_reworded_text():
    document = without_ids(plan())
    document["items"][0]["children"][1]["number"] = "1.5"
    document["items"][0]["children"][1]["title"] = "Audit the quality of new plans each term"
    found = match(plan(), document)
    assert found.ids == [1, 2, 3, 4, 5]
    changes = compare(plan(), with_ids(document, found))
    assert [(c["number"], list(c["fields"])) for c in changes.changed] == [
        ("1.5", ["number", "text"])
    ]


def test_unnumbered_items_match_by_text_within_their_parent():
    document = without_ids(plan())
    for found in document["items"][0]["children"]:
        found["number"] = ""
    assert match(plan(), document).ids == [1, 2, 3, 4, 5]


def test_text_below_the_threshold_is_a_new_item():
    document = without_ids(plan())
    document["items"][1]["children"][0] = item(None, "2.9", "Publish a newsletter for schools")
    document["items"][1]["children"][0].pop("id")
    found = match(plan(), document)
    assert found.ids == [1, 2, 3, 4, None]
    changes = compare(plan(), with_ids(document, found))
    assert [a["text"] for a in changes.added] == ["Publish a newsletter for schools"]
    assert [r["number"] for r in changes.removed] == ["2.1"]
    assert 0.5 < SIMILAR < 0.8


def test_a_document_of_another_plan_is_refused():
    other = doc(
        item(None, "A", "Safeguarding"),
        item(None, "B", "Transport"),
        item(None, "1", "Something unrelated"),
    )
    with pytest.raises(NotThisPlan, match="fewer than half of the items match plan 7"):
        match(plan(), without_ids(other))
