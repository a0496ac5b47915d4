"""gunicorn's threaded worker, noting when each request reached the server (ADR 0031).

gunicorn's `gthread` worker queues the requests its threads cannot take yet; the app cannot see
how long one waited there. This worker notes the time a request is queued and gives it to the
thread that handles it (`wsoa.ops.backpressure.ARRIVED`), so that back-pressure counts that
wait too: a request that already waited `WSOA_REQUEST_WAIT_SECONDS` is answered 503 at once.
A new connection whose request has not arrived yet is timed from when the app sees it.
"""

from __future__ import annotations

import time
from typing import Any

from gunicorn.workers.gthread import ThreadWorker

from wsoa.ops.backpressure import ARRIVED


class TimedThreadWorker(ThreadWorker):
    def enqueue_req(self, conn: Any) -> None:
        conn.queued_at = time.monotonic()
        super().enqueue_req(conn)

    def handle(self, conn: Any) -> Any:
        arrived = getattr(conn, "queued_at", None)
        if not conn.initialized and not conn.data_ready and not conn.wait_for_data(0):
            arrived = None  # the client has not sent its request yet: not a wait in the queue
        token = ARRIVED.set(arrived)
        try:
            return super().handle(conn)
        finally:
            ARRIVED.reset(token)
