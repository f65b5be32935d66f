"""Security headers (the `secure` library) and the production start-up checks."""

from __future__ import annotations

import os

import secure
from flask import Flask, abort, request
from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix

from config import DEV_SECRET_KEY
from park.core.errors import render_error, wants_json

MIN_SECRET_KEY_LENGTH = 32
# Flask-Caching backends that live inside one process.
PER_PROCESS_CACHES = {"SimpleCache", "simple"}
NUL_CHARACTER = _l("Text cannot contain NUL characters.")


def content_security_policy() -> secure.ContentSecurityPolicy:
    # No inline script anywhere: JavaScript lives in files under /static.
    return (
        secure.ContentSecurityPolicy()
        .default_src("'self'")
        .script_src("'self'")
        .style_src("'self'")
        .img_src("'self'", "data:")
        .font_src("'self'")
        .connect_src("'self'")
        .object_src("'none'")
        .base_uri("'self'")
        .form_action("'self'")
        .frame_ancestors("'none'")
    )


def install_security_headers(app: Flask) -> None:
    headers = secure.Secure(
        csp=content_security_policy(),
        hsts=secure.StrictTransportSecurity().max_age(31536000).include_subdomains()
        if app.config.get("HSTS") else None,
        referrer=secure.ReferrerPolicy().strict_origin_when_cross_origin(),
        xcto=secure.XContentTypeOptions().nosniff(),
        xfo=secure.XFrameOptions().deny(),
        coop=secure.CrossOriginOpenerPolicy().same_origin(),
        permissions=secure.PermissionsPolicy().geolocation().microphone().camera(),
    )

    @app.after_request
    def set_security_headers(response):
        headers.set_headers(response)
        return response


def refuse_nul_characters(app: Flask) -> None:
    """No text column can hold a NUL character (PostgreSQL refuses it outright), and no person
    types one: a request carrying one in its path, query or form is refused before any view
    runs, naming the fields. (JSON bodies are checked by the API's schemas, at the field.)"""

    @app.before_request
    def refuse_nul():
        if "\x00" in request.path:
            abort(render_error(404))
        fields = {name: [str(NUL_CHARACTER)]
                  for source in (request.args, request.form)
                  for name, value in source.items(multi=True) if "\x00" in value or "\x00" in name}
        if fields:
            abort(render_error(422 if wants_json() else 400, NUL_CHARACTER,
                               {name.replace("\x00", ""): messages
                                for name, messages in fields.items()}))


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, take the client's address, scheme, host and
    prefix from their X-Forwarded-* headers (rate limits count per client, links and secure
    cookies see https). With 0, the default, those headers are ignored: a client could forge
    them."""
    count = int(app.config.get("TRUSTED_PROXIES") or 0)
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count,
                                x_prefix=count)


def worker_count() -> int:
    """The gunicorn workers serving this app (WEB_CONCURRENCY; config/gunicorn.py sets it)."""
    try:
        return max(1, int(os.environ.get("WEB_CONCURRENCY", "1")))
    except ValueError:
        return 1


def check_production_settings(app: Flask) -> None:
    """Refuse to start production with a missing, default or weak SECRET_KEY, or with state
    that several workers would each keep for themselves (rate-limit counters, the cache)."""
    key = app.config.get("SECRET_KEY") or ""
    if key == DEV_SECRET_KEY or len(key) < MIN_SECRET_KEY_LENGTH:
        raise RuntimeError(
            "SECRET_KEY must be set to a random value of at least "
            f"{MIN_SECRET_KEY_LENGTH} characters in production "
            '(python -c "import secrets; print(secrets.token_urlsafe(48))").'
        )
    per_process = [name for name, local in (
        ("RATELIMIT_STORAGE_URI", str(app.config.get("RATELIMIT_STORAGE_URI", ""))
         .startswith("memory://")),
        ("CACHE_TYPE", app.config.get("CACHE_TYPE") in PER_PROCESS_CACHES),
    ) if local]
    if not per_process:
        return
    if worker_count() > 1:
        raise RuntimeError(
            f"WEB_CONCURRENCY={worker_count()} workers would each keep their own "
            f"{' and '.join(per_process)} state (login limits multiplied, stale caches): "
            "set REDIS_URL (redis://host:6379/0) or run one worker."
        )
    app.logger.warning(
        "Production without REDIS_URL: %s live in this process only; "
        "fine for one worker, wrong for several.", " and ".join(per_process))
