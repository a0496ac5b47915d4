"""The reader on report layouts it had missed, each built with WeasyPrint to reproduce it.

Rows come from the tables' ruling lines and cells (however the rules are drawn: lines, outlined
or shaded boxes), not from blank lines. Each test asserts every finding as `wsoa findings`
prints it: code, text and responsible body.
"""

from __future__ import annotations

import pytest
from ruled_reports import body_rows, report_pdf, rows

from wsoa.inspections.reader import InspectionReport, ReportError, read_report

# each cell drawn as its own outlined box, and no space between one cell's text and the next's
BOXED = (
    "table { border-collapse: separate; border-spacing: 0; }"
    "td, th { border: 0.75pt solid black; padding: 0 4pt; } body { line-height: 1.1; }"
)
LONG = (
    "Leaders across the partnership should work together to improve the timeliness and quality "
    "of EHC plans, so that children and young people with SEND get the help they need when they "
    "need it and their families know what is happening at each stage of the process"
)


def findings(report: InspectionReport) -> list[tuple[str, str, str | None]]:
    """Every finding as (code, text, responsible body), numbered as `wsoa findings` prints."""
    found = [
        (f"APA {n}", r.text, r.responsible_body) for n, r in enumerate(report.priority_actions, 1)
    ]
    found += [
        (f"AFI {n}", r.text, r.responsible_body) for n, r in enumerate(report.improvements, 1)
    ]
    return found


def test_cells_separated_only_by_their_boxes_are_one_finding_each():
    cells = [
        "Leaders should improve the timeliness of EHC plans",
        "Leaders should improve the quality of annual reviews",
        "Leaders should reduce the waits for speech and language therapy",
    ]
    report = read_report(report_pdf("<h2>Areas for improvement</h2>" + rows(cells), css=BOXED))
    assert findings(report) == [(f"AFI {n}", text, None) for n, text in enumerate(cells, 1)]


def test_a_heading_repeated_larger_in_the_tables_header_is_not_the_sections_end():
    css = BOXED + "th { font-size: 15pt; }"
    cells = ["Leaders should improve transitions.", "Leaders should improve co-production."]
    report = read_report(report_pdf("<h2>Areas for improvement</h2>" + rows(cells), css=css))
    assert findings(report) == [
        ("AFI 1", "Leaders should improve transitions.", None),
        ("AFI 2", "Leaders should improve co-production.", None),
    ]


def test_numbered_findings_with_the_last_in_a_box_on_the_next_page_are_all_read_in_order():
    boxes = "".join(f"<table><tr><td>{n}. {LONG} ({n})</td></tr></table>" for n in (1, 2, 3))
    last = f'<table style="page-break-before: always"><tr><td>4. {LONG} (4)</td></tr></table>'
    report = read_report(report_pdf("<h2>Areas for improvement</h2>" + boxes + last, css=BOXED))
    assert findings(report) == [(f"AFI {n}", f"{LONG} ({n})", None) for n in (1, 2, 3, 4)]
    assert [row.page for row in report.improvements] == [2, 2, 2, 3]


def test_sub_points_stay_in_their_finding_and_the_next_findings_are_separate():
    cells = [
        "Leaders should improve the quality of EHC plans. They should focus on:<br>"
        "− the timeliness of advice from health;<br>– the quality of social care advice;<br>"
        "- the voice of the child; and<br>• annual reviews",
        "Leaders should improve communication with families",
        "Leaders should reduce exclusions of children with SEND",
    ]
    report = read_report(report_pdf("<h2>Areas for improvement</h2>" + rows(cells), css=BOXED))
    assert findings(report) == [
        ("AFI 1", "Leaders should improve the quality of EHC plans. They should focus on:\n"
         "the timeliness of advice from health;\nthe quality of social care advice;\n"
         "the voice of the child; and\nannual reviews", None),
        ("AFI 2", "Leaders should improve communication with families", None),
        ("AFI 3", "Leaders should reduce exclusions of children with SEND", None),
    ]  # fmt: skip


