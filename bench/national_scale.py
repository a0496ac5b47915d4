"""National-scale benchmark of the monthly cycle on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        uv run python bench/national_scale.py [--areas 153] [--months 36] [--repeat 30] [--reuse]
        [--writes]

Creates a database `wsoa_bench` (dropped first; kept afterwards so --reuse can measure
again), fills it with `areas` local areas of one ~205-item plan each and `months` monthly
updates on every item (153 × 205 × 36 ≈ 1.13 M update rows, as many audit rows, a third of
them confirmed), then prints p50/p95 server time and query counts of the plan page, an item
page, "my items" and "updates this period". Goal: p95 under 100 ms, bounded query counts.

With --writes (use with --reuse) it measures instead as under the monthly cycle: before each
request an update is posted to another item of the same area, as its owners do every minute or
so, and each item page asked for is a different item, so nothing of it is cached yet. It prints
CPU time per request (time.process_time, what the app servers are short of) beside wall time
and queries. The updates it posts stay in the database, as the load test's do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.config.settings")
os.environ["WSOA_ENV"] = "test"
warnings.filterwarnings("ignore", message="No directory at")
sys.path.insert(0, str(ROOT / "bench"))

from harness import use_bench_database  # noqa: E402 — after the settings above

BENCH_DB = "wsoa_bench"
WORKSTREAMS, OBJECTIVES, ACTIONS = 5, 5, 7  # 5 + 25 + 175 = 205 items a plan
OWNERS_PER_AREA = 20
BATCH = 20_000
ITEMS_PER_PLAN = WORKSTREAMS + WORKSTREAMS * OBJECTIVES * (1 + ACTIONS)


def generate(areas: int, months: int) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from wsoa.core.models import AuditEvent, LocalArea, Membership, Role
    from wsoa.plans.models import Item, ItemPerson, Person, Plan, PlanLevel
    from wsoa.progress.models import (
        Outcome,
        PlanSettings,
        ProgressUpdate,
        RagDecision,
        ReportingPeriod,
    )

    users = get_user_model()
    rng = random.Random(2026)
    rags = ["green", "green", "amber", "red", "blue"]
    first_month = dt.date(2023, 12, 1)
    password = make_password("bench-password-1")
    started = time.perf_counter()
    update_rows = 0
    for a in range(areas):
        area = LocalArea.objects.create(name=f"Area {a:03}", slug=f"area-{a:03}")
        plan = Plan.objects.create(
            area=area, title=f"Area {a:03} SEND priority action plan", kind="pap"
        )
        PlanSettings.objects.create(plan=plan)
        PlanLevel.objects.bulk_create(
            PlanLevel(plan=plan, depth=d, name=n)
            for d, n in enumerate(["Workstream", "Objective", "Action"])
        )
        manager = users.objects.create(username=f"manager-{a:03}", password=password)
        Membership.objects.create(user=manager, area=area, role=Role.PLAN_MANAGER)
        owners = users.objects.bulk_create(
            users(username=f"owner-{a:03}-{o:02}", password=password, email=f"o{a}{o}@example.org")
            for o in range(OWNERS_PER_AREA)
        )
        Membership.objects.bulk_create(
            Membership(user=u, area=area, role=Role.CONTRIBUTOR) for u in owners
        )
        people = Person.objects.bulk_create(
            Person(plan=plan, name=f"Owner {o}", short_code=f"O{o}", user=u)
            for o, u in enumerate(owners)
        )
        periods = ReportingPeriod.objects.bulk_create(
            ReportingPeriod(plan=plan, label=f"{m:%B %Y}", start=m, end=_month_end(m))
            for m in (_add_months(first_month, i) for i in range(months))
        )
        position = 0
        items: list[Item] = []
        for w in range(1, WORKSTREAMS + 1):
            position += 1
            stream = Item.objects.create(
                plan=plan,
                depth=0,
                level="Workstream",
                position=position,
                number=str(w),
                title=f"Workstream {w}",
            )
            items.append(stream)
            for o in range(1, OBJECTIVES + 1):
                position += 1
                objective = Item.objects.create(
                    plan=plan,
                    parent=stream,
                    depth=1,
                    level="Objective",
                    position=position,
                    number=f"{w}.{o}",
                    title=f"Objective {w}.{o}",
                )
                items.append(objective)
                actions = []
                for n in range(1, ACTIONS + 1):
                    position += 1
                    due = _add_months(first_month, rng.randrange(months + 6))
                    actions.append(
                        Item(
                            plan=plan,
                            parent=objective,
                            depth=2,
                            level="Action",
                            position=position,
                            number=f"{w}.{o}.{n}",
                            title=f"Action {w}.{o}.{n}: improve timeliness of EHC assessments",
                            rag=rng.choice(rags),
                            due_end=_month_end(due),
                        )
                    )
                items.extend(Item.objects.bulk_create(actions))
        ItemPerson.objects.bulk_create(
            ItemPerson(
                item=i,
                part="lead",
                position=0,
                text=people[k % OWNERS_PER_AREA].short_code,
                person=people[k % OWNERS_PER_AREA],
            )
            for k, i in enumerate(items)
        )
        updates = [
            ProgressUpdate(
                item=i,
                period=p,
                author=owners[k % OWNERS_PER_AREA],
                commentary="Progress this month: panel met, backlog reduced, next steps agreed.",
                proposed_rag=rng.choice(rags),
            )
            for k, i in enumerate(items)
            for p in periods
        ]
        for start in range(0, len(updates), BATCH):
            ProgressUpdate.objects.bulk_create(updates[start : start + BATCH])
        update_rows += len(updates)
        decided = [u for u in updates if rng.random() < 0.33]
        RagDecision.objects.bulk_create(
            (
                RagDecision(
                    update=u,
                    item=u.item,
                    outcome=Outcome.CONFIRMED,
                    rag=u.proposed_rag,
                    decided_by=manager,
                )
                for u in decided
            ),
            batch_size=BATCH,
        )
        AuditEvent.objects.bulk_create(
            (
                AuditEvent(
                    area=area,
                    actor=u.author,
                    actor_label=u.author.username,
                    action="update.posted",
                    object_type="item",
                    object_id=u.item_id,
                    summary="Posted an update",
                    changes={"update": u.pk},
                )
                for u in updates
            ),
            batch_size=BATCH,
        )
        if (a + 1) % 10 == 0 or a + 1 == areas:
            rate = update_rows / (time.perf_counter() - started)
            print(f"  {a + 1} areas, {update_rows:,} updates ({rate:,.0f} rows/s)", flush=True)


def _add_months(day: dt.date, n: int) -> dt.date:
    month = day.month - 1 + n
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def _month_end(day: dt.date) -> dt.date:
    return _add_months(day, 1) - dt.timedelta(days=1)


def measure(repeat: int) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from wsoa.core.models import LocalArea
    from wsoa.plans.models import Item
    from wsoa.progress.models import ProgressUpdate

    area = LocalArea.objects.order_by("-id").first()
    assert area is not None
    plan = area.plans.get()
    users = get_user_model()
    manager = users.objects.get(username=f"manager-{area.slug[-3:]}")
    if not Authenticator.objects.filter(user=manager, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(manager, generate_totp_secret())
    owner = users.objects.filter(username__startswith=f"owner-{area.slug[-3:]}").first()
    item = Item.objects.filter(plan=plan, depth=2).order_by("position").first()
    assert item is not None
    as_manager, as_owner = Client(), Client()
    as_manager.force_login(manager)
    as_owner.force_login(owner)
    print(f"\nUpdates in the database: {ProgressUpdate.objects.count():,}")
    print(
        f"Measured on {area.name}: {plan.items.count()} items, "
        f"{item.updates.count()} updates on the item"
    )
    pages: list[tuple[str, Client, str]] = [
        ("plan page", as_manager, reverse("plans:plan", args=[area.slug, plan.pk])),
        ("item page", as_manager, reverse("progress:item", args=[area.slug, plan.pk, item.pk])),
        ("my items", as_owner, reverse("progress:my_items", args=[area.slug])),
        ("updates this period", as_manager, reverse("progress:returns", args=[area.slug, plan.pk])),
        ("ratings to review", as_manager, reverse("progress:reviews", args=[area.slug, plan.pk])),
    ]
    for _name, client, url in pages:
        client.get(url)  # warm up: templates compiled, caches filled
    from wsoa.config.wsgi import settle

    settle()  # as gunicorn's app does at start-up
    print(f"{'page':22} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'KB':>6}")
    for name, client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        p95 = sorted(times)[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        size = len(response.content) / 1024
        print(f"{name:22} {statistics.median(times):8.1f} {p95:8.1f} {len(queries):8} {size:6.0f}")


def measure_writes(repeat: int) -> None:
    """Plan page and item page with an update posted in the area before each request."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from wsoa.core.models import LocalArea
    from wsoa.plans.models import Item
    from wsoa.progress import services

    rng = random.Random(16)
    area = LocalArea.objects.order_by("-id").first()
    assert area is not None
    plan = area.plans.get()
    users = get_user_model()
    manager = users.objects.get(username=f"manager-{area.slug[-3:]}")
    owner = users.objects.filter(username__startswith=f"owner-{area.slug[-3:]}").first()
    items = list(Item.objects.filter(plan=plan, withdrawn_at=None).order_by("position"))
    client = Client()
    client.force_login(manager)

    def write(besides: int) -> None:
        item = rng.choice([i for i in items if i.pk != besides])
        data = services.UpdateIn(commentary="Panel met; backlog reduced.", proposed_rag="green")
        services.post_update(item=item, author=owner, data=data)

    plan_url = reverse("plans:plan", args=[area.slug, plan.pk])
    item_urls = {i.pk: reverse("progress:item", args=[area.slug, plan.pk, i.pk]) for i in items}
    client.get(plan_url)  # warm up: templates compiled
    client.get(item_urls[items[0].pk])
    from wsoa.config.wsgi import settle

    settle()
    print(f"\nWith an update posted in {area.name} before each request ({repeat} requests each):")
    print(f"{'page':22} {'CPU ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for name in ("plan page", "item page"):
        cpu, wall, counts = [], [], []
        for _ in range(repeat):
            target = rng.choice(items)
            url = plan_url if name == "plan page" else item_urls[target.pk]
            write(besides=target.pk)
            started, started_cpu = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
            counts.append(len(queries))
            assert response.status_code == 200, (name, response.status_code)
        p95 = sorted(wall)[min(len(wall) - 1, round(0.95 * (len(wall) - 1)))]
        print(
            f"{name:22} {statistics.mean(cpu):8.1f} {statistics.median(wall):8.1f} {p95:8.1f} "
            f"{statistics.median(counts):8.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--areas", type=int, default=153)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="Measure an existing bench database.")
    parser.add_argument(
        "--writes",
        action="store_true",
        help="Measure the plan and item pages with an update posted before each request.",
    )
    args = parser.parse_args()
    use_bench_database(BENCH_DB, reuse=args.reuse)

    import django
    from django.core.management import call_command

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    if not args.reuse:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        print(f"Generating {args.areas} areas × {ITEMS_PER_PLAN} items × {args.months} months…")
        generate(args.areas, args.months)
        print(f"Generated in {time.perf_counter() - started:.0f} s")
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    if args.writes:
        measure_writes(args.repeat)
    else:
        measure(args.repeat)
    print(f"(database {BENCH_DB} is kept for --reuse; drop it with: dropdb {BENCH_DB})")


if __name__ == "__main__":
    main()
