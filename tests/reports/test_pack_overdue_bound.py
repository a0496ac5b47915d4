"""The bounded overdue list (ADR 0035): the 20 most recent in full, the rest one row per parent.

Built from rows as `content._item_lists` makes them, over a small tree of plain objects: two
objectives under a workstream, and items under the workstream itself.
"""

import io
import re
from types import SimpleNamespace

from django.template.loader import render_to_string
from docx import Document

from wsoa.reports import pack_overdue
from wsoa.reports.word import _lists

NAMES = {0: "Workstream", 1: "Objective", 2: "Action"}


def tree(count):
    """A workstream (1), objectives 1.1 (2) and 1.2 (3), and `count` actions spread over the
    three parents in the plan's order, each a day less late than the one before it."""
    by_id = {
        1: SimpleNamespace(pk=1, parent_id=None, number="1", level="", depth=0),
        2: SimpleNamespace(pk=2, parent_id=1, number="1.1", level="", depth=1),
        3: SimpleNamespace(pk=3, parent_id=1, number="1.2", level="", depth=1),
    }
    paths = {
        1: "Workstream 1",
        2: "Workstream 1 › Objective 1.1",
        3: "Workstream 1 › Objective 1.2",
    }
    rows = []
    for n in range(count):
        pk, parent = 100 + n, (1, 2, 3)[n * 3 // count]
        by_id[pk] = SimpleNamespace(pk=pk, parent_id=parent, number=f"A{n}", level="", depth=2)
        red = n % 7 == 0
        rows.append({"id": pk, "label": f"Action A{n}", "path": paths[parent],
                     "url": f"/items/{pk}/", "days_late": 500 - n, "rag": "red" if red else "",
                     "detailed": red, "summary": f"Text {n}", "lead": "", "due": None,
                     "late_on": "2025-01-01", "confirmed": False, "printed": ""})  # fmt: skip
    return rows, by_id


def test_twenty_or_fewer_are_all_listed_as_before():
    rows, by_id = tree(pack_overdue.IN_FULL)
    found = pack_overdue.bound(rows, by_id, NAMES)
    assert found == {"overdue_listed": rows, "overdue_rest": None}


def test_the_twenty_most_recent_are_listed_in_full_in_the_plans_order():
    rows, by_id = tree(50)
    found = pack_overdue.bound(rows, by_id, NAMES)
    listed = found["overdue_listed"]
    assert len(listed) == pack_overdue.IN_FULL
    assert [row["id"] for row in listed] == [row["id"] for row in rows[30:]]  # fewest days late
    assert max(row["days_late"] for row in listed) < min(row["days_late"] for row in rows[:30])


def test_on_a_tie_the_earlier_in_the_plan_is_listed():
    rows, by_id = tree(30)
    for row in rows:
        row["days_late"] = 10
    listed = pack_overdue.bound(rows, by_id, NAMES)["overdue_listed"]
    assert [row["id"] for row in listed] == [row["id"] for row in rows[:20]]


def test_the_rest_are_grouped_by_parent_and_nothing_is_lost():
    rows, by_id = tree(50)
    rest = pack_overdue.bound(rows, by_id, NAMES)["overdue_rest"]
    listed = {row["id"] for row in pack_overdue.bound(rows, by_id, NAMES)["overdue_listed"]}
    grouped = [item["id"] for group in rest["groups"] for item in group["items"]]
    assert rest["count"] == len(grouped) == 30 == sum(g["count"] for g in rest["groups"])
    assert sorted([*listed, *grouped]) == sorted(row["id"] for row in rows)  # each once
    assert [g["path"] for g in rest["groups"]] == [
        "Workstream 1",
        "Workstream 1 › Objective 1.1",
    ]  # in the order of the plan; 1.2's items are all among the most recent
    late = {row["id"]: row["days_late"] for row in rows}
    for group in rest["groups"]:
        assert group["days_late"] == max(late[item["id"]] for item in group["items"])
    assert rest["by"] == "workstream or objective"


def test_a_red_item_links_to_the_appendix_and_any_other_to_its_page():
    rows, by_id = tree(50)
    rest = pack_overdue.bound(rows, by_id, NAMES)["overdue_rest"]
    items = {item["id"]: item for group in rest["groups"] for item in group["items"]}
    assert items[100]["href"] == "#item-100"  # red: n % 7 == 0
    assert items[101]["href"] == "/items/101/"
    assert items[101]["number"] == "A1"


def overdue_tables(rows, by_id):
    pack = {"overdue": rows, **pack_overdue.bound(rows, by_id, NAMES)}
    listed = render_to_string(
        "reports/includes/pack_list.html",
        {"rows": pack["overdue_listed"], "caption": "Overdue: most recent", "late": True,
         "of": len(rows), "anchor": "list-overdue"},
    )  # fmt: skip
    rest = render_to_string(
        "reports/includes/pack_overdue_rest.html", {"rest": pack["overdue_rest"]}
    )
    return pack, listed, rest


def test_the_html_names_every_overdue_item_once_and_says_how_many_more():
    rows, by_id = tree(50)
    _, listed, rest = overdue_tables(rows, by_id)
    assert "Overdue: most recent (20 of 50)" in listed
    assert "30 more overdue items, by workstream or objective;" in rest
    both = listed + rest
    for row in rows:
        href = f"#item-{row['id']}" if row["detailed"] else row["url"]
        assert len(re.findall(rf'href="{re.escape(href)}"', both)) == 1, row["id"]
    assert '<th scope="row" class="govuk-table__header">Workstream 1 › Objective 1.1</th>' in rest


def test_the_word_pack_lists_the_same_and_groups_the_rest():
    rows, by_id = tree(50)
    pack, _, _ = overdue_tables(rows, by_id)
    pack |= {"completed": [], "due_soon": [], "red": [], "in_progress": []}
    doc = Document()
    _lists(doc, pack)
    out = io.BytesIO()
    doc.save(out)
    doc = Document(io.BytesIO(out.getvalue()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Overdue: those that fell due most recently (20 of 50)" in text
    assert "30 more overdue items, by workstream or objective;" in text
    listed, grouped = doc.tables
    assert len(listed.rows) == 1 + 20 + 2  # header, rows, a group row per path (2 parents)
    cells = [[cell.text for cell in row.cells] for row in grouped.rows[1:]]
    assert [row[0] for row in cells] == ["Workstream 1", "Workstream 1 › Objective 1.1"]
    numbers = [n for row in cells for n in row[2].split(", ")]
    assert sorted(numbers) == sorted(f"A{n}" for n in range(30))
