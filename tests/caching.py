"""The test suite's handling of the shared cache."""


def cache_empty() -> None:
    """Empty the cache. On Redis only the cache's own keys go: the cache may share its
    database with Celery's queues (CACHE_URL unset falls back to REDIS_URL), which Django's
    clear() would flush with it."""
    from django.core.cache import cache

    client = getattr(cache, "_cache", None)
    if not hasattr(client, "get_client"):
        cache.clear()
        return
    redis = client.get_client(write=True)
    keys = list(redis.scan_iter(match=cache.make_key("*"), count=1000))
    if keys:
        redis.delete(*keys)
