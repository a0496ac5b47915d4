"""wsoa's settings for bench/load.py: as deployed, except that sign-ins are not limited per
address. Every simulated user comes from 127.0.0.1, so allauth's limit of sign-ins a minute
from one address (meant for one attacker's address) would refuse all but the first 30."""

from wsoa.config.settings import *  # noqa: F403

ACCOUNT_RATE_LIMITS = {"login_failed": False, "login": False}
