"""wsoa's settings with the back-pressure tests' pages, for gunicorn in those tests."""

from wsoa.config.settings import *  # noqa: F403

ROOT_URLCONF = "back_pressure_urls"
