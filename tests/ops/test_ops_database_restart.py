"""The database restarted under load: a clean 503 meanwhile, no half-written rows, and recovery.

The test makes its own PostgreSQL cluster (never the shared server), copies the test database's
schema into it, serves wsoa from it with gunicorn as deployed, and keeps reading an item page
and adding comments in threads while it stops the cluster (`pg_ctl stop -m fast`, which ends
every open transaction), waits, and starts it again. gunicorn is never restarted.

It runs in the PostgreSQL run of the suite: the schema comes from the test database there, as
migrating a new cluster from nothing takes longer than the whole test.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
from django.db import connection
from pg_cluster import Cluster, binaries, free_port

# The mark makes pytest-django create the test database, whose schema the cluster copies.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("database_restart")]
HERE = Path(__file__).resolve().parent
SECRET = "db-pass-must-not-leak"
UNAVAILABLE = "Sorry, the service is unavailable"


@dataclass
class Sent:
    kind: str  # "read" or "write"
    state: str  # the database's state when the request was sent
    end: str  # and when its answer came
    status: int
    body: str
    retry_after: str | None
    marker: str = ""


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker) -> Iterator[Cluster]:
    with django_db_blocker.unblock():  # the test database's settings, not the configured ones
        source = dict(connection.settings_dict)
    bin_dir = binaries()
    if bin_dir is None:
        pytest.skip("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
    if connection.vendor != "postgresql":
        pytest.skip(
            "runs with the suite on PostgreSQL: the cluster's schema is copied from its test "
            "database (DATABASE_URL=postgres://…)"
        )
    made = Cluster(bin_dir).create()
    try:
        with psycopg.connect(made.url("postgres"), autocommit=True) as admin:
            admin.execute("CREATE DATABASE wsoa")
        _copy_schema(source, made, Path(made.folder) / "schema.dump")
        yield made
    finally:
        made.destroy()


def _copy_schema(source: dict, cluster: Cluster, dump: Path) -> None:
    env = {**os.environ, "PGHOST": source["HOST"] or "localhost", "PGUSER": source["USER"]}
    env |= {"PGPORT": str(source["PORT"] or 5432), "PGPASSWORD": source["PASSWORD"] or ""}
    subprocess.run(
        ["pg_dump", "--format=custom", f"--file={dump}", source["NAME"]],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", f"--dbname={cluster.url('wsoa')}", dump],
        check=True, capture_output=True,
    )  # fmt: skip


@pytest.fixture(scope="module")
def server(cluster: Cluster, tmp_path_factory) -> Iterator[dict]:
    folder = tmp_path_factory.mktemp("served")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WSOA_", "PYTEST_"))}
    env |= {
        "DATABASE_URL": cluster.url("wsoa", SECRET),
        "WSOA_VAR_DIR": str(folder),
        "WSOA_SECRET_KEY": "fault-test-secret-key",
        "WSOA_LOG_FORMAT": "json",
        "WSOA_LOG_LEVEL": "INFO",
        "PYTHONPATH": str(HERE.parent),
    }
    port = free_port()
    log = (folder / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:wsoa.config.gunicorn",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "20"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        # The area, plan and contributor are added while gunicorn starts.
        made = subprocess.run(
            [sys.executable, str(HERE / "fault_site.py")],
            env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        site = json.loads(made.stdout.strip().splitlines()[-1])
        _wait_until_serving(port, process)
        yield {**site, "port": port, "log": folder / "gunicorn.log", "process": process}
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _wait_until_serving(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn stopped while starting"
        try:
            if _request(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not start serving within a minute")


def _request(
    port: int, method: str, path: str, *, cookies: str = "", form: dict | None = None
) -> tuple[int, str, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    headers = {"Host": "127.0.0.1", "Cookie": cookies}
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        given = {k.lower(): v for k, v in response.getheaders() if k.lower() != "set-cookie"}
        given["cookies"] = "; ".join(
            v.split(";", 1)[0] for k, v in response.getheaders() if k.lower() == "set-cookie"
        )
        return response.status, text, given
    finally:
        conn.close()


def _hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]+)"', page)
    assert found, f"no {name} on the page"
    return found.group(1)


def _sign_in(port: int, username: str) -> str:
    status, page, headers = _request(port, "GET", "/sign-in/")
    assert status == 200
    csrf_cookie = headers["cookies"]
    form = {"login": username, "password": "correct-horse-battery"}
    form["csrfmiddlewaretoken"] = _hidden(page, "csrfmiddlewaretoken")
    status, _, headers = _request(port, "POST", "/sign-in/", cookies=csrf_cookie, form=form)
    assert status == 302, "signing in failed"
    return f"{csrf_cookie}; {headers['cookies']}"


class Load:
    """Readers and writers in threads, each request noted with the database's state."""

    def __init__(self, port: int, cookies: str, item_path: str) -> None:
        self.port, self.cookies, self.item = port, cookies, item_path
        self.state = "up"
        self.sent: list[Sent] = []
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.count = 0

    def _note(self, kind: str, state: str, answer: tuple, marker: str = "") -> None:
        status, body, headers = answer
        entry = Sent(kind, state, self.state, status, body, headers.get("retry-after"), marker)
        with self.lock:
            self.sent.append(entry)

    def read(self) -> None:
        while not self.stop.is_set():
            state = self.state
            self._note("read", state, _request(self.port, "GET", self.item, cookies=self.cookies))
            time.sleep(0.02)

    def write(self, name: str) -> None:
        while not self.stop.is_set():
            state = self.state
            shown = _request(self.port, "GET", self.item + "comment/", cookies=self.cookies)
            if shown[0] != 200:
                self._note("write-form", state, shown)
                time.sleep(0.05)
                continue
            with self.lock:
                self.count += 1
                marker = f"fault-{name}-{self.count}"
            form = {"text": marker, "csrfmiddlewaretoken": _hidden(shown[1], "csrfmiddlewaretoken")}
            form["submission_token"] = _hidden(shown[1], "submission_token")
            state = self.state
            answer = _request(
                self.port, "POST", self.item + "comment/", cookies=self.cookies, form=form
            )
            self._note("write", state, answer, marker)

    def succeeded(self, state: str) -> set[str]:
        """The kinds of request sent in this state of the database that succeeded."""
        with self.lock:
            return {s.kind for s in self.sent if s.state == state and s.status in (200, 302)}

    def wait_for_success(self, state: str, what: str) -> None:
        deadline = time.monotonic() + 20
        while not {"read", "write"} <= self.succeeded(state):
            assert time.monotonic() < deadline, what
            time.sleep(0.05)


