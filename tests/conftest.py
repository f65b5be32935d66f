"""Fixtures: the app on a fresh schema (SQLite, or PostgreSQL when TEST_DATABASE_URL is set),
its client and CLI runner, a login helper, and a query counter."""

from __future__ import annotations

import os
import re
from contextlib import contextmanager

# The Testing settings (memory mail backend, rate limits off) unless a test asks otherwise.
os.environ["PARK_ENV"] = "testing"

import pytest
from flask import g
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, make_url, text

from park import create_app
from park.extensions import db as _db
from park.extensions import limiter
from tests import factories

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
ON_POSTGRES = bool(TEST_DATABASE_URL and TEST_DATABASE_URL.startswith("postgresql"))

requires_postgres = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="needs PostgreSQL: set TEST_DATABASE_URL=postgresql+psycopg://... (CI does)",
)


def _worker_database(url: str, worker: str) -> str:
    """A PostgreSQL database of its own for one pytest-xdist worker (park_test_gw0, ...),
    created beside TEST_DATABASE_URL's when missing."""
    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                    {"name": name}).scalar()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _database_url(tmp_path_factory, worker: str) -> str:
    if TEST_DATABASE_URL:
        if ON_POSTGRES and worker != "master":
            return _worker_database(TEST_DATABASE_URL, worker)
        return TEST_DATABASE_URL
    # A file rather than :memory: so threads (the browser test's server) share the data; each
    # xdist worker has a base temporary folder of its own.
    return f"sqlite:///{tmp_path_factory.getbasetemp() / 'park-test.sqlite3'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, request):
    worker = getattr(request.config, "workerinput", {}).get("workerid", "master")
    return _database_url(tmp_path_factory, worker)


@pytest.fixture(scope="session")
def _schema(database_url):
    """Create the schema once per session; each test empties the tables afterwards."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    yield
    with app.app_context():
        _db.drop_all()
        _db.engine.dispose()


def _empty_tables() -> None:
    _db.session.remove()
    with _db.engine.begin() as connection:
        for table in reversed(_db.metadata.sorted_tables):
            connection.execute(table.delete())


class FreshRequestClient(FlaskClient):
    """The tests hold one app context open for factories; each request still starts with an
    empty `g`, as in production (Flask-Login and Flask-Babel cache the user and locale there)."""

    def open(self, *args, **kwargs):
        for name in list(vars(g)):
            delattr(g, name)
        return super().open(*args, **kwargs)


def marked_settings(request) -> dict:
    """The settings a test adds with `@pytest.mark.app_settings(NAME=value, ...)` (a test of
    caching asks for a real cache: tests cache nothing by default)."""
    marker = request.node.get_closest_marker("app_settings")
    return marker.kwargs if marker else {}


@pytest.fixture
def app(_schema, database_url, tmp_path, request):
    """The app on the worker's database, with the test's `marked_settings`."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SERVER_NAME": "park.test",
            "MAIL_FILE_PATH": str(tmp_path / "mail"),
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            **marked_settings(request),
        }
    )
    app.test_client_class = FreshRequestClient
    with app.app_context():
        if app.config["RATELIMIT_ENABLED"]:
            limiter.reset()
        yield app
        _empty_tables()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def outbox(app):
    """E-mails sent during the test (Flask-Mailman's memory backend)."""
    mail = app.extensions["mailman"]
    mail.outbox = []
    return mail.outbox


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                     r'name="csrf_token" value="([^"]+)"')


def csrf_token(client, path: str) -> str:
    """Fetch `path` and return the CSRF token from its form, as a browser would."""
    response = client.get(path)
    match = CSRF_RE.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1) or match.group(2)


def post_form(client, path: str, data: dict, *, page: str | None = None, **kwargs):
    """POST `data` to `path` with the CSRF token of the page that shows the form."""
    token = csrf_token(client, page or path)
    return client.post(path, data={"csrf_token": token, **data}, **kwargs)


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, email: str, password: str = factories.PASSWORD, **kwargs):
        return post_form(self.client, "/login", {"email": email, "password": password}, **kwargs)

    def logout(self):
        return post_form(self.client, "/logout", {}, page="/")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def login(auth):
    """Log a user in: `login(user)`; returns the user."""

    def _login(user, password: str = factories.PASSWORD):
        response = auth.login(user.email, password)
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return _login


class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """`with count_queries() as counter: ...` then `counter.count`."""

    @contextmanager
    def _count():
        counter = QueryCounter()
        event.listen(_db.engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(_db.engine, "before_cursor_execute", counter)

    return _count


@pytest.fixture
def max_queries(count_queries):
    """`with max_queries(8): client.get(...)` fails if the block runs more statements."""

    @contextmanager
    def _limit(limit: int):
        with count_queries() as counter:
            yield counter
        assert counter.count <= limit, (
            f"{counter.count} queries, expected at most {limit}:\n" + "\n".join(counter.statements)
        )

    return _limit
