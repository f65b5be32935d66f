"""`flask users create`: make or update an account from the command line."""

from __future__ import annotations

import click
from email_validator import EmailNotValidError, validate_email
from flask.cli import AppGroup

from park.accounts import services
from park.accounts.forms import PASSWORD_MAX, PASSWORD_MIN
from park.accounts.models import OrgRole

users_cli = AppGroup("users", help="Manage user accounts.")


def _check_email(ctx, param, value: str) -> str:
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        raise click.BadParameter(str(error)) from None
    return services.normalise_email(value)


@users_cli.command("create")
@click.option("--email", required=True, callback=_check_email, help="Login e-mail address.")
@click.option("--password", required=True, help="Password (10 to 128 characters).")
@click.option("--name", default=None, help="Display name (defaults to the e-mail's local part).")
@click.option("--admin", is_flag=True, help="Make the user a park administrator.")
@click.option("--org", "org_slug", default=None, help="Slug of an organisation to join.")
@click.option("--org-role", type=click.Choice([role.value for role in OrgRole]), default=None,
              help="Role in that organisation (default: member).")
def create_user(email, password, name, admin, org_slug, org_role):
    """Create a user, or update an existing one's password and roles (safe to repeat)."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise click.BadParameter(
            f"needs between {PASSWORD_MIN} and {PASSWORD_MAX} characters", param_hint="--password"
        )
    if org_role and not org_slug:
        raise click.BadParameter("needs --org as well", param_hint="--org-role")
    organisation = None
    if org_slug:
        organisation = services.organisation_by_slug(org_slug)
        if organisation is None:
            raise click.BadParameter(f"no organisation with slug {org_slug!r}",
                                     param_hint="--org")
    user, created = services.create_or_update_user(
        email=email,
        password=password,
        name=name,
        admin=admin,
        organisation=organisation,
        org_role=OrgRole(org_role) if org_role else None,
    )
    verb = "Created" if created else "Updated"
    extras = []
    if user.is_admin:
        extras.append("park administrator")
    if organisation is not None:
        membership = user.membership_in(organisation)
        extras.append(f"{membership.role.value} of {organisation.slug}")
    click.echo(f"{verb} {user.email}" + (f" ({', '.join(extras)})" if extras else ""))
