"""Whoever confirms ratings sees the evidence of the update under review: its files, through the
area-checked download, and its links, beside the owner's commentary."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from page_text import text_of
from wsoa.progress import services

pytestmark = pytest.mark.django_db


def post(item, author, commentary, *evidence):
    return services.post_update(
        item=item,
        author=author,
        data=services.UpdateIn(commentary, "amber", evidence=list(evidence)),
    )


@pytest.fixture
def with_evidence(owned_item, contributor, media):
    upload = SimpleUploadedFile(
        "panel-minutes.pdf", b"%PDF minutes", content_type="application/pdf"
    )
    return post(
        owned_item,
        contributor,
        "The panel met twice and agreed the new threshold.",
        services.EvidenceIn("Panel minutes", file=upload),
        services.EvidenceIn("Local Offer page", url="https://www.example.org/local-offer/send"),
    )


def evidence_links(html: str) -> dict[str, str]:
    """Link text → address of every link on the page."""
    found = re.findall(r'<a class="govuk-link" href="([^"]+)"[^>]*>([^<]+)</a>', html)
    return {text.strip(): href for href, text in found}


@pytest.mark.parametrize("page", ["decide", "reviews"])
def test_the_reviewer_sees_files_and_links_beside_the_commentary(
    page, client_for, plan_manager, with_evidence
):
    plan = with_evidence.item.plan
    url = (
        reverse("progress:decide", args=[plan.area.slug, plan.pk, with_evidence.pk])
        if page == "decide"
        else reverse("progress:reviews", args=[plan.area.slug, plan.pk])
    )
    response = client_for(plan_manager).get(url)
    links = evidence_links(response.content.decode())
    file = with_evidence.evidence.get(title="Panel minutes")
    download = reverse("progress:evidence", args=[plan.area.slug, plan.pk, file.pk])
    assert links["Panel minutes"] == download
    assert links["Local Offer page"] == "https://www.example.org/local-offer/send"
    text = text_of(response)
    what = text.index("agreed the new threshold")
    assert what < text.index("Evidence") < text.index("Panel minutes (file, 12 bytes)")
    assert "Local Offer page (link to example.org)" in text


def test_the_file_link_is_the_permission_checked_download(
    client_for, plan_manager, other_area_user, with_evidence
):
    plan = with_evidence.item.plan
    page = client_for(plan_manager).get(reverse("progress:reviews", args=[plan.area.slug, plan.pk]))
    download = evidence_links(page.content.decode())["Panel minutes"]
    got = client_for(plan_manager).get(download)
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF minutes"
    assert client_for(other_area_user).get(download).status_code == 404


def test_an_update_without_evidence_says_so(client_for, plan_manager, owned_item, contributor):
    update = post(owned_item, contributor, "Nothing to attach yet.")
    plan = owned_item.plan
    url = reverse("progress:decide", args=[plan.area.slug, plan.pk, update.pk])
    assert "No evidence was attached to this update." in text_of(client_for(plan_manager).get(url))


def test_each_update_shows_only_its_own_evidence(
    client_for, plan_manager, owned_item, contributor, with_evidence
):
    post(
        owned_item,
        contributor,
        "A later update with a link.",
        services.EvidenceIn("Survey results", url="https://survey.example.net/r/1"),
    )
    plan = owned_item.plan
    html = (
        client_for(plan_manager)
        .get(reverse("progress:reviews", args=[plan.area.slug, plan.pk]))
        .content.decode()
    )
    first, second = html.split('class="govuk-summary-card"')[1:3]
    assert "Panel minutes" in first and "Survey results" not in first
    assert "Survey results" in second and "Panel minutes" not in second


def test_reviews_page_queries_do_not_grow_with_updates(
    client_for, plan_manager, owned_item, contributor
):
    client = client_for(plan_manager)
    plan = owned_item.plan
    url = reverse("progress:reviews", args=[plan.area.slug, plan.pk])

    def queries_after(n: int) -> int:
        for i in range(n):
            post(
                owned_item,
                contributor,
                f"note {i}",
                services.EvidenceIn("L", url="https://a.example"),
            )
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert queries_after(1) == queries_after(10)
