"""Public-page forms sent twice (a double click, a resend, two at once) save once."""

import pytest
from django.urls import reverse

from submitting import at_once, token_on
from wsoa.core.idempotency import TOKEN_FIELD, issue_token
from wsoa.public.models import PublishedSnapshot, YouSaid

pytestmark = pytest.mark.django_db


def a_saying(token: str) -> dict:
    return {
        "said": "Letters are hard to read.", "source": "Parent carer forum",
        "said_on_0": "3", "said_on_1": "11", "said_on_2": "2026",
        "did": "Letters rewritten in plain English.", TOKEN_FIELD: token,
    }  # fmt: skip


def test_you_said_sent_twice_is_added_once(client_for, forum_rep, chosen):
    client = client_for(forum_rep)
    url = reverse("public:you_said_add", args=[chosen.area.slug, chosen.pk])
    data = a_saying(token_on(client.get(url).content.decode()))
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert YouSaid.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_you_said_sent_four_times_at_once_is_added_once(client_for, forum_rep, chosen):
    clients = [client_for(forum_rep) for _ in range(4)]
    url = reverse("public:you_said_add", args=[chosen.area.slug, chosen.pk])
    data = a_saying(issue_token())
    results = at_once(4, lambda n: clients[n].post(url, data))
    assert [getattr(r, "status_code", r) for r in results] == [302] * 4
    assert YouSaid.objects.count() == 1


def test_publishing_sent_twice_publishes_one_version(client_for, plan_manager, chosen):
    client = client_for(plan_manager)
    staff = reverse("public:staff", args=[chosen.area.slug, chosen.pk])
    data = {TOKEN_FIELD: token_on(client.get(staff).content.decode())}
    url = reverse("public:publish", args=[chosen.area.slug, chosen.pk])
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert PublishedSnapshot.objects.filter(plan=chosen).count() == 1


@pytest.mark.django_db(transaction=True)
def test_publishing_sent_four_times_at_once_publishes_one_version(client_for, plan_manager, chosen):
    clients = [client_for(plan_manager) for _ in range(4)]
    url = reverse("public:publish", args=[chosen.area.slug, chosen.pk])
    data = {TOKEN_FIELD: issue_token()}
    results = at_once(4, lambda n: clients[n].post(url, data))
    assert [getattr(r, "status_code", r) for r in results] == [302] * 4
    assert PublishedSnapshot.objects.filter(plan=chosen).count() == 1
