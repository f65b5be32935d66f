"""`flask seed-demo`: fill the database with the demo park and print the demo logins."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from park.accounts.models import Organisation
from park.demo.data import DEMO_PASSWORD
from park.demo.seed import demo_logins, seed_demo
from park.extensions import db


def _quiet(_message: str) -> None:
    pass


def _login_table() -> str:
    rows = [("Who", "E-mail", "Organisation"), *demo_logins()]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True,
              help="Do nothing if the database already has any organisation.")
@click.option("--quiet", is_flag=True, help="Print nothing.")
@with_appcontext
def seed_demo_command(if_empty: bool, quiet: bool) -> None:
    """Create the demo park: firms, manufacturers, the institute, labs and their logins.

    Safe to repeat: only what is missing is added, and existing passwords are kept.
    """
    echo = _quiet if quiet else click.echo
    if if_empty and db.session.scalar(select(Organisation.id).limit(1)) is not None:
        echo("The database already has organisations; not seeding the demo park.")
    else:
        report = seed_demo(echo=echo)
        if not report.created_anything:
            echo("Nothing to add: the demo park is already there.")
    echo("")
    echo(f"Demo logins (password: {DEMO_PASSWORD}, unless changed since):")
    echo(_login_table())
