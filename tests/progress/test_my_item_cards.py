"""My items' cards, built in Python (progress/templatetags/my_item_cards.py): the same HTML,
character for character, as the template markup they replace, and built once an item."""

# ruff: noqa: E501 — the replaced markup is kept verbatim, long lines and all

import datetime as dt

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string

from wsoa.progress.flags import Flag
from wsoa.progress.models import ReportingPeriod
from wsoa.progress.presenters import MyItem, MyItems
from wsoa.progress.templatetags import my_item_cards

# The markup of progress/includes/my_table.html that {% my_item_card %} replaced.
OLD = (
    "{% load plan_display item_paths %}"
    + """{% item_path row.item among=all_rows as path %}<h3 class="govuk-heading-s govuk-!-margin-bottom-1">{% if path %}<span class="govuk-caption-m">{{ path }}</span>{% endif %}<a class="govuk-link" href="{{ row.url }}">{{ row.label }}</a></h3>
    <p class="govuk-body-s govuk-!-margin-bottom-2">{{ row.item.title|truncatechars:160 }}</p>
    <dl class="wsoa-my-item__facts">
      <div><dt>Due</dt><dd>{{ row.item.due|day|default:"No date" }}</dd></div>
      <div><dt>Rating</dt><dd>{% rating row.item "None" %}</dd></div>
      {% if row.period %}<div><dt>Update</dt><dd>{{ row.period.label }}: {% if row.updated_this_period %}updated{% else %}no update yet{% endif %}</dd></div>{% endif %}
    </dl>
    {% if row.flags %}
    <ul class="wsoa-my-item__flags" aria-label="Flags">
      {% for flag in row.flags %}<li>{% if flag.code == "overdue" %}<strong class="govuk-tag govuk-tag--red">Overdue</strong>{% elif flag.code == "silent" %}<strong class="govuk-tag govuk-tag--yellow">No recent update</strong>{% elif flag.code == "slipped" %}<strong class="govuk-tag govuk-tag--orange">Slipped</strong>{% elif flag.code == "suggested_rag" %}<strong class="govuk-tag govuk-tag--grey">Suggested {{ flag.rag }}</strong>{% else %}<strong class="govuk-tag govuk-tag--grey">{{ flag.code|capfirst }}</strong>{% endif %}</li>{% endfor %}
    </ul>
    {% endif %}"""
)
NEW = "{% load my_item_cards %}{% my_item_card row among=all_rows %}"
FLAGS = [
    Flag("overdue", "Due 1 May."),
    Flag("silent", "No update."),
    Flag("slipped", "Later."),
    Flag("suggested_rag", "Overdue.", rag="red"),
    Flag("unheard_of", "A code with no tag of its own."),
]


def _rows(plan, period):
    """One row for each way a card can differ, over items at every depth of the plan."""
    items = list(plan.items.order_by("position"))
    long = "Work with <schools> & settings " + "so that every child is heard " * 8
    shapes = [
        {"rag": "amber", "rating_confirmed": True, "status_text": ""},
        {"rag": "green", "rating_confirmed": False, "status_text": "On track"},
        {"rag": "", "rating_confirmed": False, "status_text": "", "due_end": None},
        {"rag": "red", "rating_confirmed": False, "status_text": "", "title": long},
        {"rag": "blue", "rating_confirmed": True, "current_due": dt.date(2031, 2, 3)},
    ]
    rows = []
    for n, item in enumerate(items):
        for name, value in shapes[n % len(shapes)].items():
            setattr(item, name, value)
        rows.append(
            MyItem(
                item=item,
                label=f"Item {n} <{item.pk}>",
                flags=FLAGS[: n % (len(FLAGS) + 1)],
                period=period if n % 3 else None,
                updated_this_period=n % 2 == 0,
                due_soon=False,
                url=f"/items/{item.pk}/?a=1&b=2",
            )
        )
    return rows


@pytest.mark.django_db
def test_cards_are_the_markup_they_replace(plan):
    period = ReportingPeriod(
        plan=plan, label="May & June", start=dt.date(2031, 5, 1), end=dt.date(2031, 6, 30)
    )
    rows = _rows(plan, period)
    assert len(rows) >= 6 and any(r.item.parent_id for r in rows)
    for row in rows:
        context = {"row": row, "all_rows": rows}
        old = Template(OLD).render(Context(context))
        assert Template(NEW).render(Context(context)) == old


@pytest.mark.django_db
def test_an_item_in_several_lists_is_built_once(plan, monkeypatch):
    rows = _rows(plan, None)[:3]
    built = []
    real = my_item_cards.card
    monkeypatch.setattr(my_item_cards, "card", lambda *a: built.append(a[0]) or real(*a))
    mine = MyItems(rows)
    sections = [("First", rows, "All", ""), ("Again", rows[:2], "Some", "")]
    html = render_to_string(
        "progress/includes/my_table.html",
        {"sections": sections, "all_rows": mine.rows, "membership": None},
    )
    assert [r.item.pk for r in built] == [r.item.pk for r in rows]
    for row in rows[:2]:
        assert html.count(f'href="/items/{row.item.pk}/?a=1&amp;b=2"') == 2
    assert html.count(f'href="/items/{rows[2].item.pk}/?a=1&amp;b=2"') == 1
