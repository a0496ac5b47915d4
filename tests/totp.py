"""Two-factor authentication in tests: give a user an authenticator app and read its codes."""

import time

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)

PERIOD = 30  # seconds, RFC 6238's default and allauth's


def activate_totp(user) -> str:
    """Give a user an activated authenticator app (and recovery codes); return its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


FRESH = 5  # seconds a code must have left, so it is still current when the server checks it


def totp_code(secret: str, at: float | None = None) -> str:
    """Return the code an authenticator app shows for this secret now (or at a given time).

    A code about to expire is not used: like a person, the test waits for the next one, so a
    busy machine cannot carry the code past its period before the server reads it.
    """
    if at is None and PERIOD - time.time() % PERIOD < FRESH:
        time.sleep(PERIOD - time.time() % PERIOD + 0.05)
    counter = int(time.time() if at is None else at) // PERIOD
    return format_hotp_value(hotp_value(secret, counter))


_handed_out: dict[str, int] = {}  # secret: the period of the code last given to sign in with


def unused_code(secret: str) -> str:
    """The code to sign in with now: as `totp_code`, but never one already given for this
    secret. wsoa refuses a code a second time while it is valid (core.auth.once_in_its_window),
    so a test that signs the same person in twice within a period waits, as a person would, for
    the app to show the next code."""
    counter = int(time.time()) // PERIOD
    if _handed_out.get(secret) == counter:
        time.sleep(PERIOD - time.time() % PERIOD + 0.05)
    code = totp_code(secret)
    _handed_out[secret] = int(time.time()) // PERIOD
    return code
