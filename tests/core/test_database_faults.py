"""The database going away mid-traffic: friendly 503s (JSON on the API), no half-done writes,
and recovery without restarting the app once the database is back.

On PostgreSQL the app talks to the database through a small TCP proxy that the tests cut
(every open connection dropped, new ones refused) and restore, and the server itself ends the
app's connections as a restart would. On SQLite the database "goes away" as a lock held too
long by another process."""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import threading
import uuid

import pytest
from sqlalchemy import event, make_url, select, text

from config import Testing
from park import create_app
from park.core.audit import AuditEntry
from park.extensions import db
from park.projects.lifecycle import DEFAULT_TEMPLATE
from park.projects.models import LifecycleStage, Project, ProjectMember
from tests.conftest import ON_POSTGRES, csrf_token, post_form, requires_postgres
from tests.factories import PASSWORD, OrganisationFactory, member_of
from tests.helpers import count

NEW_PROJECT = "/orgs/lotus/projects/new"
UNAVAILABLE = "Park is briefly unavailable. Please try again in a minute."

requires_sqlite = pytest.mark.skipif(ON_POSTGRES, reason="an SQLite lock; the PostgreSQL run "
                                                         "cuts the connection instead")


class DatabaseLink:
    """A TCP proxy to the database that the test can cut, as a network failure or a database
    restart would: open connections are dropped and new ones refused until restored."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.lock = threading.Lock()
        self.open_sockets: set[socket.socket] = set()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return  # closed
            with self.lock:
                up = self.up
            if not up:
                _close(client)  # a database that is down: the connection ends at once
                continue
            try:
                server = socket.create_connection(self.target)
            except OSError:
                _close(client)
                continue
            with self.lock:
                self.open_sockets.update((client, server))
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                target.sendall(data)
        with self.lock:
            self.open_sockets.difference_update((source, target))
        _close(source)
        _close(target)

    def cut(self) -> None:
        with self.lock:
            self.up = False
            dropped = list(self.open_sockets)
            self.open_sockets.clear()
        for sock in dropped:
            _close(sock)

    def restore(self) -> None:
        with self.lock:
            self.up = True

    def close(self) -> None:
        self.cut()
        _close(self.listener)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


def _app_on(url: str, tmp_path, **settings):
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                       "SERVER_NAME": "park.test", "MAIL_FILE_PATH": str(tmp_path / "mail"),
                       "UPLOAD_FOLDER": str(tmp_path / "uploads"), **settings})


@contextlib.contextmanager
def _disposed_afterwards(app):
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def link(database_url):
    url = make_url(database_url)
    link = DatabaseLink(url.host or "127.0.0.1", url.port or 5432)
    yield link
    link.close()


@pytest.fixture
def linked_app(app, database_url, link, tmp_path):
    """A second app on the test database, reaching it only through `link`."""
    url = make_url(database_url).set(host="127.0.0.1", port=link.port)
    with _disposed_afterwards(_app_on(url.render_as_string(hide_password=False),
                                      tmp_path)) as linked:
        yield linked


@pytest.fixture
def designer(app):
    firm = OrganisationFactory(slug="lotus", name="Lotus Design")
    return member_of(firm, name="Wang Lei")


def _signed_in(client, user):
    response = post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def _csrf_token(client) -> str:
    return csrf_token(client, NEW_PROJECT)


def _new_project(title: str = "Electric scooter fairing") -> dict:
    return {"title": title, "summary": "", "specialty": "", "client": "",
            "template": DEFAULT_TEMPLATE, "start_on": "", "target_end_on": "",
            "visibility": "private"}


def _project_rows() -> dict[str, int]:
    """Every table a new project writes to."""
    return {model.__name__: count(model)
            for model in (Project, LifecycleStage, ProjectMember, AuditEntry)}


def _assert_friendly_503(response) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert UNAVAILABLE in response.get_data(as_text=True)


# PostgreSQL: the connection cut ------------------------------------------------------------


@requires_postgres
def test_pages_and_api_answer_a_friendly_503_while_the_database_is_unreachable(
    linked_app, link, designer
):
    client = _signed_in(linked_app.test_client(), designer)
    assert client.get(NEW_PROJECT).status_code == 200

    link.cut()

    _assert_friendly_503(client.get(NEW_PROJECT))
    _assert_friendly_503(client.get("/directory"))
    _assert_friendly_503(linked_app.test_client().get("/"))
    api = linked_app.test_client().get("/api/v1/organisations")
    assert api.status_code == 503
    assert api.get_json() == {"error": {"code": "unavailable", "message": UNAVAILABLE,
                                        "fields": {}}}
    assert client.get("/healthz").status_code == 503


@requires_postgres
def test_a_form_post_while_the_database_is_unreachable_writes_nothing(
    linked_app, link, designer
):
    client = _signed_in(linked_app.test_client(), designer)
    token = _csrf_token(client)
    before = _project_rows()

    link.cut()
    response = client.post(NEW_PROJECT, data={"csrf_token": token, **_new_project()})
    link.restore()

    _assert_friendly_503(response)
    assert _project_rows() == before


@requires_postgres
def test_the_same_client_succeeds_once_the_database_is_back_without_a_restart(
    linked_app, link, designer
):
    client = _signed_in(linked_app.test_client(), designer)
    token = _csrf_token(client)
    link.cut()
    assert client.get(NEW_PROJECT).status_code == 503

    link.restore()

    page = client.get(NEW_PROJECT)
    assert page.status_code == 200 and "Wang Lei" in page.get_data(as_text=True)
    saved = client.post(NEW_PROJECT, data={"csrf_token": token, **_new_project()})
    assert saved.status_code == 302
    assert db.session.scalar(select(Project.title)) == "Electric scooter fairing"
    assert client.get("/healthz").get_json() == {"status": "ok", "db": "ok"}


@requires_postgres
def test_a_connection_cut_in_the_middle_of_a_multi_row_write_leaves_nothing_half_done(
    linked_app, link, designer
):
    client = _signed_in(linked_app.test_client(), designer)
    token = _csrf_token(client)
    before = _project_rows()

    def cut_after_the_project_row(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("INSERT INTO projects "):
            link.cut()  # the project row is written; its stages, lead and audit entry are not

    with linked_app.app_context():
        engine = db.engine
    event.listen(engine, "after_cursor_execute", cut_after_the_project_row)
    try:
        response = client.post(NEW_PROJECT, data={"csrf_token": token, **_new_project()})
    finally:
        event.remove(engine, "after_cursor_execute", cut_after_the_project_row)
        link.restore()

    _assert_friendly_503(response)
    assert _project_rows() == before
    assert client.post(NEW_PROJECT, data={"csrf_token": token,
                                          **_new_project()}).status_code == 302


@requires_postgres
def test_pooled_connections_ended_by_the_server_do_not_fail_the_next_requests(
    app, database_url, designer, tmp_path
):
    # As after a PostgreSQL restart or a failover: every connection in the pool is dead.
    name = f"park-fault-{uuid.uuid4().hex[:8]}"
    options = {**Testing.SQLALCHEMY_ENGINE_OPTIONS, "connect_args": {"application_name": name}}
    with _disposed_afterwards(_app_on(database_url, tmp_path,
                                      SQLALCHEMY_ENGINE_OPTIONS=options)) as served:
        client = _signed_in(served.test_client(), designer)
        with served.app_context():
            pooled = [db.engine.connect() for _ in range(3)]
            for connection in pooled:
                connection.close()  # back to the pool, still open

        ended = db.session.scalar(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = :name"), {"name": name})
        assert ended >= 3

        responses = [client.get(path) for path in (NEW_PROJECT, "/directory", "/", "/events")]
        assert [response.status_code for response in responses] == [200, 200, 200, 200]
        assert "Wang Lei" in responses[0].get_data(as_text=True)


# SQLite: the database locked by another process ----------------------------------------------


@pytest.fixture
def impatient_app(app, database_url, tmp_path):
    """A second app on the test database that waits only briefly for SQLite's locks."""
    with _disposed_afterwards(_app_on(database_url, tmp_path)) as impatient:
        with impatient.app_context():
            engine = db.engine

        @event.listens_for(engine, "checkout")
        def _wait_briefly(dbapi_connection, connection_record, connection_proxy):
            dbapi_connection.execute("PRAGMA busy_timeout = 200")

        yield impatient


