"""Personal data encrypted at rest: Fernet (the `cryptography` library) with keys from settings.

`WSOA_CASEWORK_KEY` holds one or more Fernet keys, comma-separated, newest first: values are
encrypted with the first and read with any (`MultiFernet`), so a key is rotated by putting the
new one first and re-saving the cases. Without it (a developer's machine, the demo, the tests)
a key is generated once into `WSOA_CASEWORK_KEY_FILE` under var/; in production the key must
be set, and wsoa refuses to start casework without one.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


def _key_file(path: Path) -> bytes:
    """The key in the file, generated there (readable by its owner only) the first time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(handle, "wb") as out:
        out.write(Fernet.generate_key())
    return path.read_bytes().strip()


@cache
def _fernet(configured: str, path: str) -> MultiFernet:
    keys = [key.strip().encode() for key in configured.split(",") if key.strip()]
    if not keys:
        if os.environ.get("WSOA_ENV") == "production":
            raise ImproperlyConfigured("WSOA_CASEWORK_KEY must be set in production.")
        keys = [_key_file(Path(path))]
    return MultiFernet([Fernet(key) for key in keys])


def fernet() -> MultiFernet:
    """The keys casework encrypts and decrypts with."""
    return _fernet(settings.WSOA_CASEWORK_KEY, str(settings.WSOA_CASEWORK_KEY_FILE))


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "A casework value cannot be decrypted with the keys in WSOA_CASEWORK_KEY."
        ) from error


class EncryptedText(models.TextField):
    """Text stored as a Fernet token; "" stays "" (nothing to hide, nothing to decrypt).

    Tokens differ each time the same text is encrypted, so these columns cannot be searched or
    compared in SQL: compare decrypted values in Python.
    """

    def from_db_value(self, value: str | None, *_: Any) -> Any:
        return self.to_python(decrypt(value)) if value else self.to_python(value)

    def get_prep_value(self, value: Any) -> Any:
        plain = self.plain(value)
        return encrypt(plain) if plain else ""

    def plain(self, value: Any) -> str:
        return "" if value is None else str(value)


class EncryptedDate(EncryptedText):
    """A date stored encrypted, as its ISO text."""

    def to_python(self, value: Any) -> dt.date | None:
        if value in (None, ""):
            return None
        if isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value))

    def plain(self, value: Any) -> str:
        day = self.to_python(value)
        return day.isoformat() if day else ""
