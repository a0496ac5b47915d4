"""A Celery worker for the tests, run as a script: `python celery_worker_script.py [--stall]`.

DATABASE_URL and WSOA_CELERY_BROKER_URL (set by the tests) point it at the test database and
the test's Redis database. With --stall its PDF step never ends: a worker to kill mid-pack.
With --few-measures its national load reads two measures, not the whole LAIT catalogue.
"""

import os
import sys
import threading

FEW_MEASURES = {
    "SEN_EHC_All_20wks",
    "TotAbs",
}  # a national load of seconds, not the whole catalogue


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.config.settings")
    import django

    django.setup()
    from wsoa.config.celery import app
    from wsoa.reports import render

    if "--stall" in sys.argv:

        def never_ends(document_html: str) -> bytes:
            threading.Event().wait()
            return b""

        render.render_pdf = never_ends
    if "--few-measures" in sys.argv:
        from wsoa.benchmarks import loading

        loading.ensure_loaded = lambda: loading.load_national(measures=FEW_MEASURES)
    app.worker_main(
        ["worker", "--pool=solo", "--loglevel=INFO", "--without-heartbeat",
         "--without-gossip", "--without-mingle"]
    )  # fmt: skip


if __name__ == "__main__":
    main()
