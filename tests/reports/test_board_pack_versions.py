"""A board pack made of an agreed version (issue 11 §3): which version, and what moved since."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from wsoa.documents.versions import agree_version
from wsoa.progress.arranging import remove_item
from wsoa.progress.authoring import ItemFields, add_item
from wsoa.reports import jobs, services
from wsoa.reports.content import build_pack
from wsoa.reports.forms import PackForm
from wsoa.reports.models import PackJob, PackSnapshot
from wsoa.reports.window import window_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(plan, plan_manager, board):
    return agree_version(plan=plan, by=plan_manager, agreed_on=dt.date(2026, 9, 1), board=board)


@pytest.fixture
def moved_on(plan, plan_manager, version):
    """After version 1: one action added, one withdrawn (it has no history, so it goes)."""
    parent = plan.items.get(number="1")
    added = add_item(
        plan=plan, by=plan_manager, parent=parent,
        fields=ItemFields(number="1.9", text="Publish the waiting times each month"),
    )  # fmt: skip
    gone = plan.items.get(number="1.2")
    remove_item(item=gone, by=plan_manager, version=gone.version, reason="Merged into 1.1")
    return added, gone


def _pack(plan, board, version):
    window = window_for(plan, board=board, next_meeting_on=dt.date(2026, 12, 1))
    return build_pack(plan, window, board=board, version=version)


def test_pack_names_the_version_and_who_agreed_it(plan, board, version):
    pack = _pack(plan, board, version)
    assert pack["version"]["number"] == 1
    assert pack["version"]["agreed_on"] == "2026-09-01"
    assert pack["version"]["agreed_by"] == board.name
    assert pack["version"]["added"] == [] and pack["version"]["withdrawn"] == []


def test_pack_lists_items_added_and_withdrawn_since_the_version(plan, board, version, moved_on):
    added, gone = moved_on
    found = _pack(plan, board, version)["version"]
    assert [row["id"] for row in found["added"]] == [added.pk]
    assert [row["title"] for row in found["withdrawn"]] == [gone.title]
    assert found["withdrawn"][0]["label"].endswith("1.2")


def test_pack_without_a_version_says_nothing_of_one(plan, board, version):
    assert _pack(plan, board, None)["version"] is None


def test_outputs_say_which_version(plan, board, plan_manager, version, moved_on):
    snapshot = services.generate_pack(plan=plan, by=plan_manager, board=board, version=version)
    assert snapshot.version == version
    assert "version 1</strong> of the plan" in snapshot.html
    assert "Added since version 1: not yet agreed (1)" in snapshot.html
    words = "\n".join(p.text for p in Document(io.BytesIO(snapshot.docx)).paragraphs)
    assert "holds the partnership to version 1 of the plan, agreed on 1 September 2026" in words
    assert "In version 1 but withdrawn or removed since (1)" in words


def test_another_plans_version_is_refused(plan, other_plan, plan_manager, board):
    theirs = agree_version(plan=other_plan, by=plan_manager, agreed_on=dt.date(2026, 9, 1))
    with pytest.raises(services.ReportError, match="another plan"):
        services.request_pack(plan=plan, by=plan_manager, version=theirs)
    assert not PackJob.objects.exists()


def test_form_offers_the_latest_version_first(plan, plan_manager, board, version):
    second = agree_version(plan=plan, by=plan_manager, agreed_on=dt.date(2026, 10, 1))
    form = PackForm(plan=plan)
    assert form.fields["version"].initial == second
    choices = [label for _, label in form.fields["version"].choices]
    assert choices[1:] == [
        "Version 2, agreed on 1 October 2026",
        "Version 1, agreed on 1 September 2026",
    ]


def test_manager_makes_a_pack_held_to_a_version(client_for, plan_manager, plan, board, version):
    client = client_for(plan_manager)
    args = [plan.area.slug, plan.pk]
    page = client.get(reverse("reports:packs", args=args)).content.decode()
    assert "Which agreed version the board holds the plan to" in page
    client.post(reverse("reports:packs", args=args), {"board": board.pk, "version": version.pk})
    job = PackJob.objects.get()
    assert job.version == version
    jobs.run_job(job.pk)
    assert PackSnapshot.objects.get().version == version
    listing = client.get(reverse("reports:packs", args=args)).content.decode()
    assert "Held to version 1" in listing


def test_forged_version_of_another_plan_is_refused(client_for, plan, other_plan, plan_manager):
    theirs = agree_version(plan=other_plan, by=plan_manager, agreed_on=dt.date(2026, 9, 1))
    client = client_for(plan_manager)
    response = client.post(
        reverse("reports:packs", args=[plan.area.slug, plan.pk]), {"version": theirs.pk}
    )
    assert response.status_code == 200
    assert "Select one of the options shown" in response.content.decode()
    assert not PackJob.objects.exists()
