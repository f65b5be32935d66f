"""Back up and restore Park's database: SQLite through its online backup API, PostgreSQL
through pg_dump and pg_restore. Uploaded files (UPLOAD_FOLDER) are backed up separately."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
KIND_NAMES = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}
WITH_ARTICLE = {SQLITE: "an SQLite", POSTGRESQL: "a PostgreSQL"}

# How each kind of backup file begins: an SQLite database, a pg_dump custom-format archive.
SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


def database_kind(url: str | URL) -> str:
    backend = make_url(url).get_backend_name()
    if backend not in KIND_NAMES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {backend}.")
    return backend


def backup_file_kind(path: Path) -> str | None:
    """The kind of database a backup file holds, read from its first bytes; None when it is
    neither an SQLite database nor a pg_dump custom-format archive."""
    with path.open("rb") as file:
        head = file.read(len(SQLITE_HEADER))
    if head.startswith(SQLITE_HEADER):
        return SQLITE
    if head.startswith(PG_DUMP_HEADER):
        return POSTGRESQL
    return None


def backup_database(url: str | URL, path: Path) -> None:
    """Write a consistent copy of the database to `path` while the app keeps running. The
    file appears only once complete: a failed backup leaves no half-written file."""
    url = make_url(url)
    partial = path.with_name(f".{path.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        if database_kind(url) == SQLITE:
            _sqlite_backup(_sqlite_path(url), partial)
        else:
            _run_pg_tool("pg_dump", url, ["--format=custom", f"--file={partial}"])
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def check_restorable(url: str | URL, path: Path) -> None:
    """Refuse a file that is not a backup of this kind of database, before anything changes."""
    expected = database_kind(url)
    found = backup_file_kind(path)
    if found is None:
        raise BackupError(f"{path} is not a Park backup: it is neither an SQLite database "
                          "nor a pg_dump custom-format archive.")
    if found != expected:
        raise BackupError(f"{path} is {WITH_ARTICLE[found]} backup, but this database is "
                          f"{KIND_NAMES[expected]}. Restore it into {WITH_ARTICLE[found]} "
                          "database instead (set DATABASE_URL).")


def restore_database(url: str | URL, path: Path) -> None:
    """Replace everything in the database with the backup at `path`, in one transaction:
    a restore that fails part-way leaves the database as it was."""
    url = make_url(url)
    check_restorable(url, path)
    if database_kind(url) == SQLITE:
        _sqlite_restore(path, _sqlite_path(url))
    else:
        _run_pg_tool("pg_restore", url, ["--clean", "--if-exists", "--no-owner",
                                         "--no-privileges", "--single-transaction",
                                         "--exit-on-error", str(path)])


def describe(url: str | URL) -> str:
    """The database named for people, without its password."""
    return make_url(url).render_as_string(hide_password=True)


# SQLite ---------------------------------------------------------------------------------------


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:" or url.database.startswith("file::memory"):
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    path = Path(url.database)
    if not path.exists():
        raise BackupError(f"There is no SQLite database at {path}.")
    return path


def _sqlite_backup(source_path: Path, target_path: Path) -> None:
    # The online backup API copies page by page under SQLite's own locking, so writers in
    # the running app neither corrupt the copy nor have to stop.
    source = sqlite3.connect(source_path)
    target = sqlite3.connect(target_path)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()


def _sqlite_restore(backup_path: Path, database_path: Path) -> None:
    source = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
    try:
        problems = source.execute("PRAGMA quick_check").fetchall()
        if problems != [("ok",)]:
            raise BackupError(f"{backup_path} is damaged: {problems[0][0]}")
        target = sqlite3.connect(database_path, timeout=30)
        try:
            # The copy replaces the whole database under an exclusive lock: the running app
            # waits (busy_timeout) and then sees the restored data.
            source.backup(target)
        finally:
            target.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"Could not restore {backup_path}: {error}") from None
    finally:
        source.close()


# PostgreSQL -----------------------------------------------------------------------------------


def libpq_connection(url: URL) -> tuple[str, dict[str, str]]:
    """The connection as a libpq URI without the password, and the environment that carries
    the password (PGPASSWORD), so it never appears on a command line or in `ps`."""
    environment = dict(os.environ)
    if url.password is not None:
        environment["PGPASSWORD"] = str(url.password)
    connection = URL.create("postgresql", username=url.username, host=url.host, port=url.port,
                            database=url.database, query=url.query)
    return connection.render_as_string(hide_password=False), environment


def _run_pg_tool(tool: str, url: URL, arguments: list[str]) -> None:
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(f"{tool} was not found on PATH. Install the PostgreSQL client tools "
                          "(the Debian package postgresql-client) of the server's major "
                          "version or newer.")
    dbname, environment = libpq_connection(url)
    result = subprocess.run(  # noqa: S603 - fixed executable, no shell
        [executable, f"--dbname={dbname}", *arguments],
        env=environment, capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{tool} failed (exit status {result.returncode}):\n"
                          f"{result.stderr.strip()}")
