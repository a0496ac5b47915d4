"""Signing in: no public sign-up, two-factor authentication for managers, lockout, session limits.

django-allauth signs people in and django-axes locks out repeated failures; this module holds
the few rules that are wsoa's own. See docs/adr/0008-allauth-mfa-axes.md.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.models import Authenticator
from axes.helpers import get_client_ip_address, get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.http import urlencode

from wsoa.core import app_roles, code_attempts
from wsoa.core.models import MANAGING_ROLES, Membership

Middleware = Callable[[HttpRequest], HttpResponse]
SIGNED_IN_AT = "wsoa_signed_in_at"
LAST_SEEN_AT = "wsoa_last_seen_at"
TWO_FACTOR_PENDING = "wsoa_two_factor_pending"
# The stamp of the user's roles that TWO_FACTOR_PENDING was worked out at (see roles_changed).
ROLES_SEEN = "wsoa_roles_seen"
# How stale "last seen" may get before it is saved again: a session is written at most this often,
# not on every request, so the idle limit is exact to within this.
LAST_SEEN_RESOLUTION = 5 * 60
TWO_FACTOR_NEEDED = (
    "You manage plans or see casework, so your account needs two-factor authentication. "
    "Set up an authenticator app before you continue."
)
CODES_LOCKED = (
    "Too many wrong codes were entered, so signing in is stopped for {minutes} minutes to keep "
    "the account safe. You can try again after {when}. If this was not you, someone may know "
    "your password: reset it and tell your area admin."
)


class AccountAdapter(DefaultAccountAdapter):
    """Area admins create accounts: nobody signs themselves up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """A sign-in moments ago counts as confirming it is you: the password typed to sign in
        is not asked for again at once (a manager setting up two-factor straight after)."""
        if signed_in_within(context.request, account_settings.REAUTHENTICATION_TIMEOUT):
            return False
        return bool(super().is_reauthentication_required(app=app, **kwargs))


class MFAAdapter(DefaultMFAAdapter):
    """Managers keep their authenticator app: they may replace it, not turn it off."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": (
            "Area admins, plan managers and casework staff must keep two-factor authentication on."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        return authenticator.type != Authenticator.Type.TOTP or not needs_two_factor(
            authenticator.user
        )


class AuthenticateForm(mfa_forms.AuthenticateForm):
    """The code asked for at sign-in, with a limit on wrong codes (see `core.code_attempts`)."""

    def clean_code(self) -> str:
        return check_code_within_limit(self.user, super().clean_code, self.cleaned_data["code"])


class ReauthenticateForm(mfa_forms.ReauthenticateForm):
    """A code to confirm access before a sensitive change, with the same limit."""

    def clean_code(self) -> str:
        return check_code_within_limit(self.user, super().clean_code, self.cleaned_data["code"])


def check_code_within_limit(user: Any, check: Callable[[], str], typed: str = "") -> str:
    """Run allauth's check of a two-factor or recovery code unless too many were wrong lately."""
    attempt = code_attempts.start_attempt(user=user, address=client_address(context.request))
    if attempt.locked_until is not None:
        raise ValidationError(codes_locked(attempt.locked_until), code="locked")
    try:
        if cache.get(_used_key(user, typed)) is not None:  # before allauth, which says "incorrect"
            raise ValidationError(CODE_USED, code="incorrect_code")
        code = once_in_its_window(user, check())
    except ValidationError:
        if (until := code_attempts.attempt_failed(attempt=attempt)) is not None:
            raise ValidationError(codes_locked(until), code="locked") from None
        raise
    code_attempts.attempt_succeeded(attempt=attempt)
    return code


def once_in_its_window(user: Any, code: str) -> str:
    """Refuse an authenticator code already accepted while it can still be accepted.

    With MFA_TOTP_TOLERANCE steps either side, a code is valid for (2 × tolerance + 1) periods;
    allauth remembers a used code for one period only, so it is remembered here for them all
    (in the cache, as allauth's own mark). Recovery codes are single-use by allauth already."""
    from allauth.mfa import app_settings as mfa_settings

    normal = "".join(code.split())
    if not (normal.isdigit() and len(normal) == 6):  # a recovery code
        return code
    window = mfa_settings.TOTP_PERIOD * (2 * mfa_settings.TOTP_TOLERANCE + 1)
    if not cache.add(_used_key(user, normal), 1, timeout=window):
        raise ValidationError(CODE_USED, code="incorrect_code")
    return code


