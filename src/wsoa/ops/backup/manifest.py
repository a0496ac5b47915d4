"""The manifest of a backup: what it holds and the checksums a restore must find again."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

FORMAT = 1
NAME = "manifest.json"
FILES = "files"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass
class Manifest:
    engine: str  # "postgresql" or "sqlite"
    database_file: str
    database_sha256: str
    app_version: str
    made_at: str
    migrations: list[list[str]] = field(default_factory=list)  # [app, name], applied
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> sha256, size
    snapshots: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> kind -> sha256
    format: int = FORMAT

    def write(self, folder: Path) -> None:
        text = json.dumps(asdict(self), indent=1, sort_keys=True)
        (folder / NAME).write_text(text + "\n", encoding="utf-8")

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        """Read and check the manifest's shape; raise BackupError naming what is wrong."""
        path = folder / NAME
        if not path.is_file():
            raise BackupError(
                f"{folder} has no {NAME}: it is not a wsoa backup, or the backup did not finish."
            )
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            manifest = cls(**data)
        except (ValueError, TypeError) as error:
            raise BackupError(f"{path} cannot be read as a wsoa manifest: {error}") from error
        if manifest.format != FORMAT:
            raise BackupError(f"{path} is in backup format {manifest.format}; wsoa reads {FORMAT}.")
        for name in manifest.files:
            safe_name(name)
        return manifest


def safe_name(name: str) -> str:
    """Return a stored file's name if it stays inside the files folder, else raise BackupError."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name:
        raise BackupError(f"The backup names a file outside its folder: {name!r}.")
    return name


def sha256_of(stream: IO[bytes]) -> tuple[str, int]:
    """Return the SHA-256 and size of everything left in a binary stream."""
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def sha256_of_file(path: Path) -> str:
    with path.open("rb") as stream:
        return sha256_of(stream)[0]
