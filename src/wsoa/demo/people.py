"""The demo's people: an account per role in every area, each with a name, and item owners.

Usernames stay `<area>-<role>` (e.g. `worcestershire-contributor`) with one password, so notes
and scripts keep working. The contributor signs in as the person who leads most items;
other leads get accounts of their own (`<area>-owner-2`…), so updates come from several people.
Managers and casework staff get an authenticator app set up, with the secret and recovery
codes printed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import Count, Q

from wsoa.casework.clock import ADVICE_SERVICES
from wsoa.casework.models import CaseworkRole, CaseworkRoleKind
from wsoa.core.models import MANAGING_ROLES, LocalArea, Membership, Role
from wsoa.plans.models import ItemPerson, Person, Plan
from wsoa.progress import services

DEMO_PASSWORD = "demo-password-1"  # noqa: S105 — printed for the local demo only
OWNERS = 4  # accounts (the contributor and three more) that report on a plan's items
# Fictional names for the demo's accounts that are not people of the plan.
FIRST = [
    "Aisha", "Ben", "Catherine", "Daniel", "Eleanor", "Farah", "Gareth", "Hannah", "Imran",
    "Joanna", "Kieran", "Laura", "Mohammed", "Naomi", "Owen", "Priya", "Rachel", "Simon",
    "Tom", "Una", "Victoria", "William", "Yasmin", "Zoe",
]  # fmt: skip
LAST = [
    "Ahmed", "Bennett", "Clarke", "Davies", "Evans", "Fletcher", "Green", "Hughes", "Iqbal",
    "Jones", "Kaur", "Lewis", "Morgan", "Nowak", "O'Brien", "Patel", "Quinn", "Roberts",
    "Shaw", "Taylor", "Walsh", "Young",
]  # fmt: skip
JOB = {
    Role.AREA_ADMIN: "SEND business support manager",
    Role.PLAN_MANAGER: "SEND improvement programme manager",
    Role.BOARD_MEMBER: "Independent chair, SEND improvement board",
    Role.FORUM_REP: "Parent carer forum co-chair",
}


@dataclass
class Account:
    """A demo account and how to sign in with it."""

    username: str
    name: str
    role: str
    area: str
    secret: str = ""
    codes: tuple[str, ...] = ()


def username_for(area: LocalArea, role: str) -> str:
    return f"{area.slug}-{role.replace('_', '-')}"


@cache
def _demo_password_hash() -> str:
    """The demo password hashed once: hashing is slow by design, and every account shares it."""
    return make_password(DEMO_PASSWORD)


def _account(username: str, name: str) -> Any:
    users = get_user_model()
    user, _ = users.objects.get_or_create(username=username)
    user.first_name, _, user.last_name = name.partition(" ")
    user.email = f"{username}@example.org"
    user.password = _demo_password_hash()
    user.save()
    return user


def _fictional_names(area: LocalArea, count: int) -> list[str]:
    rng = random.Random(f"names:{area.name}")  # noqa: S311 — demo data, not security
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in names:
            names.append(name)
    return names


def leads_by_load(plan: Plan) -> list[Person]:
    """The plan's people who lead items, busiest first."""
    leads = Q(item_roles__part=ItemPerson.Part.LEAD)
    return list(
        Person.objects.filter(plan=plan)
        .annotate(led=Count("item_roles", filter=leads))
        .filter(led__gt=0)
        .order_by("-led", "name", "pk")
    )


