"""`flask api-tokens create`: a personal API token from the command line (for scripts, CI's
API fuzzing and people setting up an integration on the server)."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from park.accounts.models import User
from park.api import tokens
from park.core.errors import DomainError
from park.extensions import db

api_tokens_cli = AppGroup("api-tokens", help="Manage personal API tokens.")


@api_tokens_cli.command("create")
@click.option("--email", required=True, help="The user the token acts as.")
@click.option("--name", required=True, help="What the token is for.")
@click.option("--expires-on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Last day the token works (YYYY-MM-DD); none means until revoked.")
def create_token(email: str, name: str, expires_on):
    """Make a token and print it (only the token, so scripts can capture it)."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not user.active:
        raise click.BadParameter("no active user with this e-mail", param_hint="--email")
    try:
        _, plaintext = tokens.create_token(
            user, name=name, expires_on=expires_on.date() if expires_on else None)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from None
    click.echo(plaintext)
