"""Forms that add rows are saved once, however many times they are sent.

Such a form is an `OnceForm`: it carries a hidden submission token, random and signed, issued
when the form is shown. Saving it goes through `save_once`, which claims the token (a unique
`SubmissionToken` row) in the same transaction as the rows the form adds, before adding them.
A second sending of the same form (a double click, a resend, two tabs) finds the claim, or,
when both arrive at once, waits for the first transaction and then finds it, and is sent
where the first went with "This was already saved." instead of adding the rows again.

A post without a token, or with one wsoa did not issue, is refused before anything is
written: the form is shown again with the error and a fresh token, so sending it again works.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest, HttpResponseRedirect, QueryDict

from wsoa.core.models import SubmissionToken

TOKEN_FIELD = "submission_token"  # noqa: S105 — the name of a form field, not a secret
ALREADY_SAVED = "This was already saved."
MISSING = (
    "This form was sent without the code wsoa adds to it, so nothing was saved. "
    "Check your answers and send it again."
)
FORGED = (
    "This form was sent with a code wsoa did not make, so nothing was saved. "
    "Check your answers and send it again."
)
SOMEONE_ELSES = "This form was sent by someone else. Open the page again to make your own changes."

_signer = signing.Signer(salt="wsoa.core.idempotency")


def issue_token() -> str:
    """A new random token, signed so that one not issued by wsoa is recognised."""
    return _signer.sign(secrets.token_urlsafe(24))


def is_genuine(token: str) -> bool:
    try:
        _signer.unsign(token)
    except signing.BadSignature:
        return False
    return True


class OnceForm(forms.Form):
    """A form that adds rows: it carries a submission token, checked when the form is cleaned.

    The token's name has no prefix, so every form sends it as `submission_token`.
    """

    submission_token = forms.CharField(
        widget=forms.HiddenInput, required=False, initial=issue_token
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.prefix:  # keep ids unique when several forms share a page
            self.fields[TOKEN_FIELD].widget.attrs["id"] = f"id_{self.prefix}-{TOKEN_FIELD}"

    def add_prefix(self, field_name: str) -> str:
        return field_name if field_name == TOKEN_FIELD else super().add_prefix(field_name)

    def clean_submission_token(self) -> str:
        token: str = self.cleaned_data.get(TOKEN_FIELD) or ""
        problem = MISSING if not token else "" if is_genuine(token) else FORGED
        if problem:
            self.add_error(None, problem)
            self._give_fresh_token()
        return token

    def _give_fresh_token(self) -> None:
        """Show the form again with a token that will be accepted."""
        data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        data[TOKEN_FIELD] = issue_token()
        self.data = data


@dataclass(frozen=True)
class Created:
    """What saving a form added, and where to go next."""

    url: str
    row: models.Model | None = None
    message: str = ""


@dataclass(frozen=True)
class Saved:
    """The outcome of sending a form: where to go, and whether it was saved before."""

    url: str
    message: str = ""
    object_id: int | None = None
    repeated: bool = False


def save_once(*, form: OnceForm, user: Any, save: Callable[[], Created]) -> Saved:
    """Run `save` once for the form's token; a repeat gets the first sending's outcome.

    The claim is the transaction's first write, so a simultaneous sending waits for it (on
    SQLite for the database lock, on PostgreSQL for the unique index) and then finds it.
    Errors raised by `save` roll the claim back with everything else, so the form can be sent
    again.
    """
    token = form.cleaned_data[TOKEN_FIELD]
    earlier = _earlier(token, user)
    if earlier is not None:
        return earlier
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = SubmissionToken.objects.create(token=token, user=user)
        except IntegrityError:
            found = _earlier(token, user)
            if found is None:
                raise
            return found
        created = save()
        claim.redirect_url = created.url[:500]
        if created.row is not None:
            claim.object_type = created.row._meta.label_lower
            claim.object_id = created.row.pk
        claim.save(update_fields=["redirect_url", "object_type", "object_id"])
    return Saved(created.url, created.message, claim.object_id)


def sent_before(request: HttpRequest) -> bool:
    """Whether the form in this post was already saved (its token is claimed)."""
    token = request.POST.get(TOKEN_FIELD, "")
    return bool(token) and SubmissionToken.objects.filter(token=token).exists()


def _earlier(token: str, user: Any) -> Saved | None:
    found = SubmissionToken.objects.filter(token=token).first()
    if found is None:
        return None
    if found.user_id != user.pk:
        raise PermissionDenied(SOMEONE_ELSES)
    return Saved(found.redirect_url, ALREADY_SAVED, found.object_id, repeated=True)


def redirect_after(request: HttpRequest, saved: Saved) -> HttpResponseRedirect:
    """Say what happened and go where the form's first sending went."""
    if saved.repeated:
        messages.info(request, ALREADY_SAVED)
    elif saved.message:
        messages.success(request, saved.message)
    return HttpResponseRedirect(saved.url)
