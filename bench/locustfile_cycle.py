"""The monthly cycle as Locust users, for bench/load.py (which prepares the data it reads).

Owners read their plan, its items and "My items", post an update with a small evidence file and
look at the scorecard; managers (two-factor) read the plan and "Ratings to review", confirm
ratings, look at "Updates this period" and now and then ask for a board pack. Each request is
named by its kind; every request's time, status and whether it was refused by back-pressure
(503 with Retry-After) is written to WSOA_LOAD_RECORD for bench/load.py's report. A user refused
so waits Retry-After, as a person told "try again shortly" would, then goes on; a sign-in
refused so is tried again at the user's next turn. Loopback only: bench/load.py starts it with
--host http://127.0.0.1:PORT.

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

from locust import HttpUser, between, events, task

DATA = json.loads(open(os.environ["WSOA_LOAD_DATA"], encoding="utf-8").read())  # noqa: SIM115
PASSWORD = DATA["password"]
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
MANAGERS = itertools.count()  # one Locust user per manager: a code is accepted once
EVIDENCE = b"%PDF-1.4\n% a small evidence file for the load test\n%%EOF\n"
SIGN_IN_KINDS = frozenset({"sign-in page", "sign in", "two-factor code"})
RECORD: list[tuple[str, float, int, bool, str]] = []  # kind, ms, status, deliberate, error


def deliberate(response: Any) -> bool:
    """Refused by back-pressure: the 503 page with Retry-After, not an error."""
    return (
        response is not None
        and getattr(response, "status_code", 0) == 503
        and bool(response.headers.get("Retry-After"))
    )


@events.request.add_listener
def note(name: str, response_time: float, response: Any, exception: Any, **_: Any) -> None:
    refused = deliberate(response)
    error = "" if exception is None or refused else str(exception)[:120]
    RECORD.append((name, response_time, getattr(response, "status_code", 0), refused, error))


@events.quitting.add_listener
def write_record(**_: Any) -> None:
    with open(os.environ["WSOA_LOAD_RECORD"], "w", encoding="utf-8") as out:
        json.dump(RECORD, out)


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
    signed_in = False

    def on_start(self) -> None:
        self.signed_in = self.start_session()

    def start_session(self) -> bool:
        raise NotImplementedError

    def ready(self) -> bool:
        """Signed in, or signed in now; a user the server refused tries again at its next turn."""
        if not self.signed_in:
            self.client.cookies.clear()
            self.signed_in = self.start_session()
        return self.signed_in

    def back_off(self, response: Any) -> bool:
        """Wait as the 503 page asks (Retry-After); say whether it was such a refusal."""
        if not deliberate(response):
            return False
        time.sleep(min(float(response.headers["Retry-After"]), 10))
        return True

    def sign_in(self, username: str) -> Any:
        page = self.client.get("/sign-in/", name="sign-in page")
        if self.back_off(page):
            return None
        data = hidden_fields(page.text) | {"login": username, "password": PASSWORD}
        with self.client.post("/sign-in/", data=data, name="sign in", catch_response=True) as r:
            if deliberate(r):
                r.failure("refused: busy (503)")
            elif "sessionid" not in self.client.cookies:
                r.failure(f"not signed in ({r.status_code})")
        refused = self.back_off(r)
        return None if refused or "sessionid" not in self.client.cookies else r

    def page(self, url: str, name: str) -> Any:
        if not self.ready():
            return None
        with self.client.get(url, name=name, catch_response=True) as answer:
            if answer.ok and "/sign-in/" in answer.url and not url.startswith("/sign-in/"):
                answer.failure("sent to the sign-in page")
        self.back_off(answer)
        return answer

    def post_form(self, url: str, name: str, fields: dict[str, Any], files: Any = None) -> None:
        """Open the form, then send it as a browser would; anything but a redirect failed."""
        form = self.page(url, f"{name} (form)")
        if form is None or not form.ok:
            return
        data = hidden_fields(form.text) | fields
        with self.client.post(
            url, data=data, files=files, name=name, allow_redirects=False, catch_response=True
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"form not accepted ({answer.status_code})")
        self.back_off(answer)


class Owner(Member):
    """An owner of items: reads, and posts this month's updates with evidence."""

    weight = 8

    def on_start(self) -> None:
        self.area = random.choice(DATA["areas"])
        self.username = random.choice(self.area["owners"])
        super().on_start()

    def start_session(self) -> bool:
        session = DATA["sessions"].get(self.username)
        if session:  # bench/load.py --signed-in: already signed in, as most users are
            self.client.cookies.set("sessionid", session)
            return True
        return self.sign_in(self.username) is not None

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
        self.page(random.choice(DATA["public"]), "public page")

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
        super().on_start()

    def start_session(self) -> bool:
        answer = self.sign_in(self.area["manager"])
        if answer is None:
            return False
        data = hidden_fields(answer.text) | {"code": totp(self.area["secret"])}
        with self.client.post(
            answer.url, data=data, name="two-factor code", catch_response=True
        ) as done:
            if done.ok and "/authenticate/" in done.url:
                done.failure("code not accepted")
        return not self.back_off(done) and done.ok and "/authenticate/" not in done.url

    @task(3)
    def plan_page(self) -> None:
        self.page(self.area["plan"], "plan page")

    @task(2)
    def reviews(self) -> None:
        self.page(f"{self.area['plan']}reviews/", "ratings to review")

    @task(2)
    def confirm(self) -> None:
        reviews = self.page(f"{self.area['plan']}reviews/", "ratings to review")
        if reviews is None or not reviews.ok:
            return
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
