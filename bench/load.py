"""The monthly cycle under load: Locust against gunicorn on the national-scale database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        uv run python bench/load.py [--database wsoa_bench] [--users 50 200] [--time 60s]

Needs the database bench/national_scale.py made (153 areas × 205 items × 36 months). Migrates
it, gives each area's plan manager an authenticator, a board and a published public page
(once), then serves wsoa as the README deploys it (`gunicorn --preload`, 4 workers, the cache in
Redis, packs made by a `wsoa worker` beside it) and runs Locust headless on loopback for each
number of users (`bench/locustfile_cycle.py`: owners read, post updates with evidence and look
at the scorecard and public pages; managers sign in with a code, confirm ratings and ask for a
board pack now and then; 1–3 s think time). Prints p50/p95/p99 and errors per request kind.
Goal (issue 16 §3): at 50 users p95 ≤ 300 ms for pages and no errors.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from plan_page import gunicorn

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


def run_locust(host: str, users: int, duration: str, data: Path, out: Path) -> None:
    prefix = out / f"u{users}"
    command = [
        Path(sys.executable).parent / "locust", "-f", str(BENCH / "locustfile_cycle.py"),
        "--headless", "-u", str(users), "-r", str(max(1, users // 10)), "-t", duration,
        "--host", host, "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    env = {**os.environ, "WSOA_LOAD_DATA": str(data)}
    subprocess.run(command, env=env, check=False, stdout=subprocess.DEVNULL)
    report(users, prefix)


def report(users: int, prefix: Path) -> None:
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))  # noqa: SIM115
    print(f"\n{users} users")
    print(f"{'request':28} {'count':>6} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "all"
        print(
            f"{name:28} {row['Request Count']:>6} {row['Failure Count']:>6} "
            f"{row['50%']:>7} {row['95%']:>7} {row['99%']:>7}"
        )
    failures = Path(f"{prefix}_failures.csv")
    for row in csv.DictReader(failures.open(encoding="utf-8")) if failures.exists() else []:
        print(f"  error: {row['Name']}: {row['Error'][:100]} ×{row['Occurrences']}")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


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
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--gunicorn", default="", help="More gunicorn options, e.g. '--backlog 64'")
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
        )
        try:
            extra = args.gunicorn.split()
            with gunicorn(args.port, workers=args.workers, env=env, extra=extra) as host:
                for users in args.users:
                    run_locust(host, users, args.time, data, out)
        finally:
            worker.terminate()
            worker.wait(timeout=60)


if __name__ == "__main__":
    main()
