"""Signing in: no public sign-up, two-factor authentication for managers, lockout, session limits.

django-allauth signs people in and django-axes locks out repeated failures; this module holds
the few rules that are wsoa's own. See docs/adr/0008-allauth-mfa-axes.md.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from wsoa.core.models import MANAGING_ROLES, Membership

Middleware = Callable[[HttpRequest], HttpResponse]
SIGNED_IN_AT = "wsoa_signed_in_at"
LAST_SEEN_AT = "wsoa_last_seen_at"
TWO_FACTOR_PENDING = "wsoa_two_factor_pending"
# How stale "last seen" may get before it is saved again: a session is written at most this often,
# not on every request, so the idle limit is exact to within this.
LAST_SEEN_RESOLUTION = 5 * 60
TWO_FACTOR_NEEDED = (
    "You manage plans, so your account needs two-factor authentication. "
    "Set up an authenticator app before you continue."
)


class AccountAdapter(DefaultAccountAdapter):
    """Area admins create accounts: nobody signs themselves up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


class MFAAdapter(DefaultMFAAdapter):
    """Managers keep their authenticator app: they may replace it, not turn it off."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": (
            "Area admins and plan managers must keep two-factor authentication on."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        return authenticator.type != Authenticator.Type.TOTP or not manages_anywhere(
            authenticator.user
        )


def manages_anywhere(user: Any) -> bool:
    return Membership.objects.for_user(user).filter(role__in=MANAGING_ROLES).exists()


def has_totp(user: Any) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def must_set_up_two_factor(user: Any) -> bool:
    """Say whether a user holds a managing role somewhere but has no authenticator app yet."""
    return bool(user.is_authenticated) and manages_anywhere(user) and not has_totp(user)


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
    request.session[TWO_FACTOR_PENDING] = must_set_up_two_factor(user)


def _allowed_without_two_factor(path: str) -> bool:
    """The set-up page, what it needs (confirming the password), signing out and static files."""
    allowed = {
        reverse(name)
        for name in ("mfa_activate_totp", "account_reauthenticate", "logout", "account_logout")
    }
    return path in allowed or path.startswith("/" + settings.STATIC_URL.lstrip("/"))


def _two_factor_pending(request: HttpRequest) -> bool:
    """Say whether set-up is owed, asking the database only until it is done (fails closed)."""
    if request.session.get(TWO_FACTOR_PENDING) is False:
        return False
    pending = must_set_up_two_factor(request.user)
    if request.session.get(TWO_FACTOR_PENDING) != pending:
        request.session[TWO_FACTOR_PENDING] = pending
    return pending


def require_two_factor(get_response: Middleware) -> Middleware:
    """Send a manager without an authenticator app to set one up, whatever page they ask for."""

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
    """Return the username or e-mail address being tried, as django-axes counts failures by it."""
    given = credentials or {}
    login = given.get("username") or given.get("email") or request.POST.get("login", "")
    return str(login).strip().lower()


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