def test_sub_points_in_rows_of_their_own_stay_with_the_finding_that_introduces_them():
    cells = [
        "Leaders should strengthen joint commissioning. They should focus on:",
        "− speech and language therapy;",
        "− alternative provision.",
        "Leaders should improve transitions to adult services.",
    ]
    report = read_report(report_pdf("<h2>Areas for improvement</h2>" + rows(cells), css=BOXED))
    assert findings(report) == [
        ("AFI 1", "Leaders should strengthen joint commissioning. They should focus on:\n"
         "speech and language therapy;\nalternative provision.", None),
        ("AFI 2", "Leaders should improve transitions to adult services.", None),
    ]  # fmt: skip


def test_a_finding_split_by_a_page_break_inside_its_cell_is_one_finding():
    spacer = '<div style="height: 560pt"></div>'
    cells = [f"{LONG}, and {LONG.lower()}.", "Leaders should improve communication."]
    report = read_report(report_pdf(f"<h2>Areas for improvement</h2>{spacer}{rows(cells)}"))
    assert findings(report) == [
        ("AFI 1", f"{LONG}, and {LONG.lower()}.", None),
        ("AFI 2", "Leaders should improve communication.", None),
    ]
    assert [row.page for row in report.improvements] == [2, 3]


def test_a_list_split_by_a_page_break_inside_its_cell_stays_one_finding():
    spacer = '<div style="height: 545pt"></div>'
    items = "".join(f"<br>• {part} of children and young people with SEND;" for part in (
        "the identification of the needs", "the attendance", "the preparation for adulthood",
        "the transitions between schools", "the health assessments"))  # fmt: skip
    cells = [f"Leaders should check:{items}", "Leaders should improve communication."]
    report = read_report(report_pdf(f"<h2>Areas for improvement</h2>{spacer}{rows(cells)}"))
    first, second = report.improvements
    assert first.text.split("\n")[0] == "Leaders should check:"
    assert len(first.text.split("\n")) == 6
    assert second.text == "Leaders should improve communication."
    assert (first.page, second.page) == (2, 3)


def test_a_finding_split_at_a_sentences_end_by_a_page_break_inside_its_cell_is_one_finding():
    spacer = '<div style="height: 560pt"></div>'
    sentences = [
        f"Leaders should check the {what} of EHC plans."
        for what in (
            "timeliness",
            "quality",
            "health advice",
            "social care advice",
            "annual reviews",
        )
    ]
    cells = ["<br>".join(sentences), "Leaders should improve communication."]
    report = read_report(report_pdf(f"<h2>Areas for improvement</h2>{spacer}{rows(cells)}"))
    assert findings(report) == [
        ("AFI 1", " ".join(sentences), None),
        ("AFI 2", "Leaders should improve communication.", None),
    ]
    assert [row.page for row in report.improvements] == [2, 3]


def test_priority_actions_in_boxes_with_a_body_cell_merged_over_two_rows():
    council = (
        "Newtown City Council, Newtown Children’s Trust and NHS Newtown and Oldshire "
        "Integrated Care Board"
    )  # long enough to run on beside the second row
    table = (
        "<table><col style='width: 34%'><col>"
        "<tr><th>Responsible body</th><th>Areas for priority action</th></tr>"
        f"<tr><td rowspan='2'>{council}</td>"
        "<td>Leaders should urgently improve the timeliness of EHC plans.</td></tr>"
        "<tr><td>Leaders should urgently improve the oversight of alternative provision.</td></tr>"
        "<tr><td>NHS Newtown ICB</td><td>Leaders should reduce waits for therapy.</td></tr>"
        "</table>"
    )
    report = read_report(report_pdf("<h2>Areas for priority action</h2>" + table, outcome=3,
                                     css=BOXED))  # fmt: skip
    assert findings(report) == [
        ("APA 1", "Leaders should urgently improve the timeliness of EHC plans.", council),
        ("APA 2", "Leaders should urgently improve the oversight of alternative provision.",
         council),
        ("APA 3", "Leaders should reduce waits for therapy.", "NHS Newtown ICB"),
    ]  # fmt: skip


