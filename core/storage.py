"""Files kept in the file store (Django's default storage): a folder on one server, or an
S3-compatible bucket shared by every web process and worker (docs/adr/0027).

A download is streamed through the app from the store, a piece at a time, after the view
has checked that the person may have it: a signed link to the bucket would let anyone
holding it fetch the file without signing in, and the bucket is often on a network the
council's browsers cannot reach.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils.http import content_disposition_header

CHUNK = 64 * 1024
GONE = "This file is no longer kept"
_probe_clients: dict[tuple, object] = {}
_probe_lock = threading.Lock()


def _is_bucket(storage: Storage) -> bool:
    return hasattr(storage, "bucket_name") and hasattr(storage, "connection")


def _bucket_key(storage: Storage, name: str) -> str:
    from storages.utils import clean_name

    return storage._normalize_name(clean_name(name))


def stored_file_response(stored: FieldFile, *, filename: str):
    """The stored file as a download named `filename`, read from the store in pieces (never
    the whole file in memory, nothing written to this process's disk). A file no longer in
    the store is not found (404), never an error page."""
    storage = stored.storage
    if not _is_bucket(storage):
        try:
            return FileResponse(stored.open("rb"), as_attachment=True, filename=filename)
        except FileNotFoundError:
            raise Http404(GONE) from None
    from botocore.exceptions import ClientError

    try:
        got = storage.connection.meta.client.get_object(
            Bucket=storage.bucket_name, Key=_bucket_key(storage, stored.name)
        )
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
            raise Http404(GONE) from None
        raise
    body = got["Body"]

    def pieces() -> Iterator[bytes]:
        try:
            yield from body.iter_chunks(CHUNK)
        finally:
            body.close()

    response = StreamingHttpResponse(
        pieces(), content_type=got.get("ContentType") or "application/octet-stream"
    )
    response["Content-Length"] = str(got["ContentLength"])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _probe_client(storage: Storage, timeout: float):
    """A client of the store's own settings that gives up after `timeout` seconds, once:
    the readiness probe must answer quickly whatever the store does."""
    from botocore.config import Config

    key = (storage.endpoint_url, storage.region_name, storage.access_key, timeout)
    with _probe_lock:
        client = _probe_clients.get(key)
        if client is None:
            session = storage._create_session()
            config = storage.client_config.merge(
                Config(
                    connect_timeout=timeout, read_timeout=timeout, retries={"total_max_attempts": 1}
                )
            )
            client = session.client(
                "s3",
                region_name=storage.region_name,
                endpoint_url=storage.endpoint_url,
                use_ssl=storage.use_ssl,
                verify=storage.verify,
                config=config,
            )
            _probe_clients[key] = client
    return client


def storage_ready(*, timeout: float, storage: Storage | None = None) -> str:
    """Whether files can be kept: the folder is writable, or the bucket answers and lets
    this process in (one request). Raises the reason when not."""
    storage = storage or default_storage
    if isinstance(storage, FileSystemStorage):
        import os

        location = storage.location
        os.makedirs(location, exist_ok=True)  # as the first saved file would
        if not os.access(location, os.W_OK):
            raise OSError(f"{location} is not writable")
        return "writable"
    if _is_bucket(storage):
        _probe_client(storage, timeout).head_bucket(Bucket=storage.bucket_name)
        return f"bucket {storage.bucket_name} reachable"
    storage.exists(".readyz")  # another kind of store: one cheap request
    return "reachable"
