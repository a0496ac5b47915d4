"""The monthly cycle's forms and lists, one request at a time, as under bench/load.py's writes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        uv run python bench/cycle_requests.py [--database wsoa_bench] [--repeat 15] [--warm]

Measures, in this process on the national-scale database (bench/national_scale.py; prepared by
bench/load.py: managers' authenticators, boards, published pages), the requests of
bench/locustfile_cycle.py other than the plan and item pages: the update form and its post
(with a small PDF), "My items", "Ratings to review", the confirm form and its post, "Updates this
period", the scorecard and the public page. Each goes through the whole middleware stack with
the settings bench/load.py serves with (the cache in Redis: WSOA_REDIS_URL, here database 13).

Unless --warm, before each measured request another owner's update is posted in the area, as
happens every minute or so under the monthly cycle, so caches keyed on the area's changes are
cold. Request kinds are measured in turn (round robin), so a busy machine weighs on each alike.
Prints per kind: CPU ms (time.process_time, median and mean), wall ms (median), and from one
further request the queries and their time.

It leaves in the database only what the load test adds too: updates (some with an evidence
file), decisions on the updates it posted itself (confirming the item's current rating, so no
item changes) and their audit rows.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
EVIDENCE = b"%PDF-1.4\n% a small evidence file for the load test\n%%EOF\n"
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def hidden_fields(html: str) -> dict[str, str]:
    forms = re.findall(r'<form method="post".*?</form>', html, re.S)
    return dict(HIDDEN.findall(forms[-1] if forms else html))


def setup(database: str, redis: str) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to the PostgreSQL server of bench/national_scale.py.")
    os.environ["DATABASE_URL"] = f"{url.rsplit('/', 1)[0]}/{database}"
    if redis:
        os.environ["WSOA_REDIS_URL"] = redis
    os.environ["WSOA_ENV"] = "bench"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings_load"
    sys.path[:0] = [str(BENCH), str(ROOT / "src")]
    import django

    django.setup()
    from django.conf import settings

    # Not setup_test_environment(): its instrumented template rendering (the test client keeps
    # a copy of every context) would be counted as the pages' own CPU.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


class Cycle:
    """One area of the load test: its owner, manager, items and the URLs of the requests."""

    def __init__(self, index: int) -> None:
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        from wsoa.core.models import LocalArea
        from wsoa.plans.models import Item, Person
        from wsoa.progress.models import ReportingPeriod
        from wsoa.public.models import PublishedSnapshot

        self.area = LocalArea.objects.order_by("slug")[index]
        self.plan = self.area.plans.get()
        slug, plan = self.area.slug, self.plan
        users = get_user_model().objects
        self.manager = users.get(username=f"manager-{slug[-3:]}")
        people = Person.objects.filter(plan=plan, user__isnull=False).select_related("user")
        led = Item.objects.filter(depth=2)
        owned = {
            p.user: list(led.filter(people__person=p).values_list("pk", flat=True)) for p in people
        }
        owners = [(u, items) for u, items in owned.items() if items]
        (self.owner, self.own_items), (self.other, self.other_items) = owners[0], owners[1]
        today = timezone.localdate()
        periods = ReportingPeriod.objects.filter(plan=plan).order_by("-start")
        self.period = next((p for p in periods if p.start <= today <= p.end), periods.first())
        self.as_owner, self.as_manager, self.anyone = Client(), Client(), Client()
        self.as_owner.force_login(self.owner)
        self.as_manager.force_login(self.manager)
        self.base = reverse("plans:plan", args=[slug, plan.pk])
        snapshot = PublishedSnapshot.objects.filter(plan=plan).first()
        self.public = reverse("public:plan", args=[slug, plan.pk]) if snapshot else ""
        self.my_items = reverse("progress:my_items", args=[slug])
        self.scorecard = reverse("kpi:plan_scorecard", args=[slug, plan.pk])
        self.posted: list[int] = []  # updates this bench posted: the ones it may decide

    def write_elsewhere(self) -> None:
        """Another owner posts an update in the area, as under the monthly cycle."""
        from wsoa.plans.models import Item
        from wsoa.progress import services

        item = Item.objects.get(pk=random.choice(self.other_items))
        services.post_update(
            item=item,
            author=self.other,
            data=services.UpdateIn(
                commentary="Another owner's update.", proposed_rag=item.rag or "amber"
            ),
        )

    def update_url(self) -> str:
        return f"{self.base}items/{random.choice(self.own_items)}/update/"

    def requests(self) -> dict[str, Any]:
        """Each kind: a function making (client, method, url, data) just before it is timed."""
        kinds: dict[str, Any] = {
            "post update (form)": lambda: (self.as_owner, "get", self.update_url(), None),
            "post update": self.post_update,
            "my items": lambda: (self.as_owner, "get", self.my_items, None),
            "ratings to review": lambda: (self.as_manager, "get", f"{self.base}reviews/", None),
            "confirm rating (form)": lambda: (self.as_manager, "get", self.decide_url(), None),
            "confirm rating": self.confirm,
            "updates this period": lambda: (self.as_manager, "get", f"{self.base}returns/", None),
            "scorecard": lambda: (self.as_owner, "get", self.scorecard, None),
        }
        if self.public:
            kinds["public page"] = lambda: (self.anyone, "get", self.public, None)
        return kinds

    def post_update(self) -> tuple[Any, str, str, dict[str, Any]]:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from wsoa.plans.models import Item

        url = self.update_url()
        form = self.as_owner.get(url)
        item = Item.objects.get(pk=int(url.rstrip("/").split("/")[-2]))
        data = hidden_fields(form.content.decode()) | {
            "period": str(self.period.pk) if self.period else "",
            "commentary": "Panel met this month; the backlog is down to 12 cases.",
            "proposed_rag": item.rag or "amber",  # so that confirming it changes no item
            "evidence_title": "Panel minutes",
            "evidence_file": SimpleUploadedFile("minutes.pdf", EVIDENCE, "application/pdf"),
        }
        return self.as_owner, "post", url, data

    def decide_url(self) -> str:
        from wsoa.progress.models import ProgressUpdate

        if not self.posted:
            newest = ProgressUpdate.objects.filter(item__plan=self.plan, author=self.owner)
            self.posted = list(
                newest.filter(decision__isnull=True, item_id__in=self.own_items)
                .order_by("-id")
                .values_list("pk", flat=True)[:50]
            )
        return f"{self.base}updates/{self.posted[-1]}/decide/"

    def confirm(self) -> tuple[Any, str, str, dict[str, Any]]:
        url = self.decide_url()
        self.posted.pop()
        form = self.as_manager.get(url + "?next=reviews")
        data = hidden_fields(form.content.decode()) | {"outcome": "confirmed", "reason": ""}
        return self.as_manager, "post", url, data


def run(cycle: Cycle, repeat: int, *, warm: bool) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    kinds = cycle.requests()
    cpu: dict[str, list[float]] = defaultdict(list)
    wall: dict[str, list[float]] = defaultdict(list)
    for name, make in kinds.items():  # once each: templates compiled, connections open
        if name != "confirm rating":
            client, method, url, data = make()
            getattr(client, method)(url, data)
    for _ in range(repeat):
        for name, make in kinds.items():
            if not warm:
                cycle.write_elsewhere()
            client, method, url, data = make()
            if name == "post update":
                cycle.posted.append(0)  # placeholder: replaced below once the id is known
            started_cpu, started = time.process_time(), time.perf_counter()
            response = getattr(client, method)(url, data)
            cpu[name].append((time.process_time() - started_cpu) * 1000)
            wall[name].append((time.perf_counter() - started) * 1000)
            _check(name, response)
            if name == "post update":
                cycle.posted[-1] = _posted_id(cycle)
    queries: dict[str, tuple[int, float]] = {}
    for name, make in kinds.items():
        if not warm:
            cycle.write_elsewhere()
        client, method, url, data = make()
        with CaptureQueriesContext(connection) as found:
            _check(name, getattr(client, method)(url, data))
        if name == "post update":
            cycle.posted.append(_posted_id(cycle))
        queries[name] = (len(found), sum(float(q["time"]) for q in found) * 1000)
    heads = ("CPU p50", "CPU mean", "wall p50", "queries", "q ms")
    print(f"{'request':24} " + " ".join(f"{h:>8}" for h in heads))
    for name in kinds:
        count, spent = queries[name]
        print(
            f"{name:24} {statistics.median(cpu[name]):8.1f} {statistics.mean(cpu[name]):8.1f} "
            f"{statistics.median(wall[name]):8.1f} {count:8} {spent:8.1f}"
        )
    total = sum(statistics.mean(cpu[n]) for n in kinds)
    print(f"{'sum of means':24} {'':8} {total:8.1f}")


def _posted_id(cycle: Cycle) -> int:
    from wsoa.progress.models import ProgressUpdate

    newest = ProgressUpdate.objects.filter(author=cycle.owner, item__plan=cycle.plan)
    return int(newest.order_by("-id").values_list("pk", flat=True)[0])


def _check(name: str, response: Any) -> None:
    expected = 302 if name in {"post update", "confirm rating"} else 200
    if response.status_code != expected:
        sys.exit(f"{name}: {response.status_code}, expected {expected}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="wsoa_bench")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--area", type=int, default=7, help="Which of the load test's areas.")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13", help="'' for none")
    parser.add_argument("--warm", action="store_true", help="No writes between requests.")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    random.seed(args.seed)
    setup(args.database, args.redis)
    from django.conf import settings

    cycle = Cycle(args.area)
    print(
        f"{cycle.area.name}, plan {cycle.plan.pk}; sessions: {settings.SESSION_ENGINE}; "
        f"cache: {settings.CACHES['default']['BACKEND']}; "
        f"{'warm' if args.warm else 'an update posted elsewhere in the area before each'}"
    )
    run(cycle, args.repeat, warm=args.warm)


if __name__ == "__main__":
    main()
