"""Importing actuals from CSV and Excel: errors name row and column, a bad file writes nothing."""

import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from kpi_helpers import make_indicator, record
from openpyxl import Workbook

from wsoa.kpi import importing
from wsoa.kpi.models import Measurement

pytestmark = pytest.mark.django_db

MAPPING = {
    "indicator": "0",
    "period": "1",
    "value": "2",
    "numerator": "",
    "denominator": "",
    "note": "3",
}


def table(text: str) -> importing.Table:
    return importing.read_table("actuals.csv", text.encode())


def check(indicator, text: str, mapping=MAPPING):
    return importing.check(table(text), mapping, [indicator], None)


def test_good_rows_are_read(indicator):
    result = check(indicator, f"Indicator,Period,Value,Note\n{indicator.name},Q1 2019-20,72,ok\n")
    assert result.errors == []
    assert [(r.period.label, r.value, r.note) for r in result.rows] == [("Q1 2019-20", D(72), "ok")]


@pytest.mark.parametrize(
    ("row", "error"),
    [
        ("Nope,Q1 2019-20,72,", 'Row 2, column A ("Indicator"): no indicator "Nope"'),
        ("{name},Q7 2019-20,72,", 'Row 2, column B ("Period"): "Q7 2019-20" is not a period'),
        ("{name},Q1 2019-20,seventy,", 'Row 2, column C ("Value"): seventy is not a number'),
        ("{name},Q1 2019-20,,", 'Row 2, column C ("Value"): nothing is not a number'),
    ],
)
def test_each_error_names_row_and_column(indicator, row, error):
    result = check(indicator, "Indicator,Period,Value,Note\n" + row.format(name=indicator.name))
    assert result.errors[0].startswith(error)


def test_duplicate_periods_in_a_file_are_refused(indicator):
    rows = f"{indicator.name},2019-20,70,\n{indicator.name},2019-20,71,\n"
    result = check(indicator, "Indicator,Period,Value,Note\n" + rows)
    assert result.errors == [
        f"Row 3: {indicator.name} for 2019-20 is also in row 2. Keep one of them."
    ]


def test_indicator_may_be_matched_by_code_and_percent_signs_are_read(area):
    found = make_indicator(area, code="dfe_20wk_ex")
    result = check(found, "Indicator,Period,Value,Note\nDFE_20WK_EX,2019,35.9%,\n")
    assert result.rows[0].indicator == found and result.rows[0].value == D("35.9")


def test_a_changed_figure_is_imported_as_a_correction(indicator):
    record(indicator, "2019-20", 70)
    result = check(indicator, f"Indicator,Period,Value,Note\n{indicator.name},2019-20,75,fixed\n")
    written = importing.write(result.rows, by="test", source="file.csv")
    assert written == 1
    latest = Measurement.objects.filter(indicator=indicator).latest("pk")
    assert latest.corrects.value == D(70) and latest.value == D(75)
    assert Measurement.objects.filter(indicator=indicator).count() == 2


def test_an_unchanged_figure_is_not_recorded_again(indicator):
    record(indicator, "2019-20", 70)
    result = check(indicator, f"Indicator,Period,Value,Note\n{indicator.name},2019-20,70,\n")
    assert importing.write(result.rows, by="test", source="file.csv") == 0


def test_excel_workbooks_are_read_with_date_cells_as_months():
    import datetime as dt

    book = Workbook()
    sheet = book.active
    sheet.append(["Indicator", "Month", "Actual"])
    sheet.append(["Timeliness", dt.datetime(2019, 3, 1), 72.5])
    buffer = io.BytesIO()
    book.save(buffer)
    found = importing.read_table("actuals.xlsx", buffer.getvalue())
    assert found.headers == ["Indicator", "Month", "Actual"]
    assert found.rows == [["Timeliness", "2019-03", "72.5"]]
    assert importing.guess_mapping(found.headers) == {"indicator": "0", "period": "1", "value": "2"}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.txt", b"x", "must be a CSV file"),
        ("a.xlsx", b"not a workbook", "could not be read as an Excel workbook"),
        ("a.csv", b"Indicator,Period,Value\n", "no rows under its heading row"),
    ],
)
def test_unreadable_files_say_why(name, content, message):
    with pytest.raises(importing.ImportFileError, match=message):
        importing.read_table(name, content)


def upload(client, area, name: str, content: bytes):
    data = {"file": io.BytesIO(content)}
    data["file"].name = name
    return client.post(reverse("kpi:import", args=[area.slug]), data)


def test_import_journey_checks_previews_then_writes(client_for, plan_manager, area, indicator):
    client = client_for(plan_manager)
    name = indicator.name
    csv = f"Indicator,Period,Value,Note\n{name},Q1 2019-20,72,\n{name},Q2 2019-20,81,\n"
    response = upload(client, area, "actuals.csv", csv.encode())
    assert response.status_code == 302
    url = reverse("kpi:import_map", args=[area.slug])
    form = {"indicator": "0", "period": "1", "value": "2", "note": "3"}
    preview = client.post(url, form)
    assert "Import 2 actuals" in preview.content.decode()
    assert not Measurement.objects.exists()
    done = client.post(url, {**form, "confirm": "yes"})
    assert done.status_code == 302
    assert list(Measurement.objects.values_list("label", "value")) == [
        ("Q1 2019-20", D(72)),
        ("Q2 2019-20", D(81)),
    ]


def test_a_bad_file_writes_nothing_and_names_row_and_column(
    client_for, plan_manager, area, indicator
):
    client = client_for(plan_manager)
    csv = f"Indicator,Period,Value\n{indicator.name},Q1 2019-20,72\n{indicator.name},later,8O\n"
    upload(client, area, "actuals.csv", csv.encode())
    url = reverse("kpi:import_map", args=[area.slug])
    form = {"indicator": "0", "period": "1", "value": "2", "confirm": "yes"}
    page = client.post(url, form).content.decode()
    assert "Nothing was imported" in page
    assert "Row 3, column B (&quot;Period&quot;)" in page
    assert "Row 3, column C (&quot;Value&quot;): 8O is not a number" in page
    assert not Measurement.objects.exists()


def test_mapping_needs_an_indicator(client_for, plan_manager, area, indicator):
    client = client_for(plan_manager)
    upload(client, area, "a.csv", b"Period,Value\n2019,5\n")
    page = client.post(reverse("kpi:import_map", args=[area.slug]), {"period": "0", "value": "1"})
    assert "Choose the indicator column, or one indicator for all rows" in page.content.decode()


def test_one_indicator_for_every_row(client_for, plan_manager, area, indicator):
    client = client_for(plan_manager)
    upload(client, area, "a.csv", b"Period,Value\n2019,5\n")
    url = reverse("kpi:import_map", args=[area.slug])
    client.post(
        url, {"period": "0", "value": "1", "default_indicator": indicator.pk, "confirm": "yes"}
    )
    assert Measurement.objects.get().indicator == indicator


def test_another_areas_indicator_cannot_be_chosen(
    client_for, plan_manager, area, indicator, other_indicator
):
    client = client_for(plan_manager)
    upload(client, area, "a.csv", b"Period,Value\n2019,5\n")
    url = reverse("kpi:import_map", args=[area.slug])
    form = {"period": "0", "value": "1", "default_indicator": other_indicator.pk, "confirm": "yes"}
    client.post(url, form)
    assert not Measurement.objects.exists()
