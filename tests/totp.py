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