def _used_key(user: Any, code: str) -> str:
    return f"wsoa:totp-used:{user.pk}:{''.join(str(code or '').split())}"


# A code is only ever "used already" once it was right: saying so tells nothing worth knowing,
# and tells the person signing in again within half a minute why the code their app still
# shows is refused.
CODE_USED = (
    "That code has been used already. Wait for your authenticator app to show a new code, "
    "then enter that one."
)


def client_address(request: HttpRequest | None) -> str:
    """The address django-axes counts sign-in failures from."""
    return (get_client_ip_address(request) if request is not None else None) or "unknown"


def codes_locked(until: datetime) -> str:
    """Say that codes are refused, and from when they are checked again (to the next minute)."""
    local = timezone.localtime(until + timedelta(seconds=59)).replace(second=0, microsecond=0)
    when = f"{format_date(local, 'g:i')}{format_date(local, 'A').lower()} on "
    minutes = round(settings.TWO_FACTOR_COOL_OFF.total_seconds() / 60)
    return CODES_LOCKED.format(minutes=minutes, when=when + format_date(local, "j F Y"))


def signed_in_within(request: HttpRequest | None, seconds: int) -> bool:
    """Say whether this session's sign-in (password, and code if asked) was that recent."""
    session = getattr(request, "session", None)
    signed_in_at = session.get(SIGNED_IN_AT) if session is not None else None
    return signed_in_at is not None and timezone.now().timestamp() - signed_in_at < seconds


def manages_anywhere(user: Any) -> bool:
    return Membership.objects.for_user(user).filter(role__in=MANAGING_ROLES).exists()


def has_totp(user: Any) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def needs_two_factor(user: Any) -> bool:
    """Managers of plans, and holders of a role that shows personal data in an app above core
    (casework's: caseworkers, casework managers, advice givers; ADR 0022)."""
    return manages_anywhere(user) or app_roles.needs_two_factor(user)


def must_set_up_two_factor(user: Any) -> bool:
    """Say whether a user's roles ask for two-factor sign-in but they have no authenticator app."""
    return bool(user.is_authenticated) and needs_two_factor(user) and not has_totp(user)


def _roles_key(user_id: int) -> str:
    return f"wsoa:roles:{user_id}"


def _new_roles_stamp(user_id: int) -> None:
    lifetime = int(settings.SESSION_ABSOLUTE_AGE.total_seconds())
    cache.set(_roles_key(user_id), uuid4().hex, timeout=lifetime)


def roles_changed(*, user_id: int) -> None:
    """Make each of the user's sessions work out again whether two-factor set-up is owed.

    Sessions note the stamp their answer was worked out at, and a new stamp in the shared cache
    makes every one of them (on any app server) ask the database at its next request. It is
    stamped now and again once the change is committed, so an answer worked out in between is
    not kept either.
    """
    _new_roles_stamp(user_id)
    transaction.on_commit(lambda: _new_roles_stamp(user_id))


def _roles_stamp(user: Any) -> str:
    """The user's current roles stamp, making one if the cache has none ("" if it cannot)."""
    key = _roles_key(user.pk)
    if (stamp := cache.get(key)) is None:
        cache.add(key, uuid4().hex, timeout=int(settings.SESSION_ABSOLUTE_AGE.total_seconds()))
        stamp = cache.get(key)
    return str(stamp or "")


def _note_two_factor(session: SessionBase, stamp: str, pending: bool) -> None:
    """Keep the answer in the session, writing the session only when it changes."""
    if session.get(ROLES_SEEN) != stamp:
        session[ROLES_SEEN] = stamp
    if session.get(TWO_FACTOR_PENDING) != pending:
        session[TWO_FACTOR_PENDING] = pending


