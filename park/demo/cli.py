"""`flask seed-demo`: fill the database with the demo park and print the demo logins."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from park.accounts.models import Organisation
from park.demo.data import DEMO_PASSWORD, PARK_OFFICE_SLUG
from park.demo.large import LargeParkPresent, seed_large
from park.demo.seed import demo_logins, demo_park_complete, seed_demo
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


def _seed_large(echo, factor: float) -> None:
    """The demo park first (its logins work on the large set too), then the large set."""
    if _holds_other_data():
        raise click.ClickException("The database already has organisations of its own; "
                                   "not seeding the demo park or the large data set.")
    seed_demo(echo=echo)
    echo("Large data set:")
    try:
        report = seed_large(factor=factor, echo=echo)
    except LargeParkPresent:
        echo("The large data set is already there; not adding it again.")
    else:
        echo(f"Large data set added in {report.seconds:.0f} s: {report.summary()}.")
    echo("")
    echo(f"Demo logins (password: {DEMO_PASSWORD}, unless changed since):")
    echo(_login_table())


def _holds_other_data() -> bool:
    """Whether the database has organisations but not the demo park: a real park's data,
    which the demo must not be mixed into."""
    if db.session.scalar(select(Organisation.id).limit(1)) is None:
        return False
    return db.session.scalar(
        select(Organisation.id).where(Organisation.slug == PARK_OFFICE_SLUG)
    ) is None


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True,
              help="Seed only an empty database or complete a demo park that an earlier "
                   "version seeded; leave a complete demo park, or other data, alone.")
@click.option("--scale", type=click.Choice(["small", "large"]), default="small",
              show_default=True,
              help="large: the demo park plus a city-scale park for benchmarks (thousands of "
                   "organisations, 50,000 projects, 5,000 events, 200,000 registrations, "
                   "20,000 needs); added once.")
@click.option("--factor", type=click.FloatRange(min=0.0001, max=1.0), default=1.0, hidden=True,
              help="Scale the large set's counts (tests, quick trials).")
@click.option("--quiet", is_flag=True, help="Print nothing.")
@with_appcontext
def seed_demo_command(if_empty: bool, scale: str, factor: float, quiet: bool) -> None:
    """Create the demo park: firms, manufacturers, the institute, labs and their logins.

    Safe to repeat: only what is missing is added, and existing passwords are kept.
    """
    echo = _quiet if quiet else click.echo
    if scale == "large":
        _seed_large(echo, factor)
        return
    # `make run` passes --if-empty on every start: a demo park seeded by an earlier version
    # gets what the seed has added since; a complete one is left as its users changed it.
    if if_empty and _holds_other_data():
        echo("The database already has organisations of its own; not seeding the demo park.")
    elif if_empty and demo_park_complete():
        echo("The demo park is already there; not seeding it again.")
    else:
        report = seed_demo(echo=echo)
        if not report.created_anything:
            echo("Nothing to add: the demo park is already there.")
    echo("")
    echo(f"Demo logins (password: {DEMO_PASSWORD}, unless changed since):")
    echo(_login_table())
