"""App servers as they are deployed: gunicorn processes on the test database and one S3 store."""

from __future__ import annotations

import re
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import requests

from managed_process import ManagedProcess, database_url

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN_INPUT = re.compile(r'name="submission_token" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class AppServer(ManagedProcess):
    """`gunicorn wsoa.config.wsgi` with one worker, on a port of its own."""

    def __init__(self, environ: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [sys.executable, "-m", "gunicorn", "wsoa.config.wsgi", "--workers", "1"]
        super().__init__(
            [*args, "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"],
            {**environ, "WSOA_ALLOWED_HOSTS": "127.0.0.1"},
        )

    def wait_until_serving(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.is_running, self.errors()
            try:
                requests.get(f"{self.url}/sign-in/", timeout=10)
            except requests.RequestException:  # not listening yet, or still loading
                time.sleep(0.1)
            else:
                return
        raise AssertionError(f"{self.url} did not start: {self.errors()}")

    def errors(self) -> str:
        """What the server printed (warnings and errors: its log level is `warning`)."""
        return self.output()


@contextmanager
def app_servers(count: int, environ: dict[str, str]) -> Iterator[list[AppServer]]:
    """Start `count` app servers at once and wait for each; stop them all afterwards."""
    with ExitStack() as stack:
        servers = [AppServer({"DATABASE_URL": database_url(), **environ}) for _ in range(count)]
        for server in servers:
            stack.callback(server.stop)
        for server in servers:
            server.wait_until_serving()
        yield servers


def signed_in(session_key: str) -> requests.Session:
    """A browser session carrying a Django session cookie made by the test client."""
    browser = requests.Session()
    browser.cookies.set("sessionid", session_key, domain="127.0.0.1")
    return browser


def send_form(browser: requests.Session, url: str, data: dict, files: dict) -> requests.Response:
    """Open the form page, then post it as a browser does: CSRF and submission tokens."""
    page = browser.get(url, timeout=30)
    assert page.status_code == 200, page.status_code
    csrf = CSRF_INPUT.search(page.text)
    token = TOKEN_INPUT.search(page.text)
    assert csrf and token, "the form has no CSRF or submission token"
    fields = {**data, "csrfmiddlewaretoken": csrf.group(1), "submission_token": token.group(1)}
    return browser.post(
        url, data=fields, files=files, headers={"Referer": url}, allow_redirects=False, timeout=30
    )
