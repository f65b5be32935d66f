"""Shared pieces of the match, inbox and funnel tests: the two sides of a need, browsers logged
in as someone, and what each person has been told."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from park.accounts.models import Organisation, OrgKind, OrgRole, User
from park.core.notifications import Notification
from park.extensions import db
from park.matching import services
from park.matching.models import Match, Need
from tests.conftest import csrf_token, post_form
from tests.factories import PASSWORD, NeedFactory, OrganisationFactory, member_of


@dataclass
class Side:
    organisation: Organisation
    user: User


def manufacturer(name: str = "Fengchi Motors", person: str = "Owner Wang") -> Side:
    organisation = OrganisationFactory(kind=OrgKind.MANUFACTURER, name=name)
    return Side(organisation, member_of(organisation, OrgRole.OWNER, name=person))


def design_firm(name: str = "Lotus Design", person: str = "Designer Li") -> Side:
    organisation = OrganisationFactory(kind=OrgKind.DESIGN_FIRM, name=name)
    return Side(organisation, member_of(organisation, OrgRole.OWNER, name=person))


def posted_need(owner: Side, **fields) -> Need:
    fields.setdefault("title", "Electric motorcycle fairing")
    return NeedFactory(owner=owner.organisation, created_by_id=owner.user.id, **fields)


def interest(need: Need, provider: Side, message: str = "We did three fairings last year."
             ) -> Match:
    """The provider's person says the firm is interested, as the need page does."""
    return services.express_interest(provider.user, need, organisation=provider.organisation,
                                     message=message)


def browser(app, user: User | None = None):
    """A separate browser, logged in as `user` (or anonymous)."""
    client = app.test_client()
    if user is not None:
        response = post_form(client, "/login", {"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
    return client


def post(client, path: str, data: dict | None = None, **kwargs):
    """POST with this browser's CSRF token (from the home page), for pages it cannot open."""
    return client.post(path, data={"csrf_token": csrf_token(client, "/"), **(data or {})},
                       **kwargs)


def fresh(obj):
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def kinds_for(user: User) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(Notification.kind)
                                   .where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))
