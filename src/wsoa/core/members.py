"""Area admins manage who belongs to their area: accounts, roles and organisations, audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from wsoa.core.audit import record_event
from wsoa.core.auth import roles_changed
from wsoa.core.models import LocalArea, Membership, Organisation, Role
from wsoa.core.people import display_name


class MemberError(Exception):
    """A change to the area's members that cannot be made; the message says why."""


@dataclass
class NewMember:
    full_name: str
    email: str
    role: str
    organisation: Organisation | None = None


def member_choices(area: LocalArea, *, with_role: bool = False) -> list[tuple[int, str]]:
    """The area's members as (user id, name) choices sorted by name, with their roles if asked."""
    rows = Membership.objects.filter(area=area).select_related("user", "organisation")
    choices = []
    for m in rows:
        name = display_name(m.user, m.organisation.name if m.organisation else "")
        choices.append((m.user.pk, f"{name} ({m.get_role_display()})" if with_role else name))
    return sorted(choices, key=lambda pair: pair[1].lower())


def add_member(*, area: LocalArea, by: Any, new: NewMember) -> tuple[Membership, bool]:
    """Give someone a role in the area, making their account if they have none.

    Returns the membership and whether an account was made (and a set-password e-mail sent).
    """
    users = get_user_model()
    email = new.email.strip().lower()
    if new.role not in Role.values:
        raise MemberError("Choose a role from the list.")
    if new.organisation is not None and new.organisation.area_id != area.pk:
        raise MemberError("Choose one of this area's organisations.")
    with transaction.atomic():
        user = users.objects.filter(email__iexact=email).order_by("pk").first()
        created = user is None
        if user is None:
            first, _, last = new.full_name.strip().partition(" ")
            user = users.objects.create_user(
                username=_free_username(email), email=email, first_name=first, last_name=last
            )
            user.set_unusable_password()
            user.save()
        if Membership.objects.filter(user=user, area=area).exists():
            raise MemberError(f"{email} already has a role in {area.name}.")
        membership = Membership.objects.create(
            user=user, area=area, role=new.role, organisation=new.organisation
        )
        roles_changed(user_id=user.pk)
        record_event(
            obj=membership,
            by=by,
            action="member.added",
            summary=f"Gave {user.get_username()} the role {membership.get_role_display()}",
            changes={"user": user.pk, "role": new.role, "account_made": created},
        )
        if created:
            send_mail(*welcome(user, area), None, [email], fail_silently=False)
    return membership, created


def _free_username(email: str) -> str:
    users = get_user_model()
    base = email.split("@")[0][:140] or "user"
    name, n = base, 1
    while users.objects.filter(username=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


def welcome(user: Any, area: LocalArea) -> tuple[str, str]:
    """The e-mail that tells a new member how to set their password and sign in."""
    base = getattr(settings, "WSOA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    subject = f"Your wsoa account for {area.name}"
    body = "\n".join(
        [
            f"Dear {display_name(user)},",
            "",
            f"You have been given access to {area.name}'s SEND improvement plans in wsoa.",
            f"Your username is {user.get_username()}. Choose your password here:",
            f"{base}{path}",
            "",
            f"Then sign in at {base}{reverse('login')}.",
            "If you were not expecting this, you can ignore this message.",
        ]
    )
    return subject, body


def change_member(
    *, membership: Membership, by: Any, role: str, organisation: Organisation | None
) -> None:
    if role not in Role.values:
        raise MemberError("Choose a role from the list.")
    if organisation is not None and organisation.area_id != membership.area_id:
        raise MemberError("Choose one of this area's organisations.")
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if locked.role == Role.AREA_ADMIN and role != Role.AREA_ADMIN:
            _keep_an_admin(locked)
        changes: dict[str, Any] = {}
        if locked.role != role:
            changes["role"] = {"before": locked.role, "after": role}
        if locked.organisation_id != (organisation.pk if organisation else None):
            changes["organisation"] = {
                "before": str(locked.organisation or ""),
                "after": str(organisation or ""),
            }
        if not changes:
            return
        locked.role, locked.organisation = role, organisation
        locked.save(update_fields=["role", "organisation"])
        if "role" in changes:
            roles_changed(user_id=locked.user_id)
        record_event(
            obj=locked,
            by=by,
            action="member.changed",
            summary=f"Changed {locked.user.get_username()}",
            changes=changes,
        )


def remove_member(*, membership: Membership, by: Any) -> None:
    with transaction.atomic():
        locked = (
            Membership.objects.select_for_update()
            .select_related("user", "area")
            .get(pk=membership.pk)
        )
        if locked.role == Role.AREA_ADMIN:
            _keep_an_admin(locked)
        record_event(
            obj=locked,
            by=by,
            action="member.removed",
            summary=f"Removed {locked.user.get_username()} ({locked.get_role_display()})",
            changes={"user": locked.user_id, "role": locked.role},
        )
        locked.delete()


def _keep_an_admin(membership: Membership) -> None:
    others = Membership.objects.filter(area_id=membership.area_id, role=Role.AREA_ADMIN).exclude(
        pk=membership.pk
    )
    if not others.exists():
        raise MemberError(
            "An area needs at least one area admin: give someone else the role first."
        )


def add_organisation(*, area: LocalArea, by: Any, name: str, kind: str) -> Organisation:
    name = " ".join(name.split())
    if not name:
        raise MemberError("Enter the organisation's name.")
    with transaction.atomic():
        if Organisation.objects.filter(area=area, name__iexact=name).exists():
            raise MemberError(f"{name} is already one of {area.name}'s organisations.")
        organisation = Organisation.objects.create(area=area, name=name, kind=kind)
        record_event(
            obj=organisation,
            by=by,
            action="organisation.added",
            summary=f"Added organisation {name}",
            changes={"kind": kind},
        )
    return organisation
