"""`flask backup PATH` and `flask restore PATH`: the database to a file and back."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from park.core.backup import (
    BackupError,
    backup_database,
    check_restorable,
    describe,
    restore_database,
)
from park.core.caching import CACHE_ERRORS
from park.extensions import cache, db

BACKUP_UPLOADS_NOTE = ("Uploaded files are not in the database: back up UPLOAD_FOLDER "
                       "({folder}) separately, e.g. tar -czf uploads.tar.gz -C {parent} {name}")
RESTORE_UPLOADS_NOTE = ("Uploaded files are not in the database: restore UPLOAD_FOLDER "
                        "({folder}) from its own backup, e.g. tar -xzf uploads.tar.gz -C {parent}")


def _uploads_note(note: str) -> str:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    return note.format(folder=folder, parent=folder.parent, name=folder.name)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@with_appcontext
def backup_command(path: Path, force: bool) -> None:
    """Copy the database (DATABASE_URL) to PATH while Park keeps running.

    SQLite is copied with SQLite's online backup API; PostgreSQL with pg_dump in its custom
    format (pg_dump must be installed). Uploaded files (UPLOAD_FOLDER) are not included:
    back them up separately.
    """
    if path.exists() and not force:
        raise click.ClickException(f"{path} exists; pass --force to overwrite it.")
    url = db.engine.url
    try:
        backup_database(url, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up {describe(url)} to {path} ({path.stat().st_size:,} bytes).")
    click.echo(_uploads_note(BACKUP_UPLOADS_NOTE))


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Restore without asking for confirmation.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace everything in the database (DATABASE_URL) with the backup at PATH.

    The backup must be of the same kind of database (an SQLite file for SQLite, a pg_dump
    archive for PostgreSQL, restored with pg_restore --clean in one transaction). Uploaded
    files (UPLOAD_FOLDER) are restored separately.
    """
    url = db.engine.url
    try:
        check_restorable(url, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    if not yes:
        click.confirm(f"Replace everything in {describe(url)} with {path}?", abort=True)
    # This process's pooled connections must not hold locks or stale state across the swap.
    db.session.remove()
    db.engine.dispose()
    try:
        restore_database(url, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {describe(url)} from {path}.")
    _drop_kept_pages()
    click.echo(_uploads_note(RESTORE_UPLOADS_NOTE))


def _drop_kept_pages() -> None:
    """Pages kept in the shared cache show the database as it was before the restore. (A
    SimpleCache lives inside the web server's process, out of this command's reach: restart
    the server, or wait the pages' lifetimes of at most two minutes.)"""
    try:
        cache.clear()
    except CACHE_ERRORS as error:
        click.echo(f"The cache could not be cleared ({error}); kept pages expire within two "
                   "minutes.")
    else:
        click.echo("Dropped the pages kept in the cache.")
