"""The monthly cycle under load: Locust against gunicorn on the national-scale database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        uv run python bench/load.py [--database wsoa_bench] [--users 50 200] [--time 60s]

Needs the database bench/national_scale.py made (153 areas × 205 items × 36 months). Migrates
it, gives each area's plan manager an authenticator, a board and a published public page
(once), then serves wsoa as the README deploys it (`gunicorn -c python:wsoa.config.gunicorn`: a
process per core with threads, back-pressure on; the cache in Redis, packs made by a
`wsoa worker` beside it) and runs Locust headless on loopback for each number of users
(`bench/locustfile_cycle.py`: owners sign in, read, post updates with evidence and look at the
scorecard and public pages; managers sign in with a code, confirm ratings and ask for a board
pack now and then; 1–3 s think time).

Prints, per request kind and for sign-in, pages and forms as groups: count, p50/p95/p99, errors,
and the requests refused by back-pressure (503 with Retry-After: deliberate, not errors); then
the throughput and where the CPU went (app servers, PostgreSQL, the worker, Locust itself), and
so where the ceiling is. Goal (issue 16 §3): at 50 users p95 ≤ 300 ms for pages and no errors;
at 200 users no errors but deliberate back-pressure.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plan_page import gunicorn_process

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
PASSWORD = "bench-password-1"  # noqa: S105 — bench/national_scale.py's
REDIS = "redis://127.0.0.1:6379/11"
BROKER = "redis://127.0.0.1:6379/12"


def use_database(name: str) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to the PostgreSQL server of bench/national_scale.py.")
    os.environ["DATABASE_URL"] = f"{url.rsplit('/', 1)[0]}/{name}"


def prepare(path: Path, count: int, *, signed_in: bool) -> None:
    """Write what the Locust users need: each area's URLs, accounts and codes (and, with
    `signed_in`, a session for each owner, so that owners start signed in)."""
    import django

    django.setup()
    from django.urls import reverse

    from wsoa.core.models import LocalArea
    from wsoa.public.models import PublishedSnapshot

    areas = [_area(area) for area in LocalArea.objects.order_by("slug")[:count]]
    public = [
        reverse("public:plan", args=[s.plan.area.slug, s.plan_id])
        for s in PublishedSnapshot.objects.select_related("plan__area")
    ]
    data = {"password": PASSWORD, "areas": areas, "public": public, "sessions": {}}
    if signed_in:
        data["sessions"] = _sessions([name for area in areas for name in area["owners"]])
    path.write_text(json.dumps(data), encoding="utf-8")
    print(f"{len(areas)} areas, {len(public)} published plans")


def _area(area: Any) -> dict[str, Any]:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from wsoa.plans.models import Board, Item, Person
    from wsoa.progress.models import ReportingPeriod

    plan = area.plans.get()
    manager = get_user_model().objects.get(username=f"manager-{area.slug[-3:]}")
    if not Authenticator.objects.filter(user=manager, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(manager, generate_totp_secret())
    secret = _plain_secret(manager)
    board = Board.objects.filter(plan=plan).first() or Board.objects.create(
        plan=plan, name="SEND Improvement Board", every_weeks=4
    )
    _publish(plan, manager)
    periods = ReportingPeriod.objects.filter(plan=plan).order_by("-start")
    period = next((p for p in periods if p.start <= _today() <= p.end), periods.first())
    own: dict[str, list[int]] = {}
    for person in Person.objects.filter(plan=plan, user__isnull=False).select_related("user"):
        own[person.user.username] = list(
            Item.objects.filter(people__person=person, depth=2).values_list("pk", flat=True)
        )
    slug = area.slug
    return {
        "plan": reverse("plans:plan", args=[slug, plan.pk]),
        "my_items": reverse("progress:my_items", args=[slug]),
        "scorecard": reverse("kpi:plan_scorecard", args=[slug, plan.pk]),
        "manager": manager.username,
        "secret": secret,
        "owners": [name for name, items in own.items() if items],
        "own_items": own,
        "items": list(Item.objects.filter(plan=plan, depth=2).values_list("pk", flat=True)),
        "period": str(period.pk) if period else "",
        "board": str(board.pk),
    }


def _sessions(usernames: list[str]) -> dict[str, str]:
    """Sign each owner in once, as the sign-in page would, and keep the session's key."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    found = {}
    for user in get_user_model().objects.filter(username__in=usernames):
        client = Client()
        client.force_login(user)
        found[user.username] = client.cookies["sessionid"].value
    return found


