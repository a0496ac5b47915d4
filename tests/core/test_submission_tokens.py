"""The submission token: issued with each form that adds rows, claimed once when it is saved."""

import re

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from submitting import at_once, tokens_on
from wsoa.core.idempotency import (
    FORGED,
    MISSING,
    TOKEN_FIELD,
    Created,
    OnceForm,
    is_genuine,
    issue_token,
    save_once,
)
from wsoa.core.models import Membership, Organisation, SubmissionToken

pytestmark = pytest.mark.django_db


class NoteForm(OnceForm):
    text = forms.CharField()


def test_each_form_shown_gets_a_new_genuine_token():
    first, second = NoteForm()[TOKEN_FIELD].value(), NoteForm()[TOKEN_FIELD].value()
    assert first != second and is_genuine(first) and is_genuine(second)
    assert not is_genuine("made-up") and not is_genuine(first + "x")


@pytest.mark.parametrize(("token", "message"), [("", MISSING), ("made-up:abc", FORGED)])
def test_a_missing_or_forged_token_is_an_error_and_the_form_gets_a_fresh_one(token, message):
    form = NoteForm({"text": "Hello", TOKEN_FIELD: token})
    assert not form.is_valid()
    assert form.non_field_errors() == [message]
    assert is_genuine(form[TOKEN_FIELD].value())


def test_the_token_keeps_its_name_in_a_form_with_a_prefix():
    token = issue_token()
    form = NoteForm({"one-text": "Hello", TOKEN_FIELD: token}, prefix="one")
    assert form.is_valid() and form.cleaned_data[TOKEN_FIELD] == token
    assert 'id="id_one-submission_token"' in str(form[TOKEN_FIELD])


def test_save_once_saves_once_and_tells_the_repeat_where_the_first_went(area_admin, area):
    form = NoteForm({"text": "Hello", TOKEN_FIELD: issue_token()})
    assert form.is_valid()
    made: list[Organisation] = []

    def save() -> Created:
        made.append(Organisation.objects.create(area=area, name=f"Org {len(made)}", kind="other"))
        return Created("/somewhere/", made[-1], "Added.")

    first = save_once(form=form, user=area_admin, save=save)
    second = save_once(form=form, user=area_admin, save=save)
    assert (first.repeated, second.repeated) == (False, True)
    assert first.url == second.url == "/somewhere/" and len(made) == 1
    claim = SubmissionToken.objects.get()
    assert (claim.user, claim.object_type, claim.object_id) == (
        area_admin,
        "core.organisation",
        made[0].pk,
    )


def test_an_error_while_saving_leaves_the_token_free(area_admin):
    form = NoteForm({"text": "Hello", TOKEN_FIELD: issue_token()})
    assert form.is_valid()

    def fail() -> Created:
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        save_once(form=form, user=area_admin, save=fail)
    assert not SubmissionToken.objects.exists()


def a_person(token: str) -> dict:
    return {
        "action": "member", "full_name": "Sam Lee", "email": "sam@example.org",
        "role": "contributor", TOKEN_FIELD: token,
    }  # fmt: skip


def test_adding_a_person_sent_twice_adds_them_once(client_for, area_admin):
    client = client_for(area_admin)
    url = reverse("core:members", args=["hartlepool"])
    member_token, organisation_token = tokens_on(client.get(url).content.decode())
    assert member_token != organisation_token
    first, second = (
        client.post(url, a_person(member_token)),
        client.post(url, a_person(member_token)),
    )
    assert first.status_code == second.status_code == 302
    assert Membership.objects.filter(user__email="sam@example.org").count() == 1
    assert len(mail.outbox) == 1
    page = client.get(second["Location"]).content.decode()
    assert "This was already saved." in " ".join(re.sub(r"<[^>]+>", " ", page).split())


@pytest.mark.django_db(transaction=True)
def test_adding_a_person_sent_four_times_at_once_adds_one_account(client_for, area_admin):
    clients = [client_for(area_admin) for _ in range(4)]
    url = reverse("core:members", args=["hartlepool"])
    data = a_person(issue_token())
    results = at_once(4, lambda n: clients[n].post(url, data))
    assert [getattr(r, "status_code", r) for r in results] == [302] * 4
    assert get_user_model().objects.filter(email="sam@example.org").count() == 1
    assert Membership.objects.filter(user__email="sam@example.org").count() == 1
    assert len(mail.outbox) == 1