def create_area_accounts(area: LocalArea) -> list[Account]:
    """An account per role for the area (named, with membership), plus owners of its items."""
    plan = area.plans.order_by("pk").first()
    leads = leads_by_load(plan) if plan is not None else []
    names = iter(_fictional_names(area, len(Role) + OWNERS))
    accounts = []
    for role in Role:
        username = username_for(area, role.value)
        person = leads[0] if role == Role.CONTRIBUTOR and leads else None
        name = person.name if person is not None else next(names)
        user = _account(username, name)
        Membership.objects.update_or_create(user=user, area=area, defaults={"role": role})
        if person is not None and person.user_id is None:
            services.link_person(person=person, user=user, by="wsoa demo")
        accounts.append(Account(username, name, role.label, area.name, *_two_factor(user, role)))
    for number in range(2, OWNERS + 1):
        person = leads[number - 1] if len(leads) >= number else None
        name = person.name if person is not None else next(names)
        username = f"{area.slug}-owner-{number}"
        user = _account(username, name)
        Membership.objects.update_or_create(
            user=user, area=area, defaults={"role": Role.CONTRIBUTOR}
        )
        if person is not None and person.user_id is None:
            services.link_person(person=person, user=user, by="wsoa demo")
        accounts.append(Account(username, name, Role.CONTRIBUTOR.label, area.name))
    return accounts


def casework_accounts(area: LocalArea) -> list[Account]:
    """The area's casework people (roles separate from plan roles, no plan membership): a
    caseworker, a casework manager and an advice giver for each service, fictionally named."""
    plan_names = len(Role) + OWNERS
    names = iter(_fictional_names(area, plan_names + 2 + len(ADVICE_SERVICES))[plan_names:])
    wanted = [
        (CaseworkRoleKind.CASEWORKER, "", "caseworker", "Caseworker"),
        (CaseworkRoleKind.MANAGER, "", "casework-manager", "Casework manager"),
    ] + [
        (CaseworkRoleKind.ADVICE_GIVER, key, f"advice-{key.replace('_', '-')}",
         f"Advice giver ({label.lower()})")
        for key, label in ADVICE_SERVICES.items()
    ]  # fmt: skip
    accounts = []
    for kind, service, suffix, label in wanted:
        name = next(names)
        user = _account(f"{area.slug}-{suffix}", name)
        CaseworkRole.objects.update_or_create(
            user=user, area=area, defaults={"role": kind, "service": service}
        )
        # every casework role sees children's data, so each must sign in with a code (ADR 0022)
        accounts.append(Account(user.username, name, label, area.name, *_authenticator(user)))
    return accounts


def _two_factor(user: Any, role: str) -> tuple[str, tuple[str, ...]]:
    """Give a manager an authenticator app (kept if there is one); return its secret and codes.

    The demo prints them so a manager can sign in straight away: type the secret into an
    authenticator app, or use a recovery code once. Real accounts set up their own at first
    sign-in; nothing here changes how two-factor is enforced.
    """
    if role not in MANAGING_ROLES:
        return "", ()
    return _authenticator(user)


def _authenticator(user: Any) -> tuple[str, tuple[str, ...]]:
    """The account's authenticator app (set up if it has none): its secret and two codes."""
    found = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if found is None:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
    else:
        secret = decrypt(found.data["secret"])
    codes = RecoveryCodes.activate(user).get_unused_codes()
    return secret, tuple(codes[:2])


def owner_accounts(area: LocalArea) -> list[Any]:
    """The area's demo accounts that report on items: the contributor, then the owners."""
    users = get_user_model()
    names = [username_for(area, Role.CONTRIBUTOR.value)]
    names += [f"{area.slug}-owner-{n}" for n in range(2, OWNERS + 1)]
    found = users.objects.in_bulk(names, field_name="username")
    return [found[name] for name in names if name in found]


def manager_account(area: LocalArea) -> Any:
    return get_user_model().objects.get(username=username_for(area, Role.PLAN_MANAGER.value))


def sign_in_lines(accounts: list[Account]) -> list[str]:
    """How to sign in as each account: username, name, role; managers' two-factor too."""
    lines = []
    for account in accounts:
        lines.append(f"{account.username:36} {account.name:24} {account.role}")
        if account.secret:
            lines.append(
                f"{'':36} two-factor: add secret {account.secret} to an authenticator app, "
                f"or use a recovery code: {' or '.join(account.codes)}"
            )
    return lines
