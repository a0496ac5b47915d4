"""Back-pressure: beyond its slots a process answers 503 with Retry-After within the wait.

Requests are sent from threads through one handler (one middleware, as in a server process),
to pages that hold their slot until the test lets them go (back_pressure_urls).
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import back_pressure_urls as pages
import pytest
from axes.models import AccessAttempt
from django.contrib.auth import hashers
from django.test import Client
from django.urls import reverse
from gunicorn.workers.gthread import ThreadWorker

from factories import UserFactory
from wsoa.config import gunicorn as gunicorn_config
from wsoa.ops import backpressure
from wsoa.ops.backpressure import ARRIVED, PBKDF2PasswordHasher, password_slots

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PASSWORD = "correct-horse-battery"


def assert_busy(response) -> None:
    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    assert "Sorry, the service is unavailable" in body
    assert "Traceback" not in body and "ServerBusy" not in body


@pytest.fixture
def slots(settings) -> Callable[..., Client]:
    """Set the slots and the wait; give clients sharing one handler (one middleware)."""
    pages.release.clear()
    shared: list[Client] = []

    def make(at_once: int = 1, wait: int = 0, passwords: int = 1) -> Client:
        settings.WSOA_REQUESTS_AT_ONCE = at_once
        settings.WSOA_REQUEST_WAIT_SECONDS = wait
        settings.WSOA_PASSWORD_CHECKS_AT_ONCE = passwords
        client = Client(raise_request_exception=False)
        if shared:
            client.handler = shared[0].handler
        else:
            client.get("/healthz")  # builds the middleware now, not in two threads at once
        shared.append(client)
        return client

    yield make
    pages.release.set()


@pytest.fixture
def background() -> Iterator[Callable[..., Future]]:
    with ThreadPoolExecutor(max_workers=4) as pool:
        yield pool.submit
        pages.release.set()


def hold_slots(count: int, client: Client, submit) -> list[Future]:
    held = [submit(client.get, "/hold/") for _ in range(count)]
    for _ in range(count):
        assert pages.entered.acquire(timeout=10), "a request did not reach the page"
    return held


@pytest.mark.urls("back_pressure_urls")
def test_a_request_beyond_the_slots_gets_503_with_retry_after_once_the_wait_is_over(
    slots, background, caplog
):
    client = slots(at_once=2, wait=1)
    held = hold_slots(2, client, background)

    started = time.monotonic()
    response = slots(at_once=2, wait=1).get("/page/")
    waited = time.monotonic() - started

    assert_busy(response)
    assert 0.9 <= waited < 5, waited  # the wait, not until a slot came free
    assert not [r for r in caplog.records if r.levelname == "ERROR"]  # turned away, not failed
    pages.release.set()
    assert [f.result(timeout=10).content for f in held] == [b"held", b"held"]
    assert client.get("/page/").content == b"page"


@pytest.mark.urls("back_pressure_urls")
def test_a_request_is_served_when_a_slot_comes_free_within_the_wait(slots, background):
    client = slots(at_once=1, wait=5)
    held = hold_slots(1, client, background)
    threading.Timer(0.3, pages.release.set).start()

    response = slots(at_once=1, wait=5).get("/page/")

    assert response.status_code == 200 and response.content == b"page"
    assert held[0].result(timeout=10).status_code == 200


@pytest.mark.urls("back_pressure_urls")
def test_slots_are_given_back_when_the_view_raises(slots):
    client = slots(at_once=1, wait=0)

    assert [client.get("/fail/").status_code for _ in range(3)] == [500, 500, 500]
    response = client.get("/page/")

    assert response.status_code == 200  # with a slot still taken it would be 503 at once


@pytest.mark.urls("back_pressure_urls")
def test_health_checks_answer_while_every_slot_is_held(slots, background):
    client = slots(at_once=1, wait=0)
    hold_slots(1, client, background)

    assert_busy(client.get("/page/"))
    response = client.get("/healthz")

    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.urls("back_pressure_urls")
def test_a_request_that_already_waited_in_the_servers_queue_gets_503_at_once(slots):
    client = slots(at_once=4, wait=5)
    token = ARRIVED.set(time.monotonic() - 6)  # as wsoa.ops.serving's worker notes it
    try:
        started = time.monotonic()
        response = client.get("/page/")
        assert time.monotonic() - started < 1
    finally:
        ARRIVED.reset(token)
    assert_busy(response)

    token = ARRIVED.set(time.monotonic() - 1)
    try:
        assert client.get("/page/").status_code == 200
    finally:
        ARRIVED.reset(token)


def _pbkdf2_user(username: str):
    user = UserFactory(username=username)
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "backpressuresalt", iterations=1000)
    user.save(update_fields=["password"])
    return user


@pytest.mark.django_db
def test_a_sign_in_with_every_password_slot_busy_gets_503_and_changes_nothing(slots):
    user = _pbkdf2_user("busy-signer")
    client = slots(at_once=4, wait=0, passwords=1)
    password_slots().take(None)  # another sign-in is hashing
    try:
        response = client.post(reverse("login"), {"login": user.username, "password": PASSWORD})
    finally:
        password_slots().give_back()

    assert_busy(response)
    assert "sessionid" not in client.cookies
    assert not AccessAttempt.objects.exists()  # not counted as a wrong password
    user.refresh_from_db()
    assert user.last_login is None
    answer = client.post(reverse("login"), {"login": user.username, "password": PASSWORD})
    assert answer.status_code == 302 and "sessionid" in client.cookies


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("back_pressure_urls")
def test_a_sign_in_waiting_for_a_password_slot_lends_its_request_slot_to_pages(slots, background):
    user = _pbkdf2_user("waiting-signer")
    signer = slots(at_once=1, wait=5, passwords=1)
    reader = slots(at_once=1, wait=5, passwords=1)
    password_slots().take(None)  # another sign-in is hashing
    try:
        data = {"login": user.username, "password": PASSWORD}
        signing_in = background(signer.post, reverse("login"), data)
        deadline = time.monotonic() + 10
        while not password_slots()._queue and time.monotonic() < deadline:
            time.sleep(0.01)
        assert password_slots()._queue, "the sign-in did not wait for a password slot"

        started = time.monotonic()
        page = reader.get("/page/")  # the only request slot is the sign-in's, lent

        assert page.status_code == 200 and time.monotonic() - started < 2
    finally:
        password_slots().give_back()
    assert signing_in.result(timeout=10).status_code == 302


def test_hashing_outside_a_request_is_not_held_back(settings):
    settings.WSOA_PASSWORD_CHECKS_AT_ONCE = 1
    password_slots().take(None)
    try:
        encoded = PBKDF2PasswordHasher().encode("a password", "somesalt", iterations=1000)
    finally:
        password_slots().give_back()

    assert encoded.startswith("pbkdf2_sha256$1000$somesalt$")


def test_the_hasher_is_djangos_pbkdf2_with_the_same_cost_and_stored_form():
    ours, djangos = PBKDF2PasswordHasher(), hashers.PBKDF2PasswordHasher()

    assert ours.algorithm == djangos.algorithm == "pbkdf2_sha256"
    assert ours.iterations == djangos.iterations  # Django's own cost, whatever the version
    assert ours.encode("pw", "salt1234", 2000) == djangos.encode("pw", "salt1234", 2000)
    assert djangos.verify("pw", ours.encode("pw", "salt5678", 2000))
    assert isinstance(hashers.get_hasher("pbkdf2_sha256"), PBKDF2PasswordHasher)


def test_gunicorn_config_gives_twice_as_many_threads_as_request_slots(settings):
    assert gunicorn_config.threads == 2 * settings.WSOA_REQUESTS_AT_ONCE
    assert gunicorn_config.preload_app is True
    module, name = gunicorn_config.worker_class.rsplit(".", 1)
    worker = getattr(__import__(module, fromlist=[name]), name)
    assert issubclass(worker, ThreadWorker)


def test_a_request_slot_setting_below_one_is_refused_with_its_name():
    env = {**os.environ, "WSOA_REQUESTS_AT_ONCE": "0", "PYTHONPATH": str(ROOT / "src")}
    found = subprocess.run(
        [sys.executable, "-c", "import wsoa.config.settings"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip

    assert found.returncode != 0
    assert "WSOA_REQUESTS_AT_ONCE must be a whole number of 1 or more" in found.stderr


def _get(port: int, path: str) -> tuple[int, str | None, float]:
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    answer = connection.getresponse()
    answer.read()
    connection.close()
    return answer.status, answer.getheader("Retry-After"), time.monotonic() - started


@pytest.mark.xdist_group("back_pressure_gunicorn")
def test_gunicorn_as_deployed_answers_requests_queued_past_the_wait_at_once(tmp_path):
    from pg_cluster import free_port

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WSOA_", "PYTEST_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "back_pressure_settings",
        "PYTHONPATH": f"{HERE}:{ROOT / 'src'}",
        "WSOA_VAR_DIR": str(tmp_path),
        "WSOA_REQUESTS_AT_ONCE": "1",  # so two threads
        "WSOA_REQUEST_WAIT_SECONDS": "2",
        "WEB_CONCURRENCY": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:wsoa.config.gunicorn",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_until_serving(port, server)
        with ThreadPoolExecutor(max_workers=4) as pool:
            running = pool.submit(_get, port, "/sleep/?s=5")  # takes the only slot
            time.sleep(0.5)
            waiting = pool.submit(_get, port, "/page/")  # the second thread, waits for it
            time.sleep(0.5)
            queued = [pool.submit(_get, port, "/page/") for _ in range(2)]  # no thread free
            results = [f.result(timeout=30) for f in (running, waiting, *queued)]
        assert results[0][0] == 200
        for status, retry_after, took in results[1:]:
            assert (status, retry_after) == (503, "5")
            # Answered when a thread took it, its wait being over; without the queue time it
            # would wait its own 2 s on the slot as well (about 4 s).
            assert took < 3.2, results
        assert _get(port, "/healthz")[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_until_serving(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn stopped"
        try:
            if _get(port, "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not answer")


def test_slots_hand_over_in_order_and_refuse_beyond_the_waiting_limit():
    slots = backpressure.Slots("test", 1, may_wait=1)
    slots.take(None)
    order: list[str] = []

    def wait_then_note(name: str) -> None:
        slots.take(time.monotonic() + 10)
        order.append(name)
        slots.give_back()

    first = threading.Thread(target=wait_then_note, args=["first"])
    first.start()
    while not slots._queue:
        time.sleep(0.01)
    with pytest.raises(backpressure.ServerBusy):
        slots.take(time.monotonic() + 10)  # one waits already: refused at once
    slots.give_back()
    first.join(timeout=10)

    assert order == ["first"] and slots.running == 0
