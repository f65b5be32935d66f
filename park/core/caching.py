"""The shared cache (park.extensions.cache) for pages and query results: keys with a version
prefix, a namespace and a namespace generation, so one call drops every entry of a namespace
on every worker; and reads that survive the cache server going away."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TypeVar

from flask import current_app
from redis.exceptions import RedisError

from park.extensions import cache

T = TypeVar("T")
# What a cache backend raises when its server is unreachable or misbehaves.
CACHE_ERRORS = (RedisError, OSError)


def _generation_key(namespace: str) -> str:
    return f"v{current_app.config.get('CACHE_VERSION', '1')}:{namespace}:generation"


def generation(namespace: str) -> str:
    """The namespace's current generation. A missing one (never set, or evicted) starts a new
    random generation rather than falling back to an old value whose entries may be stale;
    with the cache unreachable every call gets a new one, so nothing stale is ever read."""
    key = _generation_key(namespace)
    try:
        current = cache.get(key)
        if current is None:
            cache.add(key, secrets.token_hex(6), timeout=0)  # the first worker to add it wins
            current = cache.get(key)
    except CACHE_ERRORS as error:
        _unreachable(error)
        current = None
    return current or secrets.token_hex(6)


def cache_key(namespace: str, *parts: object) -> str:
    """`v<CACHE_VERSION>:<namespace>:<generation>:<part>:<part>...`; entries under an older
    generation are never read again and expire by their timeout."""
    tail = ":".join(str(part) for part in parts)
    return (f"v{current_app.config.get('CACHE_VERSION', '1')}:{namespace}:"
            f"{generation(namespace)}:{tail}")


def invalidate(namespace: str) -> None:
    """Start a new generation of the namespace: every worker's next read misses. Call it after
    the commit that changed what the namespace's entries show."""
    try:
        cache.set(_generation_key(namespace), secrets.token_hex(6), timeout=0)
    except CACHE_ERRORS as error:
        _unreachable(error)


def remember(key: str, compute: Callable[[], T], timeout: int | None = None) -> T:
    """The cached value under `key`, else `compute()` stored there. The page is served from
    `compute()` when the cache server is down. (None is never cached: it reads as a miss.)"""
    try:
        value = cache.get(key)
    except CACHE_ERRORS as error:
        _unreachable(error)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout=timeout)
        except CACHE_ERRORS as error:
            _unreachable(error)
    return value


def _unreachable(error: Exception) -> None:
    current_app.logger.warning("Cache unavailable, serving without it: %s", error)
