"""The reader on the six real reports (checked against the PDFs by eye), on text, and on bad files.

Expected values were taken by reading each report's "Areas for priority action" and "Areas for
improvement" pages, not from the reader's output.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pdfs import pdf, scanned_pdf

from wsoa.inspections.reader import ReportError, read_report

REPORTS = Path(__file__).resolve().parent / "reports"
LANCS = "Lancashire County Council and NHS Lancashire and South Cumbria ICB"
WORCS = (
    "Worcestershire County Council, Worcestershire Children’s First and NHS Herefordshire "
    "and Worcestershire ICB"
)

# file: area, outcome, dates, start, [(body, first words, last words)] for APA, then for AFI
EXPECTED = {
    "bedford": ("Bedford Borough", 1, "18 to 22 November 2024", dt.date(2024, 11, 18), [], [
        (None, "The partnership should establish", "are helped more proactively."),
        (None, "Some children and young people", "young people currently face."),
    ]),
    "durham": ("Durham", 2, "24 to 28 June 2024", dt.date(2024, 6, 24), [], [
        (None, "The LAP should intensify", "next steps effectively."),
        (None, "The LAP should continue to strengthen", "of children and young people."),
        (None, "The LAP should ensure that", "at the earliest opportunity."),
        (None, "The LAP should further strengthen", "that need it most."),
    ]),
    "gateshead": ("Gateshead", 2, "22 to 26 May 2023", dt.date(2023, 5, 22), [], [
        (None, "Leaders in health should ensure that plans", "evaluation procedures."),
        (None, "Leaders in health should ensure there is", "professionals on the pathway."),
        (None, "Strategic leaders across education", "EHC assessment and review process."),
        (None, "Strategic leaders should continue", "children with complex needs."),
        (None, "Leaders within the SEND service", "English as an additional language."),
    ]),
    "hartlepool": ("Hartlepool", 1, "13 March 2023 to 17 March 2023", dt.date(2023, 3, 13), [], [
        (None, "Leaders across the partnership should ensure that they", "in a timely manner."),
        (None, "Leaders across the partnership should collaborate", "to check for trends."),
        (None, "Leaders across the partnership should ensure that plans", "for improvement."),
    ]),
    "lancashire": ("Lancashire", 3, "9 to 13 December 2024", dt.date(2024, 12, 9), [
        (LANCS, "Leaders from the local authority and ICB should urgently", "across Lancashire."),
        (LANCS, "Leaders from the local authority and ICB should", "and annual reviews."),
        (
            "NHS Lancashire and South Cumbria ICB and Lancashire County Council",
            "Leaders from the ICB and local authority",
            "with SEND across Lancashire.",
        ),
    ], [
        (None, "Leaders across the partnership should continue to improve", "for assessment."),
        (None, "Leaders across the partnership should continue to work", "and transition."),
    ]),
    "worcestershire": ("Worcestershire", 3, "22 to 26 April 2024", dt.date(2024, 4, 22), [
        (WORCS, "The local area partnership should urgently address", "young people wait."),
        (WORCS, "The local area partnership should urgently develop", "that meet their needs."),
    ], [
        (None, "Leaders across the partnership should work at pace to implement", "to continue."),
        (None, "Leaders across the partnership should work at pace to continue", "their families."),
        (None, "Leaders across the partnership should continue to address", "support from CAMHS."),
    ]),
}  # fmt: skip
PAGES = {
    "bedford": ([], [5, 5]),
    "durham": ([], [6, 6, 6, 6]),
    "gateshead": ([], [6, 6, 6, 6, 6]),
    "hartlepool": ([], [5, 5, 6]),
    "lancashire": ([7, 8, 8], [8, 8]),
    "worcestershire": ([7, 7], [7, 8, 8]),
}
FURNITURE = ("Area SEND inspection report", "◼", "▪", "Responsible body", "Areas for")


def read(name: str):
    return read_report((REPORTS / f"{name}.pdf").read_bytes())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_reads_area_dates_and_outcome(name):
    area, outcome, dates, start, _priority, _improvements = EXPECTED[name]
    report = read(name)
    assert (report.area, report.outcome, report.inspection_dates) == (area, outcome, dates)
    assert report.inspection_start == start
    assert report.inspection_end > report.inspection_start
    assert report.publication_date is None  # these reports do not print it


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_reads_every_finding_with_its_body_words_and_page(name):
    *_, priority, improvements = EXPECTED[name]
    report = read(name)
    for found, expected in (
        (report.priority_actions, priority),
        (report.improvements, improvements),
    ):
        assert len(found) == len(expected)
        for row, (body, first, last) in zip(found, expected, strict=True):
            assert row.responsible_body == body
            assert row.text.startswith(first), row.text
            assert row.text.endswith(last), row.text
    assert [r.page for r in report.priority_actions] == PAGES[name][0]
    assert [r.page for r in report.improvements] == PAGES[name][1]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_page_furniture_leaks_into_findings(name):
    report = read(name)
    for row in report.priority_actions + report.improvements:
        assert not any(word in row.text for word in FURNITURE), row.text
        assert "  " not in row.text


def test_a_recommendation_over_a_page_break_is_one_with_its_list():
    first = read("worcestershire").improvements[0]
    assert first.text.count("\n") == 4  # the lead-in, then four list items on lines of their own
    assert "This includes ensuring that:\nall services gather accurate data" in first.text
    assert first.page == 7


def test_a_list_inside_a_table_cell_keeps_the_paragraph_after_it():
    first = read("worcestershire").priority_actions[0]
    assert first.text.split("\n") == [
        "The local area partnership should urgently address the long waiting times for:",
        "community paediatrics;",
        "the neurodevelopmental assessment pathway;",
        "occupational therapy; and",
        "physiotherapy.",
        "Leaders should also improve the support available while children and young people wait.",
    ]


TEXT_REPORT = """Local area partnership report
Area SEND inspection of Newtown Local Area Partnership
Inspection dates: 30 September to 4 October 2024
Publication date: 2 December 2024
Inspection outcome
There are widespread and/or systemic failings leading to significant concerns about the
experiences and outcomes of children and young people with SEND.
Area SEND inspection report: Newtown Local Area Partnership 1
\f
Areas for priority action

