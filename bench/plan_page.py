"""Worcestershire's plan page over HTTP against a static file from the same server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_demo \
        uv run python bench/plan_page.py [--requests 300] [--no-cache] [--redis URL]

Serves the app as the README deploys it (`gunicorn -c python:wsoa.config.gunicorn`) on the
database given, which must hold the demo (`uv run wsoa demo --no-serve` with the same DATABASE_URL;
migrated here first), signs in as worcestershire-contributor, then requests the plan page and
a static file in turn and prints p50/p95 of each and their ratio (goal ≤ 5×; issue 16 §3).
`--no-cache` serves with no cache (the page built for every request, as before caching);
`--redis` points the cache at Redis as a deployment of several app servers does.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
STATIC = "/static/build/wsoa.css"
NO_CACHE_SETTINGS = "bench_settings_nocache"


@contextlib.contextmanager
def gunicorn(port: int, **options: Any) -> Iterator[str]:
    """Serve wsoa as the README deploys it on 127.0.0.1:port; yield its address."""
    with gunicorn_process(port, **options) as (host, _):
        yield host


@contextlib.contextmanager
def gunicorn_process(
    port: int,
    *,
    workers: int | None = None,
    env: dict[str, str] | None = None,
    extra: Sequence[str] = (),
) -> Iterator[tuple[str, int]]:
    """Serve wsoa with wsoa.config.gunicorn (a process per core unless `workers` is given);
    yield its address and its process group's id."""
    environ = {**os.environ, **(env or {}), "PYTHONPATH": f"{ROOT / 'src'}:{BENCH}"}
    command = [
        sys.executable, "-m", "gunicorn", "-c", "python:wsoa.config.gunicorn",
        *(["--workers", str(workers)] if workers else []),
        "--bind", f"127.0.0.1:{port}", "--log-level", "warning", *extra,
    ]  # fmt: skip
    server = subprocess.Popen(command, env=environ, cwd=ROOT, start_new_session=True)
    host = f"http://127.0.0.1:{port}"
    try:
        _wait_for(host)
        yield host, server.pid
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # requests still in threads after the run
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _wait_for(host: str) -> None:
    import requests

    for _ in range(600):
        with contextlib.suppress(requests.ConnectionError):
            requests.get(f"{host}{STATIC}", timeout=5)
            return
        time.sleep(0.1)
    sys.exit(f"gunicorn did not answer at {host}")


def sign_in(session, host: str, username: str, password: str = "demo-password-1") -> None:  # noqa: S107
    """Sign in through the sign-in page as a browser does."""
    page = session.get(f"{host}/sign-in/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, "no sign-in form"
    data = {"csrfmiddlewaretoken": token.group(1), "login": username, "password": password}
    answer = session.post(f"{host}/sign-in/", data=data, headers={"Referer": f"{host}/sign-in/"})
    assert "sessionid" in session.cookies, f"sign-in failed: {answer.status_code}"


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(host: str, requests_: int) -> None:
    import requests

    session = requests.Session()
    sign_in(session, host, "worcestershire-contributor")
    areas = session.get(f"{host}/areas/worcestershire/").text
    found = re.search(r'href="(/areas/worcestershire/plans/\d+/)"', areas)
    assert found, "Worcestershire's plan is not in the database: run wsoa demo --no-serve"
    page = found.group(1)
    timings: dict[str, list[float]] = {page: [], STATIC: []}
    sizes = {}
    for url in timings:
        for _ in range(20):  # warm every worker: templates compiled, cache filled
            sizes[url] = len(session.get(f"{host}{url}").content)
    for _ in range(requests_):
        for url, times in timings.items():
            started = time.perf_counter()
            response = session.get(f"{host}{url}")
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    print(f"{'request':34} {'p50 ms':>8} {'p95 ms':>8} {'KB':>6}")
    for url, times in timings.items():
        name = "plan page (Worcestershire)" if url == page else f"static {STATIC}"
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        print(f"{name:34} {p50:8.1f} {p95:8.1f} {sizes[url] / 1024:6.0f}")
    page_p50, static_p50 = statistics.median(timings[page]), statistics.median(timings[STATIC])
    print(f"plan page / static file at p50: {page_p50 / static_p50:.1f}× (goal ≤ 5×)")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--no-cache", action="store_true", help="Serve with no cache at all.")
    parser.add_argument("--redis", default="", help="WSOA_REDIS_URL for the cache.")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database holding the demo.")
    env = {"WSOA_ENV": "bench", "WSOA_REDIS_URL": args.redis}
    subprocess.run([Path(sys.executable).parent / "wsoa", "migrate", "-v0"], check=True, cwd=ROOT)
    if args.no_cache:
        env["DJANGO_SETTINGS_MODULE"] = NO_CACHE_SETTINGS
    print(f"cache: {'none' if args.no_cache else args.redis or 'per-process memory'}")
    with gunicorn(args.port, env=env) as host:
        measure(host, args.requests)


if __name__ == "__main__":
    main()
