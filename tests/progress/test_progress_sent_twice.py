"""Progress forms sent twice (a double click, a resend, two at once) save once."""

import re

import pytest
from django.urls import reverse

from page_text import text_of
from submitting import at_once, token_on
from wsoa.core.idempotency import ALREADY_SAVED, FORGED, MISSING, TOKEN_FIELD, issue_token
from wsoa.core.models import AuditEvent, SubmissionToken
from wsoa.plans.rag import Rag
from wsoa.progress import services
from wsoa.progress.models import Comment, Evidence, ProgressUpdate, RagDecision, ReportingPeriod

pytestmark = pytest.mark.django_db


def update_url(item) -> str:
    return reverse("progress:update", args=[item.plan.area.slug, item.plan_id, item.pk])


def an_update(token: str) -> dict:
    return {
        "commentary": "Letters to families drafted.",
        "proposed_rag": Rag.AMBER,
        "evidence_title": "Draft letter",
        "evidence_url": "https://example.org/letter",
        TOKEN_FIELD: token,
    }


def test_the_update_form_carries_a_token_that_saves_it(client_for, contributor, owned_item):
    client = client_for(contributor)
    token = token_on(client.get(update_url(owned_item)).content.decode())
    response = client.post(update_url(owned_item), an_update(token))
    assert response.status_code == 302
    assert SubmissionToken.objects.get(token=token).object_id == ProgressUpdate.objects.get().pk


def test_an_update_sent_twice_is_saved_once_and_the_repeat_goes_where_the_first_went(
    client_for, contributor, owned_item
):
    client = client_for(contributor)
    token = issue_token()
    first = client.post(update_url(owned_item), an_update(token))
    second = client.post(update_url(owned_item), an_update(token))
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert ProgressUpdate.objects.count() == 1 and Evidence.objects.count() == 1
    assert AuditEvent.objects.filter(action="update.posted").count() == 1
    assert ALREADY_SAVED in text_of(client.get(second["Location"]))


def test_an_update_without_a_token_is_refused_and_the_form_shown_again(
    client_for, contributor, owned_item
):
    client = client_for(contributor)
    response = client.post(update_url(owned_item), an_update(""))
    assert response.status_code == 200
    assert MISSING in text_of(response)
    assert not ProgressUpdate.objects.exists() and not SubmissionToken.objects.exists()
    fresh = token_on(response.content.decode())
    assert client.post(update_url(owned_item), an_update(fresh)).status_code == 302
    assert ProgressUpdate.objects.count() == 1


def test_an_update_with_a_token_wsoa_did_not_issue_is_refused(client_for, contributor, owned_item):
    response = client_for(contributor).post(update_url(owned_item), an_update("made-up:abc"))
    assert response.status_code == 200 and FORGED in text_of(response)
    assert not ProgressUpdate.objects.exists()


def test_a_token_used_by_someone_else_is_refused(client_for, contributor, plan_manager, owned_item):
    token = issue_token()
    client_for(contributor).post(update_url(owned_item), an_update(token))
    response = client_for(plan_manager).post(update_url(owned_item), an_update(token))
    assert response.status_code == 403
    assert ProgressUpdate.objects.count() == 1


def test_an_update_the_service_refuses_leaves_its_token_free(client_for, contributor, owned_item):
    client = client_for(contributor)
    token = issue_token()
    refused = client.post(update_url(owned_item), an_update(token) | {"commentary": "   "})
    assert refused.status_code == 200 and not SubmissionToken.objects.exists()
    assert client.post(update_url(owned_item), an_update(token)).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_an_update_sent_four_times_at_once_is_saved_once(client_for, contributor, owned_item):
    clients = [client_for(contributor) for _ in range(4)]
    token = issue_token()
    results = at_once(4, lambda n: clients[n].post(update_url(owned_item), an_update(token)))
    assert [getattr(r, "status_code", r) for r in results] == [302] * 4
    assert len({r["Location"] for r in results}) == 1
    assert ProgressUpdate.objects.count() == 1 and Evidence.objects.count() == 1
    assert AuditEvent.objects.filter(action="update.posted").count() == 1


def test_a_comment_sent_twice_is_added_once(client_for, forum_rep, owned_item):
    client = client_for(forum_rep)
    item_url = reverse(
        "progress:item", args=[owned_item.plan.area.slug, owned_item.plan_id, owned_item.pk]
    )
    token = token_on(client.get(item_url).content.decode())
    url = reverse(
        "progress:comment", args=[owned_item.plan.area.slug, owned_item.plan_id, owned_item.pk]
    )
    data = {"text": "How will families hear about this?", TOKEN_FIELD: token}
    first, second = client.post(url, data), client.post(url, data)
    assert first["Location"] == second["Location"]
    assert Comment.objects.count() == 1
    assert AuditEvent.objects.filter(action="comment.added").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_comment_sent_four_times_at_once_is_added_once(client_for, forum_rep, owned_item):
    clients = [client_for(forum_rep) for _ in range(4)]
    url = reverse(
        "progress:comment", args=[owned_item.plan.area.slug, owned_item.plan_id, owned_item.pk]
    )
    data = {"text": "Who checks the letters?", TOKEN_FIELD: issue_token()}
    results = at_once(4, lambda n: clients[n].post(url, data))
    assert [getattr(r, "status_code", r) for r in results] == [302] * 4
    assert Comment.objects.count() == 1


def test_a_decision_sent_twice_goes_to_the_item_both_times(
    client_for, contributor, plan_manager, owned_item
):
    update = services.post_update(
        item=owned_item, author=contributor, data=services.UpdateIn("Done.", Rag.GREEN)
    )
    client = client_for(plan_manager)
    url = reverse(
        "progress:decide", args=[owned_item.plan.area.slug, owned_item.plan_id, update.pk]
    )
    data = {"outcome": "confirmed", TOKEN_FIELD: token_on(client.get(url).content.decode())}
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert RagDecision.objects.count() == 1
    assert AuditEvent.objects.filter(action="rag.confirmed").count() == 1


def test_a_reporting_period_sent_twice_is_added_once(client_for, plan_manager, plan):
    client = client_for(plan_manager)
    url = reverse("progress:cycle", args=[plan.area.slug, plan.pk])
    tokens = re.findall(rf'name="{TOKEN_FIELD}" value="([^"]+)"', client.get(url).content.decode())
    assert len(tokens) == 2  # adding periods, adding one period: each form its own token
    data = {
        "action": "add",
        "one-label": "Q7",
        "one-start_0": "1", "one-start_1": "10", "one-start_2": "2026",
        "one-end_0": "31", "one-end_1": "12", "one-end_2": "2026",
        TOKEN_FIELD: tokens[1],
    }  # fmt: skip
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert ReportingPeriod.objects.filter(plan=plan).count() == 1
    assert ALREADY_SAVED in text_of(client.get(second["Location"]))
