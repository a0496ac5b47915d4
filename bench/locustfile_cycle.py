"""The monthly cycle as Locust users, for bench/load.py (which prepares the data it reads).

Owners read their plan, its items and "My items", post an update with a small evidence file and
look at the scorecard; managers (two-factor) read the plan and "Ratings to review", confirm
ratings, look at "Updates this period" and now and then ask for a board pack. Each request is
named by its kind, so Locust's figures come per kind. Loopback only: bench/load.py starts it
with --host http://127.0.0.1:PORT.

Locust is imported first: it patches the standard library (gevent) before ssl or requests load.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time
from typing import Any

from locust import HttpUser, between, task

DATA = json.loads(open(os.environ["WSOA_LOAD_DATA"], encoding="utf-8").read())  # noqa: SIM115
PASSWORD = DATA["password"]
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
MANAGERS = itertools.count()  # one Locust user per manager: a code is accepted once
EVIDENCE = b"%PDF-1.4\n% a small evidence file for the load test\n%%EOF\n"


def totp(secret: str, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows now (RFC 6238: SHA-1, 30 s)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = struct.pack(">Q", int((at or time.time()) // 30))
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def hidden_fields(html: str) -> dict[str, str]:
    """The hidden inputs of the page's last form (CSRF and submission tokens)."""
    forms = re.findall(r'<form method="post".*?</form>', html, re.S)
    return dict(HIDDEN.findall(forms[-1] if forms else html))


class Member(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    area: dict[str, Any]

    def sign_in(self, username: str) -> Any:
        page = self.client.get("/sign-in/", name="sign-in page")
        data = hidden_fields(page.text) | {"login": username, "password": PASSWORD}
        with self.client.post("/sign-in/", data=data, name="sign in", catch_response=True) as r:
            if "sessionid" not in self.client.cookies:
                r.failure(f"not signed in ({r.status_code})")
            return r

    def page(self, url: str, name: str) -> Any:
        return self.client.get(url, name=name)

    def post_form(self, url: str, name: str, fields: dict[str, Any], files: Any = None) -> None:
        """Open the form, then send it as a browser would; anything but a redirect failed."""
        form = self.client.get(url, name=f"{name} (form)")
        data = hidden_fields(form.text) | fields
        with self.client.post(
            url, data=data, files=files, name=name, allow_redirects=False, catch_response=True
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"form not accepted ({answer.status_code})")


class Owner(Member):
    """An owner of items: reads, and posts this month's updates with evidence."""

    weight = 8

    def on_start(self) -> None:
        self.area = random.choice(DATA["areas"])
        self.username = random.choice(self.area["owners"])
        session = DATA["sessions"].get(self.username)
        if session:  # bench/load.py --signed-in: already signed in, as most users are
            self.client.cookies.set("sessionid", session)
        else:
            self.sign_in(self.username)

    @task(4)
    def plan_page(self) -> None:
        self.page(self.area["plan"], "plan page")

    @task(4)
    def item_page(self) -> None:
        self.page(f"{self.area['plan']}items/{random.choice(self.area['items'])}/", "item page")

    @task(2)
    def my_items(self) -> None:
        self.page(self.area["my_items"], "my items")

    @task(1)
    def scorecard(self) -> None:
        self.page(self.area["scorecard"], "scorecard")

    @task(1)
    def public_page(self) -> None:
        self.client.get(random.choice(DATA["public"]), name="public page")

    @task(1)
    def post_update(self) -> None:
        item = random.choice(self.area["own_items"].get(self.username, self.area["items"]))
        fields = {
            "period": self.area["period"],
            "commentary": "Panel met this month; the backlog is down to 12 cases.",
            "proposed_rag": random.choice(["green", "amber"]),
            "evidence_title": "Panel minutes",
        }
        files = {"evidence_file": ("minutes.pdf", EVIDENCE, "application/pdf")}
        self.post_form(f"{self.area['plan']}items/{item}/update/", "post update", fields, files)


class Manager(Member):
    """A plan manager: reviews and confirms ratings, watches the month, asks for a pack."""

    weight = 2

    def on_start(self) -> None:
        self.area = DATA["areas"][next(MANAGERS) % len(DATA["areas"])]
        answer = self.sign_in(self.area["manager"])
        code = {"code": totp(self.area["secret"])}
        data = hidden_fields(answer.text) | code
        self.client.post(answer.url, data=data, name="two-factor code")

    @task(3)
    def plan_page(self) -> None:
        self.page(self.area["plan"], "plan page")

    @task(2)
    def reviews(self) -> None:
        self.page(f"{self.area['plan']}reviews/", "ratings to review")

    @task(2)
    def confirm(self) -> None:
        reviews = self.client.get(f"{self.area['plan']}reviews/", name="ratings to review")
        links = re.findall(r'href="([^"]+/updates/\d+/decide/)"', reviews.text)
        if links:
            self.post_form(random.choice(links), "confirm rating", {"outcome": "confirmed"})

    @task(1)
    def returns(self) -> None:
        self.page(f"{self.area['plan']}returns/", "updates this period")

    @task(1)
    def scorecard(self) -> None:
        self.page(self.area["scorecard"], "scorecard")

    @task(1)
    def pack(self) -> None:
        if random.random() < 0.2:  # now and then
            fields = {"board": self.area["board"], "period": self.area["period"]}
            self.post_form(f"{self.area['plan']}packs/", "request board pack", fields)
