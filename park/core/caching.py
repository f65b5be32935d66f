"""The shared cache (park.extensions.cache) for pages and query results: keys with a version
prefix, a namespace and a namespace generation, so one call drops every entry of a namespace
on every worker; and reads that survive the cache server going away.

`watch` starts a namespace's new generation after every commit that touched the models it
names, and `shared_fragment` keeps rendered HTML that is the same for everyone with the same
key, CSRF tokens included: they are written as a placeholder and filled in on the way out."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from itertools import chain
from typing import Any, TypeVar

from flask import Flask, current_app, g, has_app_context, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from redis.exceptions import RedisError
from sqlalchemy import event
from sqlalchemy.orm import Session

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


def arguments_digest() -> str:
    """The request's query string, in a stable order, as a short key part: a page whose links
    keep every argument differs with any of them."""
    arguments = sorted(request.args.items(multi=True))
    return hashlib.sha256(repr(arguments).encode()).hexdigest()[:32]


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


# Invalidation on commit ----------------------------------------------------------------------

# (models, namespace or a function naming the namespace of one instance, or None)
_watches: list[tuple[tuple[type, ...], Callable[[Any], str | None]]] = []
_TOUCHED = "park_touched_namespaces"


def watch(*models: type, namespace: str | Callable[[Any], str | None]) -> None:
    """After any commit that adds, changes or deletes an instance of `models`, start a new
    generation of `namespace` (a name, or a function of the instance giving one), so no
    worker reads what was cached before it. Writes that bypass the ORM's unit of work (bulk
    statements) are not seen: what is cached under a watched namespace also has a lifetime."""
    name_of = namespace if callable(namespace) else (lambda _obj: namespace)
    _watches.append((models, name_of))


@event.listens_for(Session, "before_flush")
def _note_touched(session: Session, _context, _instances) -> None:
    if not _watches:
        return
    touched = session.info.setdefault(_TOUCHED, set())
    for obj in chain(session.new, session.dirty, session.deleted):
        for models, name_of in _watches:
            if isinstance(obj, models) and (name := name_of(obj)):
                touched.add(name)


@event.listens_for(Session, "after_commit")
def _drop_touched(session: Session) -> None:
    touched = session.info.pop(_TOUCHED, None)
    if touched and has_app_context():
        for namespace in touched:
            invalidate(namespace)


@event.listens_for(Session, "after_rollback")
def _forget_touched(session: Session) -> None:
    session.info.pop(_TOUCHED, None)


# Fragments shared between people ----------------------------------------------------------------

CSRF_PLACEHOLDER = "park-shared-fragment-csrf-token"
_SHARING = "park_rendering_shared_fragment"


def csrf_token() -> str:
    """Templates' `csrf_token()`: the session's token, or while a shared fragment renders, a
    placeholder that `shared_fragment` replaces with the reader's token."""
    if g.get(_SHARING):
        return CSRF_PLACEHOLDER
    return generate_csrf()


def install_csrf_placeholder(app: Flask) -> None:
    """Templates reach `csrf_token` as a global (from imported macros) and through
    Flask-WTF's context processor (the page itself): both are this one."""
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(lambda: {"csrf_token": csrf_token})


def shared_fragment(key: str, render: Callable[[], str], timeout: int) -> Markup:
    """HTML that is the same for everyone whose request gives the same `key` (which must
    name everything the HTML shows: the data's generation, the language, the day, what the
    reader may do), cached under it for `timeout` seconds. Only `csrf_token()` differs
    between readers: it is rendered as a placeholder and filled with this reader's token. A
    fragment that holds a real token anyway (a WTForms CSRF field) is served but never kept."""

    unshareable: list[str] = []

    def render_shared() -> str | None:
        g.setdefault(_SHARING, True)
        try:
            html = str(render())
        finally:
            g.pop(_SHARING, None)
        real = g.get("csrf_token")  # Flask-WTF keeps the token it signed for this request
        if real and real in html:
            current_app.logger.error("A shared fragment holds a CSRF token; not cached: %s", key)
            unshareable.append(html)
            return None  # never cached: None reads as a miss
        return html

    html = remember(key, render_shared, timeout=timeout)
    if html is None:
        html = unshareable[0]
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, generate_csrf())
    return Markup(html)  # noqa: S704 (rendered by our autoescaping templates)
