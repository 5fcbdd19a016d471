"""A real S3-compatible server for the tests: moto in server mode, on a free loopback port,
started once per test session; each test that asks gets a bucket of its own and Django's
default storage pointed at it, as a council's server with STORAGE_BUCKET set."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import boto3
import pytest
from moto.server import ThreadedMotoServer

from config.settings import object_storage

REGION = "eu-west-2"
KEYS = {"access_key": "golden-thread-test", "secret_key": "golden-thread-test-secret"}


@dataclass
class Store:
    endpoint: str
    bucket: str
    prefix: str
    client: object

    def keys(self) -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.bucket)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def environment(self) -> dict[str, str]:
        """The settings a process started by a test reads to use this bucket."""
        return {
            "STORAGE_BUCKET": self.bucket,
            "STORAGE_ENDPOINT_URL": self.endpoint,
            "STORAGE_REGION": REGION,
            "STORAGE_PREFIX": self.prefix,
            "STORAGE_ACCESS_KEY_ID": KEYS["access_key"],
            "STORAGE_SECRET_ACCESS_KEY": KEYS["secret_key"],
        }


@pytest.fixture(scope="session")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def s3_client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )


@pytest.fixture
def object_store(s3_endpoint, settings) -> Store:
    """A new bucket, and the default storage in it under a prefix (as STORAGE_PREFIX)."""
    bucket = f"golden-thread-{uuid.uuid4().hex[:10]}"
    client = s3_client(s3_endpoint)
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    store = Store(endpoint=s3_endpoint, bucket=bucket, prefix="council", client=client)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": object_storage(
            bucket, endpoint_url=s3_endpoint, region=REGION, prefix=store.prefix, **KEYS
        ),
    }
    # A test folder that nothing should be written to while the bucket is in use.
    settings.MEDIA_ROOT = "/nonexistent/golden-thread-media"
    return store