def _plain_secret(user: Any) -> str:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt

    found = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return str(decrypt(found.data["secret"]))


def _publish(plan: Any, by: Any) -> None:
    from wsoa.public import services
    from wsoa.public.models import PublishedSnapshot

    if PublishedSnapshot.objects.filter(plan=plan).exists():
        return
    tops = list(plan.items.filter(depth=0).values_list("pk", flat=True))
    services.choose_public(plan=plan, by=by, items=tops, indicators=[], updates=[])
    services.publish_plan(plan=plan, by=by)


def _today() -> Any:
    from django.utils import timezone

    return timezone.localdate()


SIGN_IN = {"sign-in page", "sign in", "two-factor code"}
FORMS = {"post update", "confirm rating", "request board pack"}  # the posts; their forms are pages
BUSY_SHARE = 0.85  # the machine's cores this busy or more: the CPU is the ceiling
QUIET_OTHER_CORES = 0.2  # more CPU than this used by other work: not a quiet machine


def run_locust(host: str, users: int, duration: str, data: Path, out: Path, groups: dict) -> None:
    """Run Locust for `users`, reading the CPU of each process group in `groups` meanwhile."""
    record = out / f"u{users}.json"
    command = [
        Path(sys.executable).parent / "locust", "-f", str(BENCH / "locustfile_cycle.py"),
        "--headless", "-u", str(users), "-r", str(max(1, users // 10)), "-t", duration,
        "--host", host, "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    env = {**os.environ, "WSOA_LOAD_DATA": str(data), "WSOA_LOAD_RECORD": str(record)}
    before = last = CpuUse.now(groups)
    log = (out / f"u{users}.log").open("w")
    locust = subprocess.Popen(command, env=env, stdout=log, stderr=log, start_new_session=True)
    groups = {**groups, locust.pid: "Locust"}
    while locust.poll() is None:  # read while Locust runs: its own time goes when it ends
        time.sleep(1)
        last = CpuUse.now(groups) if locust.poll() is None else last
    log.close()
    if not record.exists():
        sys.exit(f"Locust did not finish:\n{(out / f'u{users}.log').read_text()[-3000:]}")
    rows = json.loads(record.read_text(encoding="utf-8"))
    print(f"\n{users} users, {duration}")
    report(rows)
    ceiling(len(rows), sum(1 for row in rows if row[3]), last.minus(before))


@dataclass
class Kind:
    name: str
    times: list[float]
    errors: int
    refused: int

    def line(self) -> str:
        served = sorted(self.times)
        cells = [f"{_percentile(served, share):7.0f}" for share in (0.5, 0.95, 0.99)]
        count = len(self.times) + self.refused
        return f"{self.name:28} {count:6} {' '.join(cells)} {self.errors:6} {self.refused:6}"


def _percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0


def kinds(rows: Iterable[list[Any]], name: str, keep: Any = lambda kind: True) -> Kind:
    """Times of the requests served (not refused) whose kind `keep` takes, with their counts."""
    chosen = [row for row in rows if keep(row[0])]
    return Kind(
        name,
        times=[row[1] for row in chosen if not row[3]],
        errors=sum(1 for row in chosen if row[4]),
        refused=sum(1 for row in chosen if row[3]),
    )


def report(rows: list[list[Any]]) -> None:
    """Per request kind, then sign-in, pages and forms as groups; errors and refusals apart."""
    header = f"{'request':28} {'count':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
    print(f"{header} {'errors':>6} {'503s':>6}   (503s: deliberate back-pressure)")
    for name in sorted({row[0] for row in rows}):
        print(kinds(rows, name, lambda kind, name=name: kind == name).line())
    print(kinds(rows, "— sign-in", lambda kind: kind in SIGN_IN).line())
    print(kinds(rows, "— pages", lambda kind: kind not in SIGN_IN | FORMS).line())
    print(kinds(rows, "— forms sent", lambda kind: kind in FORMS).line())
    print(kinds(rows, "— all").line())
    errors: dict[str, int] = {}
    for row in rows:
        if row[4]:
            errors[f"{row[0]}: {row[4]}"] = errors.get(f"{row[0]}: {row[4]}", 0) + 1
    for error, count in sorted(errors.items(), key=lambda pair: -pair[1])[:10]:
        print(f"  error: {error} ×{count}")


@dataclass(frozen=True)
class CpuUse:
    """CPU seconds used so far by the machine and by each part of the test, read at `at`."""

    at: float
    machine: float
    parts: dict[str, float]

    @classmethod
    def now(cls, groups: dict[int, str]) -> CpuUse:
        """Read /proc: the machine's busy time, each process group's and PostgreSQL's."""
        ticks = os.sysconf("SC_CLK_TCK")
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        busy = (sum(fields) - fields[3] - fields[4]) / ticks  # all but idle and I/O wait
        parts: dict[str, float] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                text = stat.read_text()
            except OSError:  # ended meanwhile
                continue
            name = text[text.index("(") + 1 : text.rindex(")")]
            values = text[text.rindex(")") + 1 :].split()  # state, parent, group … times
            group, user, system = int(values[2]), int(values[11]), int(values[12])
            part = groups.get(group) or ("PostgreSQL (whole server)" if name == "postgres" else "")
            if part:
                parts[part] = parts.get(part, 0.0) + (user + system) / ticks
        return cls(time.monotonic(), busy, parts)

    def minus(self, before: CpuUse) -> CpuUse:
        parts = {k: v - before.parts.get(k, 0.0) for k, v in self.parts.items()}
        return CpuUse(self.at - before.at, self.machine - before.machine, parts)


def ceiling(count: int, refused: int, used: CpuUse) -> None:
    """Say how many requests a second were answered and whether the CPU was the limit."""
    cores = len(os.sched_getaffinity(0))
    seconds = max(used.at, 1.0)
    busy = used.machine / seconds / cores
    other = used.machine - sum(used.parts.values())  # other work on the machine
    parts = ", ".join(
        f"{k} {v / seconds:.2f}" for k, v in [*sorted(used.parts.items()), ("other", other)]
    )
    print(
        f"throughput: {count / seconds:.1f} requests/s ({count} in {seconds:.0f} s), "
        f"{refused} refused by back-pressure"
    )
    print(f"CPU: the machine's {cores} cores {busy:.0%} busy; in cores: {parts}")
    served = (count - refused) / seconds
    if other / seconds > QUIET_OTHER_CORES:
        print(f"ceiling: not measurable here: other work took {other / seconds:.1f} cores")
    elif busy >= BUSY_SHARE:
        most = max(used.parts, key=lambda part: used.parts[part])
        beyond = "the rest were" if refused else "more users would be"
        print(
            f"ceiling: the CPU, mostly {most}, at about {served:.0f} requests/s of this mix "
            f"(Locust's own share included); {beyond} answered 503 with Retry-After"
        )
    elif refused:
        print(
            f"ceiling: not the CPU ({1 - busy:.0%} idle) but the slots: "
            "WSOA_REQUESTS_AT_ONCE or WSOA_PASSWORD_CHECKS_AT_ONCE turned requests away"
        )
    else:
        print(f"ceiling: not reached at {served:.0f} requests/s ({1 - busy:.0%} of the CPU idle)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="wsoa_bench")
    parser.add_argument("--users", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--time", default="60s")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--areas", type=int, default=60, help="Areas the users are spread over.")
    parser.add_argument(
        "--signed-in", action="store_true", help="Owners start signed in (no password hashing)."
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="gunicorn processes (default: one per core)"
    )
    parser.add_argument("--gunicorn", default="", help="More gunicorn options, e.g. '--threads 4'")
    args = parser.parse_args()
    use_database(args.database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.config.settings")
    sys.path.insert(0, str(ROOT / "src"))
    wsoa = Path(sys.executable).parent / "wsoa"
    subprocess.run([wsoa, "migrate", "-v0"], check=True, cwd=ROOT)
    env = {
        "WSOA_REDIS_URL": REDIS,
        "WSOA_CELERY_BROKER_URL": BROKER,
        "WSOA_ENV": "bench",
        "DJANGO_SETTINGS_MODULE": "bench_settings_load",  # sign-ins not limited per address
    }
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        data = out / "load.json"
        prepare(data, args.areas, signed_in=args.signed_in)
        worker = subprocess.Popen(
            [wsoa, "worker", "--concurrency", "1", "--loglevel", "WARNING"],
            env={**os.environ, **env, "PYTHONPATH": str(BENCH)},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            serving = gunicorn_process(
                args.port, workers=args.workers, env=env, extra=args.gunicorn.split()
            )
            with serving as (host, server):
                groups = {server: "app servers", worker.pid: "worker"}
                for users in args.users:
                    run_locust(host, users, args.time, data, out, groups)
        finally:
            worker.terminate()
            worker.wait(timeout=60)


if __name__ == "__main__":
    main()
