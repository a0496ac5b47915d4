"""A real S3 API (moto's server mode) on a free local port, and the app's storage pointed at it.

One server per test process (xdist worker) for the session; each test gets a bucket of its own
and STORAGES["default"] made from WSOA_S3_* exactly as settings.py makes it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from factories import PersonFactory
from wsoa.core.storage_settings import default_storage
from wsoa.plans.models import ItemPerson

KEY_ID, SECRET = "wsoa-test-key", "wsoa-test-secret"
REGION = "eu-west-2"
PREFIX = "wsoa-files"


@dataclass
class Store:
    """A bucket on a running S3 API server, and the environment that points wsoa at it."""

    endpoint: str
    bucket: str
    prefix: str = PREFIX

    def environ(self) -> dict[str, str]:
        return {
            "WSOA_S3_BUCKET": self.bucket,
            "WSOA_S3_ENDPOINT_URL": self.endpoint,
            "WSOA_S3_REGION": REGION,
            "WSOA_S3_ACCESS_KEY_ID": KEY_ID,
            "WSOA_S3_SECRET_ACCESS_KEY": SECRET,
            "WSOA_S3_PREFIX": self.prefix,
        }

    def client(self) -> Any:
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=KEY_ID,
            aws_secret_access_key=SECRET,
        )

    def create(self) -> Store:
        self.client().create_bucket(
            Bucket=self.bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        return self

    def objects(self) -> dict[str, bytes]:
        """Every object in the bucket: key → bytes."""
        client = self.client()
        listed = client.list_objects_v2(Bucket=self.bucket).get("Contents", [])
        return {
            o["Key"]: client.get_object(Bucket=self.bucket, Key=o["Key"])["Body"].read()
            for o in listed
        }


class S3Server:
    """moto's S3 API in a thread of this process, on a free port of the loopback interface."""

    def __init__(self) -> None:
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.server.start()
        host, port = self.server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"

    def stop(self) -> None:
        """Stop answering and close the port, as a store that went down."""
        self.server.stop()
        self.server._server.server_close()  # type: ignore[union-attr]

    def store(self) -> Store:
        return Store(self.endpoint, f"wsoa-{uuid.uuid4().hex[:12]}").create()


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    server = S3Server()
    yield server
    server.stop()


@pytest.fixture
def s3(s3_server: S3Server, settings: Any) -> Store:
    """A new bucket, and wsoa's default storage in it (as WSOA_S3_* would configure it)."""
    store = s3_server.store()
    settings.STORAGES = {**settings.STORAGES, "default": default_storage(store.environ())}
    return store


@pytest.fixture
def failing_s3(settings: Any) -> Iterator[tuple[S3Server, Store]]:
    """A store of its own that the test can stop (its bucket made while it runs)."""
    server = S3Server()
    store = server.store()
    settings.STORAGES = {**settings.STORAGES, "default": default_storage(store.environ())}
    yield server, store
    if server.server._server_ready_event.is_set():
        server.stop()


@pytest.fixture
def owned_item(plan, item, contributor):
    """Action 1.1, led by the plan's person linked to the contributor's account."""
    person = PersonFactory(plan=plan, name="Jo Heaney", short_code="JH", user=contributor)
    lead = item.people.get(part=ItemPerson.Part.LEAD)
    lead.person = person
    lead.save()
    return item
