"""Back-pressure: a saturated app server answers 503 at once rather than after tens of seconds.

Each process works on at most `WSOA_REQUESTS_AT_ONCE` requests at a time; a request waits for
one of these slots for at most `WSOA_REQUEST_WAIT_SECONDS`, counted from when it reached the
server (`ARRIVED`, noted by wsoa's gunicorn worker while the request waits for a thread), and
is then answered with the 503 page and `Retry-After`, having touched nothing. Password checks
(PBKDF2, about a third of a second of a core each) have slots of their own
(`WSOA_PASSWORD_CHECKS_AT_ONCE`): a sign-in gives its request slot back while it waits for one
and hashes, so a burst of sign-ins queues behind itself instead of in front of every page.
Health checks are never held back. ADR 0031.
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import hashers
from django.http import HttpRequest, HttpResponse

from wsoa.ops.outage import unavailable

RETRY_AFTER_SECONDS = 5
EXEMPT_PATHS = frozenset({"/healthz", "/readyz"})
# Sign-ins that may wait for each password slot; more are answered 503 at once, so that
# waiting sign-ins never take every thread of a process from the pages.
PASSWORD_CHECKS_WAITING = 4

# When the request reached the server (time.monotonic()), set by wsoa.ops.serving's worker
# for the thread handling it; None when served another way (runserver, the test client).
ARRIVED: contextvars.ContextVar[float | None] = contextvars.ContextVar("arrived", default=None)


class ServerBusy(Exception):
    """No slot came free in time: answer 503, nothing having been done."""


class Slots:
    """At most `at_once` holders; others queue in order until their deadline."""

    def __init__(self, name: str, at_once: int, *, may_wait: int | None = None) -> None:
        self.name, self.at_once, self.may_wait = name, at_once, may_wait
        self.running = 0
        self._lock = threading.Lock()
        self._queue: deque[threading.Event] = deque()

    def take(self, deadline: float | None, *, first: bool = False) -> None:
        """Take a slot, waiting until `deadline` (monotonic; None: as long as it takes)."""
        with self._lock:
            if self.running < self.at_once and not self._queue:
                self.running += 1
                return
            if self.may_wait is not None and len(self._queue) >= self.may_wait and not first:
                raise ServerBusy(self.name)
            turn = threading.Event()
            self._queue.appendleft(turn) if first else self._queue.append(turn)
        timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
        if turn.wait(timeout):
            return
        with self._lock:
            if turn.is_set():  # handed over just as the wait ended
                return
            self._queue.remove(turn)
        raise ServerBusy(self.name)

    def give_back(self) -> None:
        """Hand the slot straight to the first in the queue, or free it."""
        with self._lock:
            if self._queue:
                self._queue.popleft().set()
            else:
                self.running -= 1


@dataclass(frozen=True)
class Held:
    """The request slot the current request holds, and when it must have started by."""

    slots: Slots
    deadline: float


HELD: contextvars.ContextVar[Held | None] = contextvars.ContextVar("held", default=None)


class BackPressure:
    """Let a request in only when one of the process's slots is free within the wait."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.slots = Slots("requests", settings.WSOA_REQUESTS_AT_ONCE)
        self.wait = settings.WSOA_REQUEST_WAIT_SECONDS

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path in EXEMPT_PATHS:
            return self.get_response(request)
        arrived = ARRIVED.get()
        if arrived is not None and time.monotonic() - arrived >= self.wait:
            return busy()  # waited its time for a thread already: no use starting it now
        deadline = (arrived or time.monotonic()) + self.wait
        try:
            self.slots.take(deadline)
        except ServerBusy:
            return busy()
        token = HELD.set(Held(self.slots, deadline))
        try:
            return self.get_response(request)
        finally:
            HELD.reset(token)
            self.slots.give_back()

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A view stopped because no password slot came free: 503, not an error."""
        return busy() if isinstance(exception, ServerBusy) else None


def busy() -> HttpResponse:
    """The 503 page, telling the client when to try again."""
    response = unavailable()
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Not an error: the request line (wsoa.ops.logs) records the 503 at INFO, and a saturated
    # server would otherwise add an ERROR line for each request it turns away.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


_password_slots: Slots | None = None
_making = threading.Lock()


def password_slots() -> Slots:
    """This process's password slots (made again if the setting changed, as in tests)."""
    global _password_slots
    at_once = settings.WSOA_PASSWORD_CHECKS_AT_ONCE
    with _making:
        if _password_slots is None or _password_slots.at_once != at_once:
            may_wait = at_once * PASSWORD_CHECKS_WAITING
            _password_slots = Slots("password checks", at_once, may_wait=may_wait)
        return _password_slots


@contextlib.contextmanager
def password_turn() -> Iterator[None]:
    """Hash in a password slot, lending the request's slot meanwhile (outside one: no limit).

    The hash runs in C without Python's global lock, so it needs no request slot: pages go on
    while it runs. The slot is taken back, ahead of the queue, to finish the response.
    """
    held = HELD.get()
    if held is None:  # a command, the demo's set-up, a test: nothing to share
        yield
        return
    slots = password_slots()
    held.slots.give_back()
    try:
        slots.take(held.deadline)
        try:
            yield
        finally:
            slots.give_back()
    finally:
        held.slots.take(None, first=True)


class PBKDF2PasswordHasher(hashers.PBKDF2PasswordHasher):
    """Django's PBKDF2-SHA256 unchanged (same name, cost and stored form), in password slots."""

    def encode(self, password: str, salt: str, iterations: int | None = None) -> str:
        with password_turn():
            return super().encode(password, salt, iterations)
