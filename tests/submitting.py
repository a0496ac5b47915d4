"""Sending forms as a browser does: with their submission token, once, twice or all at once."""

import re
import threading
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.test import Client

from wsoa.core.idempotency import TOKEN_FIELD, issue_token

TOKEN_INPUT = re.compile(rf'<input type="hidden" name="{TOKEN_FIELD}" value="([^"]+)"')


class FormClient(Client):
    """A test client whose posts carry a fresh submission token, as a form shown by wsoa does.

    A test that gives its own token (or an empty one) sends exactly what it gives.
    """

    def post(self, path: str, data: Any = None, *args: Any, **kwargs: Any) -> Any:
        if data is None or (isinstance(data, dict) and TOKEN_FIELD not in data):
            data = {**(data or {}), TOKEN_FIELD: issue_token()}
        return super().post(path, data, *args, **kwargs)


def tokens_on(html: str) -> list[str]:
    """The submission tokens of the forms on a page, in order."""
    return TOKEN_INPUT.findall(html)


def token_on(html: str) -> str:
    """The submission token of the page's form; fails when the page has none."""
    found = tokens_on(html)
    assert found, "the form has no submission token"
    return found[0]


def at_once(count: int, send: Callable[[int], Any]) -> list[Any]:
    """Run `send(n)` in `count` threads released together; return each result or exception.

    Each thread uses its own database connection and closes it when done.
    """
    start = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(n: int) -> None:
        try:
            start.wait()
            results[n] = send(n)
        except Exception as error:  # reported to the test as its result
            results[n] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results
