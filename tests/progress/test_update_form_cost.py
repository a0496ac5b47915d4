"""The update form: its selects written without a template per option, its page read in few
queries, and what it offers still checked against the plan when it is sent."""

import datetime as dt

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factories import MilestoneFactory, PlanFactory
from wsoa.progress.forms import ListSelect, UpdateForm
from wsoa.progress.models import ProgressUpdate, ReportingPeriod

CHOICES = [
    ("", "Not for a particular period"),
    (1, "April 2026"),
    (2, 'Q2 <"&"> 2026'),
    ("Later", [(3, "May"), ("x'y", "June & July")]),
]


@pytest.mark.parametrize("value", [None, "", 1, "2", ["1", "x'y"], 3])
@pytest.mark.parametrize(
    "attrs", [None, {"class": "govuk-select", "aria-describedby": 'a"b'}, {"required": True}]
)
def test_list_select_writes_what_djangos_select_templates_write(value, attrs):
    ours = ListSelect(choices=CHOICES, attrs={"disabled": False}).render("period", value, attrs)
    django = forms.Select(choices=CHOICES, attrs={"disabled": False}).render("period", value, attrs)
    assert str(ours) == str(django)


def _periods(plan, count, first=0):
    start = dt.date(2024, 1, 1)
    for n in range(first, first + count):
        ReportingPeriod.objects.create(
            plan=plan,
            label=f"Month {n + 1}",
            start=start + dt.timedelta(days=31 * n),
            end=start + dt.timedelta(days=31 * n + 30),
        )


def test_the_form_offers_the_periods_given_and_checks_what_is_sent(owned_item, plan):
    _periods(plan, 3)
    other = PlanFactory(area=plan.area)
    _periods(other, 1)
    periods = list(plan.periods.all())
    form = UpdateForm(item=owned_item, periods=periods, initial={"period": periods[1]})
    html = str(form["period"])
    assert '<option value="" >' not in html  # as Django writes it: no stray space
    assert f'<option value="{periods[1].pk}" selected>Month 2</option>' in html
    assert html.count("<option") == 4
    sent = {"commentary": "Done", "proposed_rag": "green"}
    foreign = other.periods.get()
    refused = UpdateForm({**sent, "period": foreign.pk}, item=owned_item, periods=periods)
    assert not refused.is_valid() and "period" in refused.errors
    taken = UpdateForm({**sent, "period": periods[2].pk}, item=owned_item, periods=periods)
    taken.is_valid()
    assert "period" not in taken.errors and taken.cleaned_data["period"] == periods[2]


def test_milestones_are_offered_and_another_items_refused(owned_item):
    mine = MilestoneFactory(item=owned_item, text="Panel set up")
    elsewhere = MilestoneFactory(item=owned_item.plan.items.exclude(pk=owned_item.pk).first())
    form = UpdateForm(item=owned_item)
    assert f'<option value="{mine.pk}">Panel set up</option>' in str(form["milestone"])
    sent = {"commentary": "Done", "proposed_rag": "green", "milestone": elsewhere.pk}
    assert "milestone" in UpdateForm(sent, item=owned_item).errors


def test_the_form_page_reads_no_more_as_the_plan_grows(client_for, contributor, owned_item):
    plan = owned_item.plan
    path = reverse("progress:update", args=[plan.area.slug, plan.pk, owned_item.pk])
    client = client_for(contributor)
    client.get(path)  # the outline cached
    _periods(plan, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    _periods(plan, 30, first=2)  # a plan reporting monthly for years
    MilestoneFactory(item=owned_item)
    with CaptureQueriesContext(connection) as many:
        response = client.get(path)
    assert response.status_code == 200
    assert response.content.decode().count("<option") == 1 + 32 + 2  # periods, milestones
    assert len(many) <= len(few) + 1  # the milestones: one query, however many
    assert not ProgressUpdate.objects.exists()