def test_a_database_restart_gives_a_clean_503_then_recovers_with_nothing_half_written(
    cluster, server
):
    port = server["port"]
    item = f"/areas/faulton/plans/{server['plan']}/items/{server['item']}/"
    load = Load(port, _sign_in(port, server["username"]), item)
    threads = [threading.Thread(target=load.read) for _ in range(2)]
    threads += [threading.Thread(target=load.write, args=(f"w{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    try:
        load.wait_for_success("up", "reads and comments did not work before the restart")
        load.state = "stopping"
        cluster.stop("fast")
        load.state = "down"
        time.sleep(1.5)
        alive = _request(port, "GET", "/healthz")
        load.state = "starting"
        cluster.start()
        load.state = "up again"
        load.wait_for_success("up again", "the service did not recover by itself")
    finally:
        load.stop.set()
        for thread in threads:
            thread.join(timeout=20)

    sent = load.sent
    assert alive[0] == 200 and alive[1] == "ok", "/healthz needs no database"
    odd = [
        (s.kind, s.state, s.status, s.body[:300]) for s in sent if s.status not in (200, 302, 503)
    ]
    assert not odd, f"only pages, redirects and the 503 page: {odd}"
    while_down = [s for s in sent if s.state == s.end == "down"]
    assert while_down and all(s.status == 503 for s in while_down)
    for page in (s for s in sent if s.status == 503):
        assert UNAVAILABLE in page.body and page.retry_after == "30"
        for leak in ("Traceback", SECRET, "OperationalError", "psycopg", str(cluster.port)):
            assert leak not in page.body
    _assert_writes_whole(cluster, sent)
    _assert_logged_and_not_restarted(server, load)


def _assert_writes_whole(cluster: Cluster, sent: list[Sent]) -> None:
    """Every comment has its audit event; every write answered "saved" is there."""
    with psycopg.connect(cluster.url("wsoa")) as db:
        comments = dict(db.execute("SELECT text, id FROM progress_comment").fetchall())
        audited = {
            int(row[0])
            for row in db.execute(
                "SELECT changes->>'comment' FROM core_auditevent WHERE action = 'comment.added'"
            )
        }
    writes = [s for s in sent if s.kind == "write"]
    saved = {s.state for s in writes if s.status == 302}
    assert {"up", "up again"} <= saved, "comments were saved before the stop and after the start"
    assert set(comments.values()) == audited, "a comment without its audit event, or the reverse"
    assert set(comments) <= {s.marker for s in writes}
    for write in writes:
        if write.status == 302:
            assert write.marker in comments, f"{write.marker} was answered saved but is missing"


def _assert_logged_and_not_restarted(server: dict, load: Load) -> None:
    assert server["process"].poll() is None
    lines = server["log"].read_text().splitlines()
    logged = [json.loads(line) for line in lines if line.startswith("{")]
    requests = [entry for entry in logged if entry["logger"] == "wsoa.request"]
    assert any(entry["status"] == 503 for entry in requests)
    assert all(len(entry["request_id"]) == 32 for entry in requests)
    assert SECRET not in "\n".join(lines)
    assert sum("Booting worker" in line for line in lines) == 2, "a worker was restarted"
