"""The plan navigation's tabs, built in Python (progress/templatetags/plan_tabs.py): the same
HTML, but for the spaces between tags, as the template per tab they replace, for each role."""

# ruff: noqa: E501 — the replaced markup is kept verbatim, long lines and all

import re

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string

from wsoa.core.models import Membership

# plans/includes/plan_nav.html as it was, with plan_nav_link.html written in for each tab.
# (Its wrapper since given the toggle GOV.UK Frontend folds the tabs behind on a phone.)
OLD = """{% load plan_tabs %}
<div class="govuk-service-navigation govuk-!-margin-bottom-6" data-module="govuk-service-navigation">
  <div class="govuk-service-navigation__container">
    <nav aria-label="Plan sections" class="govuk-service-navigation__wrapper">
      <button type="button" class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle" aria-controls="plan-sections" hidden>Plan sections</button>
      <ul class="govuk-service-navigation__list" id="plan-sections">
        {% url 'plans:plan' membership.area.slug plan.pk as plan_url %}
        {% with url=plan_url text="Plan" name="plan" %}{% if section == name %}<li class="govuk-service-navigation__item govuk-service-navigation__item--active"><a class="govuk-service-navigation__link" href="{{ url }}" aria-current="{% if below_section %}true{% else %}page{% endif %}"><strong class="govuk-service-navigation__active-fallback">{{ text }}</strong></a></li>{% else %}<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{{ url }}">{{ text }}</a></li>{% endif %}{% endwith %}
        {% url 'plans:findings' membership.area.slug plan.pk as findings_url %}
        {% with url=findings_url text="Findings" name="findings" %}{% if section == name %}<li class="govuk-service-navigation__item govuk-service-navigation__item--active"><a class="govuk-service-navigation__link" href="{{ url }}" aria-current="{% if below_section %}true{% else %}page{% endif %}"><strong class="govuk-service-navigation__active-fallback">{{ text }}</strong></a></li>{% else %}<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{{ url }}">{{ text }}</a></li>{% endif %}{% endwith %}
        {% url 'plans:people' membership.area.slug plan.pk as people_url %}
        {% with url=people_url text="People" name="people" %}{% if section == name %}<li class="govuk-service-navigation__item govuk-service-navigation__item--active"><a class="govuk-service-navigation__link" href="{{ url }}" aria-current="{% if below_section %}true{% else %}page{% endif %}"><strong class="govuk-service-navigation__active-fallback">{{ text }}</strong></a></li>{% else %}<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{{ url }}">{{ text }}</a></li>{% endif %}{% endwith %}
        {% url 'plans:glossary' membership.area.slug plan.pk as glossary_url %}
        {% with url=glossary_url text="Glossary" name="glossary" %}{% if section == name %}<li class="govuk-service-navigation__item govuk-service-navigation__item--active"><a class="govuk-service-navigation__link" href="{{ url }}" aria-current="{% if below_section %}true{% else %}page{% endif %}"><strong class="govuk-service-navigation__active-fallback">{{ text }}</strong></a></li>{% else %}<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{{ url }}">{{ text }}</a></li>{% endif %}{% endwith %}
        {% url 'plans:boards' membership.area.slug plan.pk as boards_url %}
        {% with url=boards_url text="Boards" name="boards" %}{% if section == name %}<li class="govuk-service-navigation__item govuk-service-navigation__item--active"><a class="govuk-service-navigation__link" href="{{ url }}" aria-current="{% if below_section %}true{% else %}page{% endif %}"><strong class="govuk-service-navigation__active-fallback">{{ text }}</strong></a></li>{% else %}<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{{ url }}">{{ text }}</a></li>{% endif %}{% endwith %}
        {% url 'kpi:plan_scorecard' membership.area.slug plan.pk as scorecard_url %}
        {% with url=scorecard_url text="Scorecard" name="scorecard" %}{% if section == name %}<li class="govuk-service-navigation__item govuk-service-navigation__item--active"><a class="govuk-service-navigation__link" href="{{ url }}" aria-current="{% if below_section %}true{% else %}page{% endif %}"><strong class="govuk-service-navigation__active-fallback">{{ text }}</strong></a></li>{% else %}<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{{ url }}">{{ text }}</a></li>{% endif %}{% endwith %}
        {% url 'public:staff' membership.area.slug plan.pk as public_url %}
        {% with url=public_url text="Public page" name="public" %}{% if section == name %}<li class="govuk-service-navigation__item govuk-service-navigation__item--active"><a class="govuk-service-navigation__link" href="{{ url }}" aria-current="{% if below_section %}true{% else %}page{% endif %}"><strong class="govuk-service-navigation__active-fallback">{{ text }}</strong></a></li>{% else %}<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{{ url }}">{{ text }}</a></li>{% endif %}{% endwith %}
        {% url 'reports:packs' membership.area.slug plan.pk as packs_url %}
        {% with url=packs_url text="Board packs" name="packs" %}{% if section == name %}<li class="govuk-service-navigation__item govuk-service-navigation__item--active"><a class="govuk-service-navigation__link" href="{{ url }}" aria-current="{% if below_section %}true{% else %}page{% endif %}"><strong class="govuk-service-navigation__active-fallback">{{ text }}</strong></a></li>{% else %}<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{{ url }}">{{ text }}</a></li>{% endif %}{% endwith %}
        {% url 'documents:versions' membership.area.slug plan.pk as versions_url %}
        {% with url=versions_url text="Versions" name="versions" %}{% if section == name %}<li class="govuk-service-navigation__item govuk-service-navigation__item--active"><a class="govuk-service-navigation__link" href="{{ url }}" aria-current="{% if below_section %}true{% else %}page{% endif %}"><strong class="govuk-service-navigation__active-fallback">{{ text }}</strong></a></li>{% else %}<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{{ url }}">{{ text }}</a></li>{% endif %}{% endwith %}
        {% url 'progress:cycle' membership.area.slug plan.pk as cycle_url %}
        {% with url=cycle_url text="Reporting cycle" name="cycle" %}{% if section == name %}<li class="govuk-service-navigation__item govuk-service-navigation__item--active"><a class="govuk-service-navigation__link" href="{{ url }}" aria-current="{% if below_section %}true{% else %}page{% endif %}"><strong class="govuk-service-navigation__active-fallback">{{ text }}</strong></a></li>{% else %}<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{{ url }}">{{ text }}</a></li>{% endif %}{% endwith %}
        {% cycle_tabs membership plan as may_open %}
        {% if may_open.returns %}
        {% url 'progress:returns' membership.area.slug plan.pk as returns_url %}
        {% with url=returns_url text="Updates this period" name="returns" %}{% if section == name %}<li class="govuk-service-navigation__item govuk-service-navigation__item--active"><a class="govuk-service-navigation__link" href="{{ url }}" aria-current="{% if below_section %}true{% else %}page{% endif %}"><strong class="govuk-service-navigation__active-fallback">{{ text }}</strong></a></li>{% else %}<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{{ url }}">{{ text }}</a></li>{% endif %}{% endwith %}
        {% endif %}
        {% if may_open.reviews %}
        {% url 'progress:reviews' membership.area.slug plan.pk as reviews_url %}
        {% with url=reviews_url text="Ratings to review" name="reviews" %}{% if section == name %}<li class="govuk-service-navigation__item govuk-service-navigation__item--active"><a class="govuk-service-navigation__link" href="{{ url }}" aria-current="{% if below_section %}true{% else %}page{% endif %}"><strong class="govuk-service-navigation__active-fallback">{{ text }}</strong></a></li>{% else %}<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{{ url }}">{{ text }}</a></li>{% endif %}{% endwith %}
        {% endif %}
        {% if may_open.owners %}
        {% url 'progress:owners' membership.area.slug plan.pk as owners_url %}
        {% with url=owners_url text="Owners' accounts" name="owners" %}{% if section == name %}<li class="govuk-service-navigation__item govuk-service-navigation__item--active"><a class="govuk-service-navigation__link" href="{{ url }}" aria-current="{% if below_section %}true{% else %}page{% endif %}"><strong class="govuk-service-navigation__active-fallback">{{ text }}</strong></a></li>{% else %}<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{{ url }}">{{ text }}</a></li>{% endif %}{% endwith %}
        {% endif %}
      </ul>
    </nav>
  </div>
</div>
"""
SECTIONS = [None, "plan", "scorecard", "cycle", "returns", "reviews", "owners", "public"]


def _tidy(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["plan_manager", "contributor", "board_member", "forum_rep"])
def test_tabs_are_the_markup_they_replace(role, plan, request):
    user = request.getfixturevalue(role)
    membership = Membership.objects.select_related("area").get(user=user, area=plan.area)
    shown = set()
    for section in SECTIONS:
        for below in (False, True):
            context = {"membership": membership, "plan": plan, "section": section}
            context["below_section"] = below
            new = render_to_string("plans/includes/plan_nav.html", context)
            assert _tidy(new) == _tidy(Template(OLD).render(Context(context)))
            shown.add(new.count("<li"))
    assert len(shown) == 1 and shown.pop() >= 10


@pytest.mark.django_db
def test_a_manager_sees_the_monthly_cycle_s_tabs_and_a_contributor_does_not(
    plan, plan_manager, contributor
):
    def tabs(user):
        membership = Membership.objects.select_related("area").get(user=user, area=plan.area)
        context = {"membership": membership, "plan": plan, "section": "reviews"}
        return render_to_string("plans/includes/plan_nav.html", context)

    managing = tabs(plan_manager)
    assert "Ratings to review" in managing and 'aria-current="page"' in managing
    assert "Owners' accounts" in managing
    assert "Ratings to review" not in tabs(contributor)
