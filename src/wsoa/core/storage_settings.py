"""Where uploaded files are kept, read from the environment: local disk, or an S3-compatible store.

Kept free of Django so settings.py can call it. With `WSOA_S3_BUCKET` set, files go to that
bucket (AWS, MinIO, Ceph … at `WSOA_S3_ENDPOINT_URL`); otherwise to `MEDIA_ROOT` as before.
Objects are private: wsoa never hands out their URLs, it streams them through views that check
the area (ADR 0024), so a signed URL, if one were ever made, lasts a minute.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DISK = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"
SIGNED_URL_SECONDS = 60
# Files larger than this are spooled to a temporary file, not memory, when read from the store.
MEMORY_BYTES = 2 * 1024 * 1024


def default_storage(environ: Mapping[str, str]) -> dict[str, Any]:
    """STORAGES["default"]: the S3 store when WSOA_S3_BUCKET is set, else the local disk."""
    bucket = environ.get("WSOA_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": DISK}
    key_id = environ.get("WSOA_S3_ACCESS_KEY_ID", "").strip()
    secret = environ.get("WSOA_S3_SECRET_ACCESS_KEY", "").strip()
    if bool(key_id) != bool(secret):
        raise RuntimeError(
            "Set both WSOA_S3_ACCESS_KEY_ID and WSOA_S3_SECRET_ACCESS_KEY, or neither "
            "(to use the machine's own credentials)"
        )
    endpoint = environ.get("WSOA_S3_ENDPOINT_URL", "").strip()
    if endpoint and not endpoint.startswith(("http://", "https://")):
        raise RuntimeError("WSOA_S3_ENDPOINT_URL must start http:// or https://")
    return {"BACKEND": S3, "OPTIONS": _s3_options(environ, bucket, endpoint, key_id, secret)}


def _s3_options(
    environ: Mapping[str, str], bucket: str, endpoint: str, key_id: str, secret: str
) -> dict[str, Any]:
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,
        "region_name": environ.get("WSOA_S3_REGION", "").strip() or None,
        "access_key": key_id or None,
        "secret_key": secret or None,
        "location": environ.get("WSOA_S3_PREFIX", "").strip().strip("/"),
        # No ACL is sent: objects stay private to the bucket's owner (and buckets that refuse
        # ACLs, as new AWS buckets do, accept the upload).
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": SIGNED_URL_SECONDS,
        # Never replace a stored file: keys are unique anyway (a random part, see
        # progress.models.evidence_path), so two app servers cannot pick the same one.
        "file_overwrite": False,
        "max_memory_size": MEMORY_BYTES,
        "client_config": _client_config(path_style=bool(endpoint)),
    }


def _client_config(*, path_style: bool) -> Any:
    """Short timeouts and few retries: a store that is down is reported in seconds."""
    from botocore.config import Config

    return Config(
        connect_timeout=3,
        read_timeout=20,
        retries={"max_attempts": 3, "mode": "standard"},
        signature_version="s3v4",
        # MinIO and Ceph behind one host name serve buckets as paths, not subdomains.
        s3={"addressing_style": "path" if path_style else "auto"},
    )
