"""The permission matrix of starting a plan from a document: every page and action × persona.

Managers (area admins and plan managers) upload, check, save a map and create; contributors,
board members and forum representatives get 403; another area's user 404; anonymous signs in.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from draft_helpers import make_draft, plan_file, preview_data, preview_url, upload_url

from personas import MANAGERS, PERSONAS, assert_access, persona_name
from wsoa.documents.models import ImportDraft, SavedColumnMap
from wsoa.plans.models import Plan

pytestmark = pytest.mark.django_db


def _draft_for(persona, area, plan_manager):
    """A draft of the area made by the persona when it can be (else by the area's manager)."""
    owner = persona if not isinstance(persona, AnonymousUser) else plan_manager
    if owner.username == "stockton-admin":
        owner = plan_manager
    return make_draft(area, owner)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_managers_open_the_upload_page(client_for, persona, request, area):
    response = client_for(persona).get(upload_url(area))
    assert_access(response, persona_name(request), MANAGERS)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_managers_upload_a_document(client_for, persona, request, area):
    response = client_for(persona).post(upload_url(area), {"document": plan_file()})
    allowed = assert_access(response, persona_name(request), MANAGERS, ok=(302,))
    assert ImportDraft.objects.count() == (1 if allowed else 0)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_managers_open_the_preview(client_for, persona, request, area, plan_manager):
    draft = _draft_for(persona, area, plan_manager)
    response = client_for(persona).get(preview_url(draft))
    assert_access(response, persona_name(request), MANAGERS)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize("action", ["check", "save", "create"])
def test_only_managers_check_save_and_create(
    client_for, persona, request, area, plan_manager, action
):
    draft = _draft_for(persona, area, plan_manager)
    data = preview_data(draft, action, roles={"Champion": "lead"}, map_name="Tracker")
    if action == "create":
        data = preview_data(draft, action)
    response = client_for(persona).post(preview_url(draft), data)
    allowed = assert_access(response, persona_name(request), MANAGERS, ok=(302,))
    draft_kept = ImportDraft.objects.filter(pk=draft.pk).first()
    assert (Plan.objects.filter(area=area).count() == 1) is (allowed and action == "create")
    assert SavedColumnMap.objects.exists() is (allowed and action == "save")
    if not allowed:
        assert draft_kept is not None and draft_kept.column_map == {}
