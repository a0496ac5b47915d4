"""Every file in the store, for backups: names and sizes, from the local disk or an S3 bucket.

`iter_files()` lists what the default storage holds, whether or not a row names it, so a
backup copies the store as it is. Names are those the rows keep (`Evidence.file`), relative to
`MEDIA_ROOT` or to the bucket's `WSOA_S3_PREFIX`; open one with `default_storage.open(name)`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from django.core.files.storage import FileSystemStorage, Storage, default_storage


def iter_files(storage: Storage | None = None) -> Iterator[tuple[str, int]]:
    """Yield (name, size in bytes) of every stored file, in name order on each folder."""
    storage = storage or default_storage  # a lazy proxy: isinstance sees the storage behind
    if isinstance(storage, FileSystemStorage):
        yield from _disk_files(Path(storage.location))
        return
    if hasattr(storage, "bucket_name") and hasattr(storage, "connection"):
        yield from _bucket_files(storage)
        return
    yield from _listed_files(storage, "")


def _disk_files(root: Path) -> Iterator[tuple[str, int]]:
    if not root.is_dir():
        return
    for folder, folders, files in os.walk(root):
        folders.sort()
        for name in sorted(files):
            path = Path(folder) / name
            yield path.relative_to(root).as_posix(), path.stat().st_size


def _bucket_files(storage: Storage) -> Iterator[tuple[str, int]]:
    """One request per 1,000 objects, under the storage's prefix (its `location`)."""
    location = str(getattr(storage, "location", "") or "").strip("/")
    prefix = f"{location}/" if location else ""
    client = storage.connection.meta.client  # type: ignore[attr-defined]
    pages = client.get_paginator("list_objects_v2").paginate(
        Bucket=storage.bucket_name,  # type: ignore[attr-defined]
        Prefix=prefix,
    )
    for page in pages:
        for entry in page.get("Contents", ()):
            key = entry["Key"]
            if not key.endswith("/"):
                yield key[len(prefix) :], int(entry["Size"])


def _listed_files(storage: Storage, folder: str) -> Iterator[tuple[str, int]]:
    """Any other storage: walk its listing (slower: one request per folder and per file)."""
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        path = f"{folder}/{name}" if folder else name
        yield path, storage.size(path)
    for name in sorted(folders):
        yield from _listed_files(storage, f"{folder}/{name}" if folder else name)
