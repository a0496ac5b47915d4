"""`wsoa packs --once` whose PDF step never ends, on a 2-second lease: a worker to kill.

Run as a script with DATABASE_URL set; the test kills it while it is "writing the PDF".
"""

import datetime as dt
import os
import threading


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.config.settings")
    import django

    django.setup()
    from wsoa import cli
    from wsoa.reports import render, services

    services.LEASE = dt.timedelta(seconds=2)
    services.HEARTBEAT_EVERY = dt.timedelta(seconds=0.5)

    def never_ends(document_html: str) -> bytes:
        threading.Event().wait()
        return b""

    render.render_pdf = never_ends
    cli.main(["packs", "--once"])


if __name__ == "__main__":
    main()
