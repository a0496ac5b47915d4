"""Text of the monthly cycle has a maximum length: too long is refused, and nothing stored."""

import pytest
from django.urls import reverse

from page_text import text_of
from wsoa.progress.models import Comment, ProgressUpdate

pytestmark = pytest.mark.django_db
TOO_LONG = "Enter 10,000 characters or fewer: this has 1 too many"


def url(name: str, item) -> str:
    return reverse(name, args=[item.plan.area.slug, item.plan.pk, item.pk])


def test_commentary_over_the_limit_is_refused(client_for, plan_manager, item):
    data = {"commentary": "x" * 10_001, "proposed_rag": "green"}
    response = client_for(plan_manager).post(url("progress:update", item), data)
    assert TOO_LONG in text_of(response)
    assert not ProgressUpdate.objects.exists()


def test_an_items_text_and_status_over_the_limit_are_refused(client_for, plan_manager, item):
    before = (item.title, item.status_text, item.version)
    data = {"version": item.version, "number": "1.1", "title": "x" * 10_001, "status_text": ""}
    assert TOO_LONG in text_of(client_for(plan_manager).post(url("progress:edit", item), data))
    data |= {"title": "Shorter", "status_text": "y" * 10_001}
    assert TOO_LONG in text_of(client_for(plan_manager).post(url("progress:edit", item), data))
    item.refresh_from_db()
    assert (item.title, item.status_text, item.version) == before


def test_a_comment_over_its_limit_is_refused(client_for, forum_rep, item):
    response = client_for(forum_rep).post(url("progress:comment", item), {"text": "x" * 5_001})
    assert "Enter 5,000 characters or fewer: this has 1 too many" in text_of(response)
    assert not Comment.objects.exists()
