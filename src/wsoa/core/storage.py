"""Files in the shared store (the default storage: local disk, or an S3 bucket; ADR 0024).

A file is stored before the row that names it is written, and is deleted again if that row
is not written (`kept_only_if_saved`), so a failure leaves neither a row without its file nor,
as far as the store allows, a file without its row. Each file's SHA-256 is taken as it is
stored and checked whenever it is read back (`open_verified`). A store that cannot be reached
raises `StoreUnavailable`, which pages turn into a plain message instead of an error page.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import IO

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files import File
from django.core.files.storage import default_storage
from s3transfer.exceptions import RetriesExceededError

log = logging.getLogger(__name__)

# What the disk or the S3 client raise when the store cannot be reached or refuses a request.
STORE_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    BotoCoreError,
    ClientError,
    RetriesExceededError,
)
CHUNK = 1024 * 1024


class FileProblem(Exception):
    """A stored file cannot be given out; the message says so in plain words."""

    status = 500
    title = "The file cannot be downloaded"


class StoreUnavailable(FileProblem):
    """The store could not be reached, or refused the request."""

    status = 503
    title = "The file store is not available"
    SAVING = "The file could not be stored. Try again later; nothing was saved."
    READING = "The file cannot be downloaded at the moment. Try again later."


class FileMissing(FileProblem):
    """The row names a file the store does not have."""

    MESSAGE = (
        "This file is missing from the file store, so it cannot be downloaded. "
        "Tell your area admin, who can ask for it to be restored from a backup."
    )


class FileAltered(FileProblem):
    """The stored bytes are not those that were stored: the checksum does not match."""

    status = 409
    MESSAGE = (
        "This file does not match the checksum it was stored with, so it is not given out. "
        "Tell your area admin, who can ask for it to be restored from a backup."
    )


@dataclass(frozen=True)
class StoredFile:
    """A file now in the store: its name there, size in bytes and SHA-256."""

    name: str
    size: int
    sha256: str


_stored_here: ContextVar[list[str] | None] = ContextVar("wsoa_stored_here", default=None)


def store(name: str, content: File, *, max_length: int = 300) -> StoredFile:
    """Put a file in the store under `name` (made unique by the store); refuse if unreachable."""
    digest = sha256_of(content)
    try:
        saved = default_storage.save(name, content, max_length=max_length)
    except STORE_ERRORS as error:
        log.warning("Storing %s failed: %r", name, error)
        raise StoreUnavailable(StoreUnavailable.SAVING) from error
    pending = _stored_here.get()
    if pending is not None:
        pending.append(saved)
    return StoredFile(saved, content.size or 0, digest)


def discard(names: Iterable[str]) -> None:
    """Delete stored files whose rows were not written; a failure leaves them, logged."""
    for name in names:
        try:
            default_storage.delete(name)
        except STORE_ERRORS as error:
            log.error("Could not delete %s, stored for rows that were not written: %r", name, error)


@contextmanager
def kept_only_if_saved() -> Iterator[None]:
    """Delete the files stored inside the block if it raises (its rows were rolled back).

    Blocks nest: an inner block that succeeds hands its files to the outer one, which deletes
    them too if it fails later (say, when the transaction that holds their rows cannot commit).
    Put the outermost block around the outermost transaction.
    """
    outer = _stored_here.get()
    mine: list[str] = []
    token = _stored_here.set(mine)
    try:
        yield
    except BaseException:
        discard(mine)
        raise
    finally:
        _stored_here.reset(token)
    if outer is not None:
        outer.extend(mine)


def open_verified(name: str, sha256: str) -> IO[bytes]:
    """Open a stored file for reading once its bytes match `sha256` (unchecked when blank)."""
    try:
        handle = default_storage.open(name, "rb")
    except FileNotFoundError as error:
        raise FileMissing(FileMissing.MESSAGE) from error
    except STORE_ERRORS as error:
        log.warning("Reading %s failed: %r", name, error)
        raise StoreUnavailable(StoreUnavailable.READING) from error
    try:
        digest = sha256_of(handle)
    except STORE_ERRORS as error:
        handle.close()
        log.warning("Reading %s failed: %r", name, error)
        raise StoreUnavailable(StoreUnavailable.READING) from error
    if sha256 and digest != sha256:
        handle.close()
        log.error("%s does not match its checksum: stored %s, now %s", name, sha256, digest)
        raise FileAltered(FileAltered.MESSAGE)
    handle.seek(0)
    return handle


def sha256_of(content: File | IO[bytes]) -> str:
    """The SHA-256 of a file's bytes, read in chunks from its start."""
    digest = hashlib.sha256()
    content.seek(0)
    for chunk in iter(lambda: content.read(CHUNK), b""):
        digest.update(chunk)
    content.seek(0)
    return digest.hexdigest()


def is_reachable() -> bool:
    """Whether the store answers (for a readiness check): a listing of its top level."""
    try:
        default_storage.listdir("")
    except FileNotFoundError:
        return True  # an empty local folder not made yet
    except STORE_ERRORS as error:
        log.warning("The file store is not reachable: %r", error)
        return False
    return True
