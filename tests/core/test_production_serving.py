"""Serving with several workers: nothing a request needs may live in one worker's memory, the
shared cache and its keys, and the client's address behind a reverse proxy."""

import logging

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError
from werkzeug.middleware.proxy_fix import ProxyFix

from config import Production
from park import create_app
from park.core.caching import cache_key, invalidate, remember
from park.extensions import cache, limiter


class StrongProduction(Production):
    SECRET_KEY = "x" * 48
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    RATELIMIT_STORAGE_URI = "memory://"
    CACHE_TYPE = "SimpleCache"


class RedisProduction(StrongProduction):
    RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/15"
    CACHE_TYPE = "RedisCache"
    CACHE_REDIS_URL = "redis://127.0.0.1:6379/15"


def test_production_refuses_several_workers_without_redis(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    with pytest.raises(RuntimeError, match="REDIS_URL"):
        create_app(StrongProduction)


def test_production_with_one_worker_warns_that_limits_and_cache_are_per_process(
        monkeypatch, caplog):
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    with caplog.at_level(logging.WARNING):
        create_app(StrongProduction)
    assert "RATELIMIT_STORAGE_URI and CACHE_TYPE live in this process only" in caplog.text


def test_production_with_redis_starts_with_several_workers(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    app = create_app(RedisProduction)
    assert app.config["CACHE_TYPE"] == "RedisCache"


def test_tests_get_a_cache_that_keeps_nothing(app):
    cache.set("answer", 42)
    assert app.config["CACHE_TYPE"] == "NullCache"
    assert cache.get("answer") is None


@pytest.fixture
def simple_cache_app(database_url, _schema):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "CACHE_TYPE": "SimpleCache", "CACHE_VERSION": "7"})
    with app.app_context():
        cache.clear()
        yield app


def test_cache_keys_carry_the_version_and_namespace(simple_cache_app):
    key = cache_key("directory", "en", "q=mould")
    assert key.startswith("v7:directory:")
    assert key.endswith(":en:q=mould")
    assert cache_key("directory", "en", "q=mould") == key


def test_invalidating_a_namespace_changes_its_keys_and_no_other(simple_cache_app):
    directory, events = cache_key("directory", "page"), cache_key("events", "page")
    cache.set(directory, "stale page")
    invalidate("directory")
    assert cache_key("directory", "page") != directory
    assert cache.get(cache_key("directory", "page")) is None
    assert cache_key("events", "page") == events


def test_remember_computes_once_then_serves_from_the_cache(simple_cache_app):
    calls = []

    def compute():
        calls.append(1)
        return "rendered page"

    assert remember("k", compute) == "rendered page"
    assert remember("k", compute) == "rendered page"
    assert len(calls) == 1


def test_pages_are_computed_when_the_cache_server_is_down(simple_cache_app, monkeypatch):
    def refuse(*args, **kwargs):
        raise RedisConnectionError("Connection refused")

    monkeypatch.setattr(cache, "get", refuse)
    monkeypatch.setattr(cache, "set", refuse)
    assert remember(cache_key("directory", "page"), lambda: "fresh page") == "fresh page"


def test_proxy_headers_are_ignored_unless_proxies_are_trusted(app):
    assert not isinstance(app.wsgi_app, ProxyFix)


@pytest.fixture
def proxied_app(database_url, _schema):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "TRUSTED_PROXIES": 1, "RATELIMIT_ENABLED": True,
                      "RATELIMIT_LOGIN": "1 per minute", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        limiter.reset()
        yield app
        limiter.reset()


def _log_in_from(client, address: str) -> int:
    return client.post("/login", data={"email": "nobody@park.example", "password": "wrong"},
                       headers={"X-Forwarded-For": address}).status_code


def test_behind_a_trusted_proxy_login_limits_count_per_client(proxied_app):
    client = proxied_app.test_client()
    assert _log_in_from(client, "203.0.113.7") == 200
    assert _log_in_from(client, "203.0.113.8") == 200
    assert _log_in_from(client, "203.0.113.7") == 429
