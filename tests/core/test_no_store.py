"""Signed-in pages and files are never kept in a browser's or proxy's cache; public pages may be."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wsoa.plans.rag import Rag
from wsoa.progress import services as progress
from wsoa.public import services as public

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def evidence(settings, tmp_path, plan, plan_manager):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = SimpleUploadedFile("minutes.pdf", b"%PDF minutes", content_type="application/pdf")
    update = progress.post_update(
        item=plan.items.get(number="1.1"),
        author=plan_manager,
        data=progress.UpdateIn(
            "Minutes agreed", Rag.GREEN, evidence=[progress.EvidenceIn("M", file=upload)]
        ),
    )
    return update.evidence.get()


def test_signed_in_pages_and_evidence_files_are_not_stored(
    client_for, board_member, plan, evidence
):
    client = client_for(board_member)
    slug = plan.area.slug
    paths = [
        reverse("plans:areas"),
        reverse("plans:area", args=[slug]),
        reverse("plans:plan", args=[slug, plan.pk]),
        reverse("progress:item", args=[slug, plan.pk, evidence.update.item_id]),
        reverse("mfa_index"),
        reverse("progress:evidence", args=[slug, plan.pk, evidence.pk]),
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in directives(response), path


def test_a_signed_in_persons_error_and_redirect_pages_are_not_stored(client_for, board_member):
    client = client_for(board_member)
    assert "no-store" in directives(client.get("/areas/nowhere/"))
    assert "no-store" in directives(client.post(reverse("logout")))


def test_the_sign_in_page_is_not_stored():
    assert "no-store" in directives(Client().get(reverse("login")))


def test_a_public_page_for_anonymous_visitors_may_be_cached(
    client, client_for, plan, plan_manager, board_member
):
    public.choose_public(
        plan=plan,
        by=plan_manager,
        items=[plan.items.get(number="1.1").pk],
        indicators=[],
        updates=[],
    )
    public.publish_plan(plan=plan, by=plan_manager)
    path = reverse("public:plan", args=[plan.area.slug, plan.pk])
    anonymous = client.get(path)
    assert anonymous.status_code == 200
    assert "no-store" not in directives(anonymous)
    signed_in = client_for(board_member).get(path)
    assert signed_in.status_code == 200 and "no-store" in directives(signed_in)