def test_a_header_row_repeated_on_the_next_page_is_not_a_finding():
    spacer = '<div style="height: 600pt"></div>'
    table = (
        "<table><col style='width: 34%'><col><thead><tr><th>Responsible body</th>"
        "<th>Areas for priority action</th></tr></thead><tbody>"
        + "".join(
            f"<tr><td>Newtown Council</td><td>Leaders should urgently improve {what}.</td></tr>"
            for what in ("EHC plans", "annual reviews", "alternative provision", "transport")
        )
        + "</tbody></table>"
    )
    html = f"<h2>Areas for priority action</h2>{spacer}{table}"
    report = read_report(report_pdf(html, outcome=3, css=BOXED))
    assert findings(report) == [
        (f"APA {n}", f"Leaders should urgently improve {what}.", "Newtown Council")
        for n, what in enumerate(
            ("EHC plans", "annual reviews", "alternative provision", "transport"), 1
        )
    ]
    assert len({row.page for row in report.priority_actions}) == 2


def test_the_responsible_body_column_on_the_right():
    table = (
        "<table><col><col style='width: 30%'>"
        "<tr><th>Areas for priority action</th><th>Responsible body</th></tr>"
        "<tr><td>Leaders should urgently reduce waits for autism assessment.</td>"
        "<td>NHS Newtown ICB</td></tr>"
        "<tr><td>Leaders should urgently improve EHC plans.</td><td>Newtown Council</td></tr>"
        "</table>"
    )
    report = read_report(report_pdf("<h2>Areas for priority action</h2>" + table, outcome=3,
                                     css=BOXED))  # fmt: skip
    assert findings(report) == [
        ("APA 1", "Leaders should urgently reduce waits for autism assessment.",
         "NHS Newtown ICB"),
        ("APA 2", "Leaders should urgently improve EHC plans.", "Newtown Council"),
    ]  # fmt: skip


def test_areas_for_improvement_with_a_responsible_body_column_and_priority_actions_before():
    priority = body_rows([("Newtown Council", "Leaders should urgently improve EHC plans.")])
    improvement = body_rows(
        [
            ("Newtown Council", "Leaders should improve the local offer."),
            ("NHS Newtown ICB", "Leaders should improve health advice for EHC needs assessments."),
        ],
        header="Areas for improvement",
    )
    html = (
        f"<h2>Areas for priority action</h2>{priority}<h2>Areas for improvement</h2>{improvement}"
    )
    report = read_report(report_pdf(html, outcome=3, css=BOXED))
    assert findings(report) == [
        ("APA 1", "Leaders should urgently improve EHC plans.", "Newtown Council"),
        ("AFI 1", "Leaders should improve the local offer.", "Newtown Council"),
        ("AFI 2", "Leaders should improve health advice for EHC needs assessments.",
         "NHS Newtown ICB"),
    ]  # fmt: skip


def test_a_numbered_column_and_a_centred_heading_over_the_responsible_body():
    table = (
        "<table><col style='width: 8%'><col style='width: 30%'><col>"
        "<tr><th>No.</th><th style='text-align: center'>Responsible body</th>"
        "<th>Areas for priority action</th></tr>"
        "<tr><td>1.</td><td>Newtown Council and NHS Newtown ICB</td>"
        "<td>Leaders should urgently improve the timeliness of EHC plans.</td></tr>"
        "<tr><td>2.</td><td>NHS Newtown ICB</td><td>Leaders should reduce waits for therapy.</td>"
        "</tr></table>"
    )
    html = "<h2>Areas for priority action</h2>" + table
    report = read_report(report_pdf(html, outcome=3, css=BOXED))
    assert findings(report) == [
        ("APA 1", "Leaders should urgently improve the timeliness of EHC plans.",
         "Newtown Council and NHS Newtown ICB"),
        ("APA 2", "Leaders should reduce waits for therapy.", "NHS Newtown ICB"),
    ]  # fmt: skip


def test_findings_printed_as_a_list_are_one_finding_per_item_with_their_own_sub_points():
    html = (
        "<h2>Areas for improvement</h2><ul style='list-style-type: square'>"
        "<li>Leaders should improve the local offer. They should make sure that:"
        "<ul style='list-style-type: disc'><li>families know where to find help;</li>"
        "<li>the offer is kept up to date.</li></ul></li>"
        "<li>Leaders should improve co-production with families.</li>"
        "<li>Leaders should reduce exclusions of children with SEND.</li></ul>"
    )
    report = read_report(report_pdf(html, css="li { margin: 0; }"))
    assert findings(report) == [
        ("AFI 1", "Leaders should improve the local offer. They should make sure that:\n"
         "families know where to find help;\nthe offer is kept up to date.", None),
        ("AFI 2", "Leaders should improve co-production with families.", None),
        ("AFI 3", "Leaders should reduce exclusions of children with SEND.", None),
    ]  # fmt: skip


