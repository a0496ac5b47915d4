"""The stored files (evidence, uploads, pack files) copied out of storage and back into it.

Files are read and written through Django's default storage, so the same code copies a local
folder or an S3 bucket.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage, default_storage

from wsoa.core.storage_files import iter_files
from wsoa.ops.backup.manifest import CHUNK, BackupError, safe_name, sha256_of


def copy_out(folder: Path, storage: Storage | None = None) -> dict[str, dict[str, Any]]:
    """Copy every stored file into `folder`; return each name's SHA-256 and size."""
    storage = storage or default_storage
    found: dict[str, dict[str, Any]] = {}
    for name, _size in iter_files(storage):
        target = folder / safe_name(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with storage.open(name, "rb") as source, target.open("wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
        found[name] = {"sha256": digest.hexdigest(), "size": size}
    return found


def already_stored(names: list[str], storage: Storage | None = None) -> list[str]:
    storage = storage or default_storage
    return [name for name in names if storage.exists(name)]


def copy_in(folder: Path, names: list[str], storage: Storage | None = None) -> list[str]:
    """Store each named file from `folder` under its own name; on failure remove what was stored."""
    storage = storage or default_storage
    stored: list[str] = []
    try:
        for name in names:
            with (folder / safe_name(name)).open("rb") as source:
                saved = storage.save(name, File(source))
            stored.append(saved)
            if saved != name:
                raise BackupError(f"The store kept {name} as {saved}: a file had that name.")
    except BaseException:
        remove(stored, storage)
        raise
    return stored


def remove(names: list[str], storage: Storage | None = None) -> None:
    storage = storage or default_storage
    for name in names:
        storage.delete(name)


def stored_checksum(name: str, storage: Storage | None = None) -> str:
    storage = storage or default_storage
    with storage.open(name, "rb") as stream:
        return sha256_of(stream)[0]