def _sqlite_file(database_url: str) -> str:
    return make_url(database_url).database


@requires_sqlite
def test_pages_answer_a_friendly_503_while_sqlite_is_locked_and_recover_when_it_is_released(
    impatient_app, database_url, designer
):
    client = _signed_in(impatient_app.test_client(), designer)
    db.session.remove()  # the test's own session must not hold a lock either
    holder = sqlite3.connect(_sqlite_file(database_url), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        locked = client.get(NEW_PROJECT)
        api = impatient_app.test_client().get("/api/v1/organisations")
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    _assert_friendly_503(locked)
    assert api.status_code == 503 and api.get_json()["error"]["code"] == "unavailable"
    released = client.get(NEW_PROJECT)
    assert released.status_code == 200 and "Wang Lei" in released.get_data(as_text=True)


@requires_sqlite
def test_a_commit_refused_by_a_locked_sqlite_database_changes_nothing_and_the_next_succeeds(
    impatient_app, database_url, designer
):
    client = _signed_in(impatient_app.test_client(), designer)
    token = _csrf_token(client)
    before = _project_rows()
    db.session.remove()
    reader = sqlite3.connect(_sqlite_file(database_url), isolation_level=None)

    def hold_a_read_lock_after_the_project_row(conn, cursor, statement, parameters, context,
                                               executemany):
        # A reader in the middle of its transaction: the app's commit cannot take the lock.
        if statement.startswith("INSERT INTO projects ") and not reader.in_transaction:
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM users").fetchall()

    with impatient_app.app_context():
        engine = db.engine
    event.listen(engine, "after_cursor_execute", hold_a_read_lock_after_the_project_row)
    try:
        response = client.post(NEW_PROJECT, data={"csrf_token": token, **_new_project()})
    finally:
        event.remove(engine, "after_cursor_execute", hold_a_read_lock_after_the_project_row)
        if reader.in_transaction:
            reader.execute("ROLLBACK")
        reader.close()

    _assert_friendly_503(response)
    assert _project_rows() == before
    assert client.post(NEW_PROJECT, data={"csrf_token": token,
                                          **_new_project()}).status_code == 302
    assert count(Project) == 1
