"""The item page and "My items" stay cheap however long an item's history grows (issue 16 §3).

The item page shows the latest updates and changes with how many there are, and links to the
full lists, a page at a time; its progress part is cached per plan version and reader's rights.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from page_text import text_of
from wsoa.progress import services
from wsoa.progress.item_progress import LATEST, PER_PAGE


def _post(item, contributor, plan_manager, period, n, *, words="Update"):
    for number in range(n):
        update = services.post_update(
            item=item,
            author=contributor,
            data=services.UpdateIn(
                f"{words} {number}",
                "amber",
                period=period,
                evidence=[services.EvidenceIn("Minutes", url="https://a.example/m")],
            ),
        )
        services.decide(update=update, by=plan_manager, outcome="confirmed", reason=f"ok {number}")


def _url(name, item, **query):
    path = reverse(name, args=[item.plan.area.slug, item.plan.pk, item.pk])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize("warm", [False, True])
def test_item_page_queries_do_not_grow_with_many_updates(
    client_for, plan_manager, owned_item, contributor, period, warm, django_assert_max_num_queries
):
    client = client_for(plan_manager)

    def count_after(n):
        _post(owned_item, contributor, plan_manager, period, n)
        cache.clear()
        if warm:
            client.get(_url("progress:item", owned_item))
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url("progress:item", owned_item)).status_code == 200
        return len(queries)

    few = count_after(2)
    many = count_after(2 * LATEST + 5)
    assert many <= few + 2  # at most the two counts of a list longer than the page shows
    with django_assert_max_num_queries(few + 2):
        client.get(_url("progress:item", owned_item))


def test_item_page_shows_the_latest_updates_and_links_to_all_of_them(
    client_for, plan_manager, owned_item, contributor, period
):
    _post(owned_item, contributor, plan_manager, period, LATEST + 3)
    text = text_of(client_for(plan_manager).get(_url("progress:item", owned_item)))
    total = LATEST + 3
    assert f"Updates ({total})" in text
    assert f"The latest {LATEST}, newest first. See all {total} updates" in text
    assert f"Update {total - 1}" in text and "Update 2 " not in text
    assert "ok 0" in text  # every confirmed rating is still in "Rating over time"
    assert "See all" in text and "changes" in text


def test_full_list_of_updates_is_paginated_newest_first(
    client_for, plan_manager, owned_item, contributor, period
):
    _post(owned_item, contributor, plan_manager, period, PER_PAGE + 2)
    client = client_for(plan_manager)
    first = text_of(client.get(_url("progress:item_updates", owned_item)))
    assert f"Updates ({PER_PAGE + 2})" in first and "page 1 of 2" in first
    assert f"Update {PER_PAGE + 1} " in first and "Update 1 " not in first
    second = text_of(client.get(_url("progress:item_updates", owned_item, page=2)))
    assert "Update 1 " in second and "Update 0 " in second
    assert "Update 1 " in text_of(client.get(_url("progress:item_updates", owned_item, page=99)))


def test_full_history_of_changes_is_paginated(
    client_for, plan_manager, owned_item, contributor, period
):
    _post(owned_item, contributor, plan_manager, period, PER_PAGE)  # a change per confirmation
    client = client_for(plan_manager)
    response = client.get(_url("progress:item_changes", owned_item))
    text = text_of(response)
    assert response.status_code == 200 and "History of changes" in text and "page 1 of" in text
    assert 'aria-label="Pages of changes"' in response.content.decode()


def test_full_lists_are_scoped_to_the_area(client_for, owned_item, other_area_user):
    client = client_for(other_area_user)
    for name in ("progress:item_updates", "progress:item_changes"):
        assert client.get(_url(name, owned_item)).status_code == 404


def test_cached_progress_shows_a_new_update_and_comment_at_once(
    client_for, plan_manager, owned_item, contributor, period
):
    client = client_for(plan_manager)
    _post(owned_item, contributor, plan_manager, period, 1)
    assert "Update 0" in text_of(client.get(_url("progress:item", owned_item)))
    _post(owned_item, contributor, plan_manager, period, 1, words="Fresh news")
    services.add_comment(item=owned_item, author=contributor, text="A fresh comment.")
    text = text_of(client.get(_url("progress:item", owned_item)))
    assert "Fresh news 0" in text and "A fresh comment." in text
    # and the owner, who may post but not decide, gets their own links, not the manager's
    owner_page = client_for(contributor).get(_url("progress:item", owned_item)).content.decode()
    assert "review this rating" not in owner_page and "Edit item" not in owner_page


def test_my_items_queries_do_not_grow_with_many_updates(
    client_for, plan_manager, owned_item, contributor, period
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(contributor)
    url = reverse("progress:my_items", args=[owned_item.plan.area.slug])

    def count_after(n):
        _post(owned_item, contributor, plan_manager, period, n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert count_after(1) == count_after(2 * LATEST)


def test_a_long_history_links_a_handful_of_pages_with_ellipses(
    client_for, plan_manager, owned_item
):
    from wsoa.core.models import AuditEvent

    events = [
        AuditEvent(
            area=owned_item.plan.area,
            action="item.edited",
            actor_label="Someone",
            object_type="item",
            object_id=owned_item.pk,
            summary=f"Change {number}",
        )
        for number in range(PER_PAGE * 40)
    ]
    AuditEvent.objects.bulk_create(events)
    client = client_for(plan_manager)
    html = client.get(_url("progress:item_changes", owned_item, page=20)).content.decode()
    linked = [n for n in range(1, 41) if f'aria-label="Page {n}"' in html]
    assert linked == [1, 19, 20, 21, 40]
    assert html.count("govuk-pagination__item--ellipses") == 2
    assert 'aria-label="Page 20" aria-current="page"' in html
    first = client.get(_url("progress:item_changes", owned_item)).content.decode()
    assert [n for n in range(1, 41) if f'aria-label="Page {n}"' in first] == [1, 2, 40]
