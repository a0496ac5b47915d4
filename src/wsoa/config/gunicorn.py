"""gunicorn's settings for wsoa: `gunicorn -c python:wsoa.config.gunicorn --bind ADDRESS`.

One process per core (`WEB_CONCURRENCY` to change it), each with threads: a sign-in's password
hash runs without Python's global lock, so it holds a thread, not a whole process, and the
process's other threads go on serving pages. Twice as many threads as the requests a process
works on at once (`WSOA_REQUESTS_AT_ONCE`): the others wait for a slot, and are answered 503
with `Retry-After` after `WSOA_REQUEST_WAIT_SECONDS` (wsoa.ops.backpressure). Options given on
the command line win over these. ADR 0031.
"""

import os

wsgi_app = "wsoa.config.wsgi:application"
# Load the app once, then fork: the workers share its memory (wsoa.config.wsgi.settle).
preload_app = True
worker_class = "wsoa.ops.serving.TimedThreadWorker"
workers = int(os.environ.get("WEB_CONCURRENCY") or len(os.sched_getaffinity(0)))
# The same default as settings.WSOA_REQUESTS_AT_ONCE (a test checks they agree).
threads = 2 * int(os.environ.get("WSOA_REQUESTS_AT_ONCE") or 4)