Responsible body        Areas for priority action
Newtown Council and     Leaders should urgently improve the timeliness
NHS Newtown ICB         of EHC plans.

NHS Newtown ICB         Leaders should reduce waits for
                        speech and language therapy.
Area SEND inspection report: Newtown Local Area Partnership 2
\f
Areas for improvement

Leaders should improve communication with
families.
Area SEND inspection report: Newtown Local Area Partnership 3
"""


def test_reads_a_text_report_with_layout_columns():
    report = read_report(TEXT_REPORT.encode())
    assert (report.area, report.outcome) == ("Newtown", 3)
    assert report.inspection_start == dt.date(2024, 9, 30)
    assert report.publication_date == dt.date(2024, 12, 2)
    assert [(r.responsible_body, r.text, r.page) for r in report.priority_actions] == [
        ("Newtown Council and NHS Newtown ICB",
         "Leaders should urgently improve the timeliness of EHC plans.", 2),
        ("NHS Newtown ICB", "Leaders should reduce waits for speech and language therapy.", 2),
    ]  # fmt: skip
    assert [r.text for r in report.improvements] == [
        "Leaders should improve communication with families."
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (pdf(), "The PDF has no pages."),
        (pdf([]), "The PDF's pages are blank"),
        (scanned_pdf(), "it may be a scanned copy"),
        (pdf(["School inspection report", "Inspection dates: 1 and 2 May 2024"]),
         "not an area SEND inspection report"),
        (pdf(["Joint local area SEND inspection in Newtown", "Dates of inspection: 1 May"]),
         "2016–2022 framework"),
        (b"Minutes of the SEND board\nItem 1: apologies\n", "not an area SEND inspection report"),
        (b"PK\x03\x04\x00\x00 a zip file", "neither a PDF nor text"),
        (b"%PDF-1.4\nbroken", "could not be opened as a PDF"),
        (TEXT_REPORT.replace("Areas for", "Notes on").encode(), "no findings under"),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_report_gets_a_specific_error(data, message):
    with pytest.raises(ReportError, match=message.replace("(", r"\(")):
        read_report(data)
