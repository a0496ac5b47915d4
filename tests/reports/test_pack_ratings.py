"""A board pack shows an item's rating as every page does: a confirmed rating as one tag (in the
plan's words in the appendix; by its name in the compact lists, whose words the RAG key gives);
before confirmation, the status as printed in the plan, in plain text. Packs stored before the
pack kept that still render as they were made."""

import datetime as dt
import io
import re

import pytest
from django.template.loader import render_to_string
from docx import Document
from pack_history import at

from wsoa.reports.content import build_pack
from wsoa.reports.render import render_body
from wsoa.reports.window import window_for
from wsoa.reports.word import pack_docx

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack(plan, board, history):
    """1.1 is a confirmed amber; 1.2 is green only as the plan printed it (never confirmed)."""
    with at("2026-10-20"):
        window = window_for(plan, board=board, next_meeting_on=dt.date(2026, 11, 20))
        return build_pack(plan, window, board=board)


def detail_row(pack, label):
    rows = [row for area in pack["summary"] for row in area["items"] if row["label"] == label]
    assert len(rows) == 1, label
    return rows[0]


def rating_cell(html, row_id):
    found = re.search(rf'<tr class="govuk-table__row" id="item-{row_id}">(.*?)</tr>', html, re.S)
    assert found, row_id
    cells = re.findall(r'<td class="govuk-table__cell">(.*?)</td>', found.group(1), re.S)
    return cells[1]  # item, rating, due


def test_rows_say_whether_the_rating_is_confirmed(pack):
    amber, printed = detail_row(pack, "Action 1.1"), detail_row(pack, "Action 1.2")
    assert amber["confirmed"] is True
    assert amber["rating_text"] == "Amber – Progress being made but not meeting expected timescales"
    assert printed["confirmed"] is False
    assert printed["printed"] == "On track to complete within expected timescales"
    assert printed["rating_text"] == (
        "As printed in the plan: On track to complete within expected timescales"
    )


def list_cell(html, label):
    """The rating cell of an item's row in the compact lists."""
    found = re.search(rf">{re.escape(label)}</a> .*?</tr>", html, re.S)
    assert found, label
    return re.findall(r'<td class="govuk-table__cell">(.*?)</td>', found.group(0), re.S)[-1]


def test_html_pack_shows_a_printed_status_as_text_and_a_confirmed_rating_as_a_tag(pack):
    html = render_body(pack)
    # 2.2 (confirmed green) is due before the next meeting, 1.2 (green only as printed) is
    # overdue; 1.1 (amber, in progress) is only counted. None is red: none is in the appendix.
    green, printed = list_cell(html, "Action 2.2"), list_cell(html, "Action 1.2")
    assert 'id="item-' not in html
    assert green == '<strong class="govuk-tag govuk-tag--green">Green</strong>'
    assert "govuk-tag" not in printed
    assert printed == "Printed: On track to complete within expected timescales"


def test_the_appendix_shows_a_confirmed_rating_in_the_plans_words(pack):
    rows = [detail_row(pack, "Action 2.2"), detail_row(pack, "Action 1.2")]
    html = render_to_string(
        "reports/includes/pack_items.html", {"rows": rows, "caption": "Appendix", "detail": True}
    )
    green, printed = rating_cell(html, rows[0]["id"]), rating_cell(html, rows[1]["id"])
    assert "govuk-tag" in green and "On track to complete" in green
    assert "govuk-tag" not in printed
    assert "As printed in the plan: On track to complete" in printed


def test_the_overdue_list_does_not_tag_an_unconfirmed_green(pack):
    overdue = [row for row in pack["overdue"] if row["label"] == "Action 1.2"]
    assert overdue and overdue[0]["confirmed"] is False
    html = render_to_string(
        "reports/includes/pack_list.html", {"rows": overdue, "caption": "Overdue", "late": True}
    )
    assert "govuk-tag" not in html
    assert "Printed: On track" in html


def test_word_pack_prints_the_rating_in_words(pack):
    doc = Document(io.BytesIO(pack_docx(pack)))
    cells = {cell.text for table in doc.tables for row in table.rows for cell in row.cells}
    assert "Printed: On track to complete within expected timescales" in cells
    # 2.2, a confirmed green due before the next meeting, is listed by its rating's name; 1.1
    # (amber, in progress) is only counted, as in the HTML pack
    assert "Green" in cells
    assert not any("Amber" in cell for cell in cells if "Progress being made" in cell)


def test_an_old_snapshot_without_the_flag_renders_as_it_was_made(pack):
    old = [
        {k: v for k, v in row.items() if k not in {"confirmed", "printed", "rating_text"}}
        for row in pack["overdue"]
    ]
    html = render_to_string("reports/includes/pack_items.html", {"rows": old, "caption": "Old"})
    assert '<strong class="govuk-tag' in html and "Green" in html
    doc = Document(io.BytesIO(pack_docx({**pack, "overdue": old})))
    cells = {cell.text for table in doc.tables for row in table.rows for cell in row.cells}
    assert "Green" in cells


def test_the_pack_reads_confirmations_in_one_query(plan, board, history, django_assert_num_queries):
    from wsoa.plans.models import Item
    from wsoa.reports.content import ItemLinks

    items = list(Item.objects.filter(plan=plan).current())
    with django_assert_num_queries(1):
        links = ItemLinks(plan, items, {}, {"green": "On track"})
    with django_assert_num_queries(0):
        rows = [links.row(item) for item in items]
    assert sum(row["confirmed"] for row in rows) == 3  # 1.1, 2.1 and 2.2 were confirmed