def test_a_responsible_body_column_without_a_header_row_is_told_by_the_bodies_names():
    table = (
        "<table><col style='width: 30%'><col>"
        "<tr><td>Newtown Council and NHS Newtown ICB</td>"
        "<td>Leaders should urgently improve the timeliness of EHC plans.</td></tr>"
        "<tr><td>NHS Newtown ICB</td><td>Leaders should reduce waits for therapy.</td></tr>"
        "</table>"
    )
    html = "<h2>Areas for priority action</h2>" + table
    report = read_report(report_pdf(html, outcome=3, css=BOXED))
    assert findings(report) == [
        ("APA 1", "Leaders should urgently improve the timeliness of EHC plans.",
         "Newtown Council and NHS Newtown ICB"),
        ("APA 2", "Leaders should reduce waits for therapy.", "NHS Newtown ICB"),
    ]  # fmt: skip


def test_a_table_ruled_only_across_is_read_row_by_row():
    css = (
        "td, th { border: 0; border-bottom: 0.5pt solid black; padding: 0 2pt; }"
        "th { background: none; } body { line-height: 1.1; }"
    )
    cells = ["Leaders should improve the local offer", "Leaders should improve co-production"]
    report = read_report(report_pdf("<h2>Areas for improvement</h2>" + rows(cells), css=css))
    assert findings(report) == [(f"AFI {n}", text, None) for n, text in enumerate(cells, 1)]


def test_rows_told_apart_only_by_their_shading_are_read_row_by_row():
    css = (
        "td, th { border: 0; padding: 0 2pt; } tr:nth-child(even) td { background: #e8e8e8; }"
        "body { line-height: 1.1; }"
    )
    cells = [
        "Leaders should improve the local offer",
        "Leaders should improve co-production",
        "Leaders should improve the quality of EHC plans",
    ]
    report = read_report(report_pdf("<h2>Areas for improvement</h2>" + rows(cells), css=css))
    assert findings(report) == [(f"AFI {n}", text, None) for n, text in enumerate(cells, 1)]


def test_one_area_for_priority_action_under_a_singular_heading():
    table = body_rows([("NHS Newtown ICB", "Leaders should urgently reduce waits for CAMHS.")],
                      header="Area for priority action")  # fmt: skip
    html = f"<h2>Area for priority action</h2>{table}<h2>Area for improvement</h2>" + rows(
        ["Leaders should improve the local offer."], header="Area for improvement"
    )
    report = read_report(report_pdf(html, outcome=3))
    assert findings(report) == [
        ("APA 1", "Leaders should urgently reduce waits for CAMHS.", "NHS Newtown ICB"),
        ("AFI 1", "Leaders should improve the local offer.", None),
    ]


def test_numbered_paragraphs_without_a_table_or_spacing_are_one_finding_each():
    css = "p.finding { margin: 0; }"
    html = "<h2>Areas for improvement</h2>" + "".join(
        f'<p class="finding">{n}. Leaders should improve the {what} of EHC plans</p>'
        for n, what in enumerate(("timeliness", "quality", "review"), 1)
    )
    report = read_report(report_pdf(html, css=css))
    assert findings(report) == [
        ("AFI 1", "Leaders should improve the timeliness of EHC plans", None),
        ("AFI 2", "Leaders should improve the quality of EHC plans", None),
        ("AFI 3", "Leaders should improve the review of EHC plans", None),
    ]


def test_a_ruled_report_without_findings_is_refused_clearly():
    html = "<h2>Next steps</h2>" + rows(["Leaders should improve."], header="Next steps")
    with pytest.raises(ReportError, match="no findings under an “Areas for priority action”"):
        read_report(report_pdf(html, css=BOXED))
