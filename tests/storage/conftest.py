from tests.object_store import object_store, s3_endpoint  # noqa: F401  (the fixtures)
