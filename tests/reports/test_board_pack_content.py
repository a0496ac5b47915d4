"""What a board pack says for a scripted history: overdue, slipped, changed, completed, KPIs."""

import datetime as dt

import pytest
from pack_history import at

from factories import BoardFactory
from wsoa.reports import services
from wsoa.reports.content import build_pack
from wsoa.reports.window import window_for

pytestmark = pytest.mark.django_db


def labels(rows):
    return sorted(row["label"] for row in rows)


@pytest.fixture
def pack(plan, board, history, exception):
    with at("2026-10-20"):
        window = window_for(plan, board=board, next_meeting_on=dt.date(2026, 11, 20))
        return build_pack(plan, window, board=board)


def test_window_runs_from_the_last_pack(pack, history):
    assert pack["basis"] == "the last pack"
    assert pack["since"] == "2026-09-01"
    assert pack["until"] == "2026-10-20"


def test_overdue_is_past_its_current_date_and_not_complete(pack):
    assert labels(pack["overdue"]) == ["Action 1.2"]


def test_slipped_item_is_not_overdue_while_its_revised_date_is_ahead(pack):
    assert "Action 1.1" not in labels(pack["overdue"])
    assert "Action 1.1" in labels(pack["in_progress"])


def test_completed_since_the_last_pack(pack):
    assert labels(pack["completed"]) == ["Action 2.1"]


def test_due_before_the_next_meeting(pack):
    assert labels(pack["due_soon"]) == ["Action 2.2"]


def test_slipped_items_and_milestones_show_baseline_and_current_dates(pack):
    rows = {(row["kind"], row["label"]): row for row in pack["slipped"]}
    assert set(rows) == {("Item", "Action 1.1"), ("Milestone", "Action 2.2")}
    item = rows["Item", "Action 1.1"]
    assert (item["baseline"], item["current"], item["agreed_on"]) == (
        "2026-09-30", "2026-12-31", "2026-09-15",
    )  # fmt: skip
    assert item["days_late"] == 92
    milestone = rows["Milestone", "Action 2.2"]
    assert (milestone["baseline"], milestone["current"]) == ("2026-10-31", "2027-01-31")


def test_rag_changes_since_the_last_pack_with_reasons(pack):
    changes = {row["label"]: row for row in pack["rag_changes"]}
    # 2.2 went green on 20 August, before the last pack; its October decision kept it green.
    assert set(changes) == {"Action 1.1", "Action 2.1"}
    assert changes["Action 1.1"]["before"] == ""
    assert changes["Action 1.1"]["after"] == "amber"
    assert changes["Action 1.1"]["reason"] == "Two posts vacant in the SEND team"
    assert changes["Action 2.1"]["after"] == "blue"
    assert changes["Action 2.1"]["decided_on"] == "2026-10-01"


def test_summary_counts_ratings_under_each_area_and_links_to_detail(pack):
    summary = {row["label"]: row for row in pack["summary"]}
    columns = [code for code, _ in pack["rag_columns"]]
    one = dict(zip(columns, summary["Objective 1"]["counts"], strict=True))
    two = dict(zip(columns, summary["Objective 2"]["counts"], strict=True))
    assert (one["amber"], one["green"], one["blue"]) == (1, 1, 0)
    assert (two["green"], two["blue"]) == (1, 1)
    assert summary["Objective 1"]["anchor"] == f"area-{summary['Objective 1']['id']}"
    assert labels(summary["Objective 1"]["items"]) == ["Action 1.1", "Action 1.2"]


def test_exceptions_carry_the_owners_commentary(pack):
    [row] = pack["exceptions"]
    assert row["indicator"] == "EHC plans issued within 20 weeks"
    assert row["cause"] == "Educational psychology advice arrives late"
    assert row["action"] == "Two locum EPs from October"
    assert row["recovery_on"] == "2027-03-31"


def test_scorecard_and_chart_per_indicator_with_unique_ids(pack, exception):
    [score] = pack["scorecard"]
    assert (score["actual"], score["target"], score["rag"]) == ("50%", "80%", "red")
    [indicator] = pack["indicators"]
    pk = exception.indicator_id
    assert f'id="chart-{pk}-title"' in indicator["chart"]
    assert 'id="chart-title"' not in indicator["chart"]
    assert indicator["rows"][0]["actual"] == "50%"


def test_rag_key_uses_the_plans_own_wording(pack):
    key = {code: label for code, _, label in pack["rag_key"]}
    assert key["amber"] == "Progress being made but not meeting expected timescales"


def test_first_pack_reports_from_the_start_of_the_plan(plan, board, history):
    first = history["first"]
    assert first.since is None
    assert first.data["basis"] == "the start of the plan"


def test_window_since_the_last_meeting_when_it_is_later(plan, board, history, plan_manager):
    with at("2026-10-05"):
        services.record_meeting(
            board=board, by=plan_manager, held_on=dt.date(2026, 10, 5), agenda="", attendees=[]
        )
    with at("2026-10-20"):
        window = window_for(plan, board=board)
        pack = build_pack(plan, window, board=board)
    assert (window.basis, window.since) == ("the last meeting", dt.date(2026, 10, 5))
    assert pack["rag_changes"] == []
    assert pack["completed"] == []


def test_window_of_a_reporting_period(plan, history):
    from wsoa.progress.models import ReportingPeriod

    period = ReportingPeriod.objects.create(
        plan=plan, label="September 2026", start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 30)
    )
    with at("2026-10-20"):
        pack = build_pack(plan, window_for(plan, period=period), period=period)
    assert labels(pack["rag_changes"]) == ["Action 1.1"]
    assert pack["until"] == "2026-09-30"
    assert labels(pack["overdue"]) == []  # on 30 September nothing was past its date yet


def test_draft_agenda_lists_open_exceptions_then_red_and_amber_items(plan, history, exception):
    agenda = services.draft_agenda(plan).splitlines()
    assert "KPI exception: EHC plans issued within 20 weeks – 50% is 30 points below 80%" in agenda
    assert any(line.startswith("Amber: Action 1.1") for line in agenda)
    assert not any("2.1" in line for line in agenda)


def test_pack_gathers_in_a_bounded_number_of_queries(
    plan, board, history, exception, django_assert_max_num_queries
):
    BoardFactory(plan=plan, name="Health and Wellbeing Board")
    with at("2026-10-20"):
        window = window_for(plan, board=board)
        # milestones for overdue; confirmations; page 1's periods and updates missing this period
        with django_assert_max_num_queries(26):
            build_pack(plan, window, board=board)


def test_a_rating_change_names_its_item_s_parents_and_text(pack):
    """ "Step 2)" alone means nothing: each change shows its path and the item's text, in the
    pack's HTML and in its Word document."""
    import html
    import io

    import docx

    from wsoa.reports import render

    rows = pack["rag_changes"]
    assert rows and all(row["path"] and row["summary"] for row in rows)
    body = html.unescape(render.render_body(pack))
    document = docx.Document(io.BytesIO(render.render_docx(pack)))
    cells = {cell.text for table in document.tables for r in table.rows for cell in r.cells}
    for row in rows:
        assert f'<span class="wsoa-pack__path">{row["path"]}</span>' in body, row["label"]
        assert f">{row['label']}</a> {row['summary']}</td>" in body, row["label"]
        assert f"{row['path']} › {row['label']} {row['summary']}" in cells, row["label"]
