"""Shared fixtures: seed files, personas by role, and a plan at each of two areas."""

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import Client

from factories import (
    LocalAreaFactory,
    MembershipFactory,
    UserFactory,
    build_plan,
)
from submitting import FormClient
from totp import activate_totp
from wsoa.core.auth import must_set_up_two_factor
from wsoa.core.models import LocalArea, Role
from wsoa.plans.models import Item, Plan

SEEDS = Path(__file__).resolve().parents[1] / "src" / "wsoa" / "documents" / "seeds"

# Tests hash with a fast hasher first: PBKDF2 is slow by design (0.5–3 s a password on a loaded
# machine) and every user a test makes is hashed. Production keeps settings.py's list; the slow
# hashers stay after this one so passwords hashed with them still check.
settings.PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    *[h for h in settings.PASSWORD_HASHERS if not h.endswith(".MD5PasswordHasher")],
]
get_hashers.cache_clear()
get_hashers_by_algorithm.cache_clear()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """On SQLite, test in a file of this run's own (on a RAM disk where there is one).

    SQLite's shared in-memory database locks whole tables and refuses a second writer at
    once, so two requests at the same moment could not be tested as the real file database
    runs them: the second waits for the first's transaction, then goes on.
    """
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        ram_disk = Path("/dev/shm")  # noqa: S108 — a folder for this run's own file
        folder = ram_disk if ram_disk.is_dir() else Path(tempfile.gettempdir())
        name = str(folder / f"wsoa-test-{os.getpid()}.sqlite3")
        database.setdefault("TEST", {})["NAME"] = name


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start each test with no rate-limit counts or used two-factor codes from another."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seeds() -> Path:
    return SEEDS


@pytest.fixture
def area(db: None) -> LocalArea:
    return LocalAreaFactory(name="Hartlepool", slug="hartlepool")


@pytest.fixture
def other_area(db: None) -> LocalArea:
    return LocalAreaFactory(name="Stockton-on-Tees", slug="stockton-on-tees")


def _member(area: LocalArea, role: str):
    return MembershipFactory(area=area, role=role, user=UserFactory(username=f"{role}-user")).user


@pytest.fixture
def area_admin(area: LocalArea):
    """The area admin at Hartlepool: manages members and every plan."""
    return _member(area, Role.AREA_ADMIN)


@pytest.fixture
def plan_manager(area: LocalArea):
    """The SEND improvement project manager at Hartlepool."""
    return _member(area, Role.PLAN_MANAGER)


@pytest.fixture
def forum_rep(area: LocalArea):
    """A parent carer forum representative at Hartlepool: reads and comments."""
    return _member(area, Role.FORUM_REP)


@pytest.fixture
def contributor(area: LocalArea):
    """An action owner who updates progress at Hartlepool."""
    return _member(area, Role.CONTRIBUTOR)


@pytest.fixture
def board_member(area: LocalArea):
    """A board member who reads the plan at Hartlepool."""
    return _member(area, Role.BOARD_MEMBER)


@pytest.fixture
def other_area_user(other_area: LocalArea):
    """An area admin of Stockton-on-Tees, with no role at Hartlepool."""
    user = UserFactory(username="stockton-admin")
    MembershipFactory(area=other_area, role=Role.AREA_ADMIN, user=user)
    return user


@pytest.fixture
def anonymous() -> AnonymousUser:
    return AnonymousUser()


@pytest.fixture
def client_for(db: None) -> Callable[[object], Client]:
    """Return a function giving a test client signed in as a user (or not, for anonymous).

    Managers must use two-factor authentication, so they are given an authenticator app first.
    Its posts carry a fresh submission token unless the test gives one (`submitting.py`).
    """

    def make(user: object) -> Client:
        client = FormClient()
        if getattr(user, "is_authenticated", False):
            if must_set_up_two_factor(user):
                activate_totp(user)
            client.force_login(user)
        return client

    return make


@pytest.fixture
def persona(request: pytest.FixtureRequest):
    """Resolve a persona fixture by name, for tests parametrized over personas."""
    return request.getfixturevalue(request.param)


@pytest.fixture
def plan(area: LocalArea) -> Plan:
    return build_plan(area)


@pytest.fixture
def item(plan: Plan) -> Item:
    return plan.items.get(number="1.1")


@pytest.fixture
def other_plan(other_area: LocalArea) -> Plan:
    return build_plan(other_area, objectives=1, actions=1)
