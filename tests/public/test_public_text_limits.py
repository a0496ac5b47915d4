"""What the public sees has a maximum length: too long is refused, and nothing stored."""

import pytest
from django.urls import reverse

from page_text import text_of
from wsoa.public.models import FindingSummary, YouSaid

pytestmark = pytest.mark.django_db


def test_you_said_over_its_limits_is_refused(client_for, forum_rep, plan):
    url = reverse("public:you_said_add", args=[plan.area.slug, plan.pk])
    data = {
        "said": "x" * 5_001, "source": "y" * 301, "did": "Letters rewritten.",
        "said_on_0": "3", "said_on_1": "11", "said_on_2": "2026",
    }  # fmt: skip
    page = text_of(client_for(forum_rep).post(url, data))
    assert "Enter 5,000 characters or fewer: this has 1 too many" in page
    assert "Enter 300 characters or fewer: this has 1 too many" in page
    assert not YouSaid.objects.exists()


def test_a_summary_over_its_limit_is_refused(client_for, plan_manager, plan, weakness):
    url = reverse("public:summary", args=[plan.area.slug, plan.pk, weakness.pk])
    data = {"summary": "x" * 5_001, "done": "", "next": ""}
    assert "Enter 5,000 characters or fewer" in text_of(client_for(plan_manager).post(url, data))
    assert not FindingSummary.objects.filter(summary__startswith="x").exists()
