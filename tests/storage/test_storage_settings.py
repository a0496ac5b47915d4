"""WSOA_S3_* → STORAGES["default"]: the S3 store, private, or the local disk as before."""

from __future__ import annotations

import pytest

from wsoa.core.storage_settings import DISK, S3, default_storage

S3_ENV = {
    "WSOA_S3_BUCKET": "wsoa-evidence",
    "WSOA_S3_ENDPOINT_URL": "https://minio.council.internal:9000",
    "WSOA_S3_REGION": "eu-west-2",
    "WSOA_S3_ACCESS_KEY_ID": "key",
    "WSOA_S3_SECRET_ACCESS_KEY": "secret",
    "WSOA_S3_PREFIX": "/production/",
}


def test_without_a_bucket_files_stay_on_the_local_disk():
    assert default_storage({}) == {"BACKEND": DISK}
    assert default_storage({"WSOA_S3_BUCKET": "  "}) == {"BACKEND": DISK}


def test_a_bucket_gives_a_private_s3_store_that_never_overwrites():
    found = default_storage(S3_ENV)
    options = found["OPTIONS"]
    assert found["BACKEND"] == S3
    assert (options["bucket_name"], options["location"]) == ("wsoa-evidence", "production")
    assert options["endpoint_url"] == "https://minio.council.internal:9000"
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")
    assert options["default_acl"] is None and options["file_overwrite"] is False
    assert options["querystring_auth"] is True and options["querystring_expire"] <= 60
    config = options["client_config"]
    assert config.s3 == {"addressing_style": "path"} and config.connect_timeout <= 5
    assert config.retries == {"max_attempts": 3, "mode": "standard"}


def test_on_aws_the_machines_own_credentials_and_the_default_addressing_are_used():
    options = default_storage({"WSOA_S3_BUCKET": "wsoa-evidence"})["OPTIONS"]
    assert options["endpoint_url"] is None and options["access_key"] is None
    assert options["location"] == "" and options["client_config"].s3 == {"addressing_style": "auto"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"WSOA_S3_SECRET_ACCESS_KEY": ""}, "Set both WSOA_S3_ACCESS_KEY_ID and"),
        ({"WSOA_S3_ACCESS_KEY_ID": ""}, "Set both WSOA_S3_ACCESS_KEY_ID and"),
        ({"WSOA_S3_ENDPOINT_URL": "minio:9000"}, "must start http:// or https://"),
    ],
)
def test_incomplete_settings_stop_the_app_with_what_to_fix(change, message):
    with pytest.raises(RuntimeError, match=message):
        default_storage({**S3_ENV, **change})