@receiver(user_logged_in)
def start_session(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Note when the session started and whether two-factor set-up is still owed.

    Done on Django's signal so that every way of signing in does it, and pages need not ask the
    database on every request.
    """
    if request is None or not hasattr(request, "session"):
        return
    now = timezone.now().timestamp()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now
    stamp = _roles_stamp(user)
    _note_two_factor(request.session, stamp, must_set_up_two_factor(user))
    app_roles.remember_links(request.session, user)


def _allowed_without_two_factor(path: str) -> bool:
    """The set-up page, what it needs (confirming the password), signing out and static files."""
    allowed = _paths_without_two_factor(get_script_prefix(), get_urlconf(settings.ROOT_URLCONF))
    return path in allowed or path.startswith("/" + settings.STATIC_URL.lstrip("/"))


@functools.lru_cache(maxsize=8)
def _paths_without_two_factor(prefix: str, urlconf: Any) -> frozenset[str]:
    """Those pages' paths, worked out once per URL prefix and URLconf, not on every request."""
    names = ("mfa_activate_totp", "account_reauthenticate", "logout", "account_logout")
    return frozenset(reverse(name, urlconf=urlconf) for name in names)


def _two_factor_pending(request: HttpRequest) -> bool:
    """Say whether set-up is owed, asking the database until it is done and again whenever the
    user's roles change (fails closed: a session with no answer, or an old one, is checked)."""
    session = request.session
    stamp = _roles_stamp(request.user)
    if stamp and session.get(ROLES_SEEN) == stamp and session.get(TWO_FACTOR_PENDING) is False:
        return False
    pending = must_set_up_two_factor(request.user)
    _note_two_factor(session, stamp, pending)
    app_roles.remember_links(session, request.user)  # the roles changed, so may their links
    return pending


def require_two_factor(get_response: Middleware) -> Middleware:
    """Send a manager (or casework staff) without an authenticator app to set one up first."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if (
            request.user.is_authenticated
            and not _allowed_without_two_factor(request.path)
            and _two_factor_pending(request)
        ):
            messages.warning(request, TWO_FACTOR_NEEDED, fail_silently=True)
            return redirect("mfa_activate_totp")
        return get_response(request)

    return middleware


def _session_expired(request: HttpRequest, now: float) -> str:
    """Return why the session is over, or "": too long idle, or too long since sign-in."""
    session = request.session
    if now - session.get(LAST_SEEN_AT, now) > settings.SESSION_IDLE_AGE.total_seconds():
        minutes = round(settings.SESSION_IDLE_AGE.total_seconds() / 60)
        return f"You were signed out after {minutes} minutes without using wsoa. Sign in again."
    if now - session.get(SIGNED_IN_AT, now) > settings.SESSION_ABSOLUTE_AGE.total_seconds():
        hours = round(settings.SESSION_ABSOLUTE_AGE.total_seconds() / 3600)
        return f"You were signed out after {hours} hours. Sign in again."
    return ""


def session_time_limit(get_response: Middleware) -> Middleware:
    """Sign a user out after SESSION_IDLE_AGE without a request or SESSION_ABSOLUTE_AGE in all."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            if reason := _session_expired(request, now):
                logout(request)
                messages.info(request, reason)
                return redirect(f"{reverse('login')}?{urlencode({'next': request.path})}")
            if now - request.session.get(LAST_SEEN_AT, now) > LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN_AT] = now
        return get_response(request)

    return middleware


def attempted_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """Return the account being tried, as django-axes counts failures by it.

    An e-mail address of exactly one account counts as that account's username, so typing the
    one or the other adds up to the same lockout. Anything else counts as typed.
    """
    given = credentials or {}
    login = given.get("username") or given.get("email") or request.POST.get("login", "")
    return _account_username(str(login).strip()).lower()


def _account_username(login: str) -> str:
    if "@" not in login:
        return login
    users = get_user_model().objects
    named = users.filter(Q(email__iexact=login) | Q(emailaddress__email__iexact=login))
    usernames = set(named.values_list(users.model.USERNAME_FIELD, flat=True).distinct()[:2])
    return usernames.pop() if len(usernames) == 1 else login


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """Render the lockout page: what happened and when to try again."""
    cool_off = get_cool_off(request) or timedelta(minutes=30)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(cool_off.total_seconds() // 60),
        "try_again_at": timezone.localtime() + cool_off,
    }
    return render(request, "core/locked_out.html", context, status=429)
