"""`flask backup` and `flask restore`: the demo park survives a round trip on SQLite and on
PostgreSQL, and a restore refuses what it cannot safely restore."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, make_url, select, text, update

from park import create_app
from park.accounts.models import Organisation, User
from park.core.backup import libpq_connection
from park.extensions import cache, db
from park.projects.models import Project
from tests.conftest import marked_settings
from tests.databases import KINDS, scratch_database
from tests.factories import PASSWORD_HASH, UserFactory


def _quiet(_message: str) -> None:
    pass


@pytest.fixture
def park_app(request, tmp_path):
    """An app on a database of its own (a restore replaces it all), with its tables."""
    kind = getattr(request, "param", "sqlite")
    with scratch_database(kind, "park_backup", tmp_path) as url:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                          "UPLOAD_FOLDER": str(tmp_path / "uploads"),
                          "MAIL_FILE_PATH": str(tmp_path / "mail"),
                          **marked_settings(request)})
        with app.app_context():
            db.create_all()
            yield app
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def demo_park(park_app):
    from park.demo.seed import seed_demo

    seed_demo(echo=_quiet)
    db.session.remove()
    return park_app


def _snapshot() -> dict:
    """Every table's row count and a few values people would notice."""
    db.session.remove()
    with db.engine.connect() as connection:
        counts = {table.name: connection.scalar(select(func.count()).select_from(table))
                  for table in db.metadata.sorted_tables}
        return {
            "counts": counts,
            "organisations": dict(connection.execute(select(Organisation.slug,
                                                            Organisation.name)).all()),
            "passwords": dict(connection.execute(select(User.email, User.password_hash)).all()),
            "projects": sorted(connection.scalars(select(Project.title))),
        }


def _change_everything() -> None:
    with db.engine.begin() as connection:
        for table in ("registrations", "audit_entries", "stage_transitions", "memberships"):
            connection.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - fixed names
        connection.execute(update(Organisation).values(name="Renamed after the backup"))
    db.session.add(User(email="after-backup@example.com", name="Late", password_hash=PASSWORD_HASH,
                        locale="en", is_admin=False, active=True))
    db.session.commit()
    db.session.remove()


@pytest.mark.parametrize("park_app", KINDS, indirect=True)
def test_restore_brings_back_the_demo_park_as_it_was_backed_up(demo_park, tmp_path):
    runner = demo_park.test_cli_runner()
    backup = tmp_path / "park.backup"
    before = _snapshot()
    assert before["counts"]["projects"] > 0 and before["counts"]["registrations"] > 0

    result = runner.invoke(args=["backup", str(backup)])
    assert result.exit_code == 0, result.output
    _change_everything()
    assert _snapshot() != before
    result = runner.invoke(args=["restore", "--yes", str(backup)])

    assert result.exit_code == 0, result.output
    assert _snapshot() == before


def test_backup_of_sqlite_is_a_complete_database_file(park_app, tmp_path):
    backup = tmp_path / "park.sqlite3.backup"

    result = park_app.test_cli_runner().invoke(args=["backup", str(backup)])

    assert result.exit_code == 0, result.output
    assert backup.read_bytes().startswith(b"SQLite format 3\x00")
    assert "back up UPLOAD_FOLDER" in result.output
    assert not list(tmp_path.glob(".*.partial"))


def test_sqlite_backup_runs_beside_a_write_in_progress_and_keeps_only_committed_rows(
    park_app, tmp_path
):
    UserFactory(email="committed@example.com")
    writer = sqlite3.connect(make_url(str(db.engine.url)).database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE users SET name = 'uncommitted'")
    backup = tmp_path / "park.backup"
    try:
        result = park_app.test_cli_runner().invoke(args=["backup", str(backup)])
    finally:
        writer.execute("ROLLBACK")
        writer.close()

    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT email, name FROM users").fetchall() == [
        ("committed@example.com", db.session.scalar(select(User.name)))]
    copy.close()


def test_backup_does_not_overwrite_a_file_unless_forced(park_app, tmp_path):
    backup = tmp_path / "park.backup"
    backup.write_bytes(b"keep me")
    runner = park_app.test_cli_runner()

    refused = runner.invoke(args=["backup", str(backup)])
    assert refused.exit_code != 0 and "--force" in refused.output
    assert backup.read_bytes() == b"keep me"

    forced = runner.invoke(args=["backup", "--force", str(backup)])
    assert forced.exit_code == 0, forced.output
    assert backup.read_bytes().startswith(b"SQLite format 3\x00")


def test_restore_asks_first_and_changes_nothing_when_told_no(park_app, tmp_path):
    runner = park_app.test_cli_runner()
    backup = tmp_path / "park.backup"
    runner.invoke(args=["backup", str(backup)])
    _change_everything()
    changed = _snapshot()

    result = runner.invoke(args=["restore", str(backup)], input="n\n")

    assert result.exit_code != 0
    assert "Replace everything in" in result.output
    assert _snapshot() == changed


@pytest.mark.app_settings(CACHE_TYPE="SimpleCache")
def test_restore_drops_the_pages_kept_in_the_cache(park_app, tmp_path):
    runner = park_app.test_cli_runner()
    backup = tmp_path / "park.backup"
    runner.invoke(args=["backup", str(backup)])
    cache.set("a kept page", "<p>The park as it was before the restore</p>")

    result = runner.invoke(args=["restore", "--yes", str(backup)])

    assert result.exit_code == 0, result.output
    assert cache.get("a kept page") is None
    assert "Dropped the pages kept in the cache." in result.output


def test_restore_refuses_a_postgresql_backup_into_sqlite(park_app, tmp_path):
    backup = tmp_path / "park.dump"
    backup.write_bytes(b"PGDMP\x01\x0e\x00" + b"\x00" * 64)
    before = _snapshot()

    result = park_app.test_cli_runner().invoke(args=["restore", "--yes", str(backup)])

    assert result.exit_code != 0
    assert "is a PostgreSQL backup, but this database is SQLite" in result.output
    assert _snapshot() == before


def test_restore_refuses_a_file_that_is_not_a_backup(park_app, tmp_path):
    backup = tmp_path / "notes.txt"
    backup.write_text("not a database")

    result = park_app.test_cli_runner().invoke(args=["restore", "--yes", str(backup)])

    assert result.exit_code != 0
    assert "is not a Park backup" in result.output


def test_postgresql_backup_without_pg_dump_says_what_to_install(tmp_path, monkeypatch):
    # No server is needed: the command stops before connecting.
    app = create_app({"TESTING": True,
                      "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://park:secret@db.invalid/park"})
    monkeypatch.setenv("PATH", str(tmp_path))

    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "park.dump")])

    assert result.exit_code != 0
    assert "pg_dump was not found on PATH" in result.output
    assert "postgresql-client" in result.output
    assert not (tmp_path / "park.dump").exists()


def test_postgresql_tools_get_the_password_from_the_environment_not_the_command_line():
    dbname, environment = libpq_connection(
        make_url("postgresql+psycopg://park:s3cret@db.example:5433/park?sslmode=require"))

    assert "s3cret" not in dbname
    assert dbname == "postgresql://park@db.example:5433/park?sslmode=require"
    assert environment["PGPASSWORD"] == "s3cret"
