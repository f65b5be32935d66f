"""Concurrent sign-ups: the unique e-mail and slug hold under real threads, and the loser gets a
clear message instead of an error page."""

from __future__ import annotations

from sqlalchemy import func, select

from park.accounts import services
from park.accounts.models import Organisation, OrgKind, User
from park.core.errors import DomainError
from park.extensions import db
from tests.helpers import race

RACERS = 6


def _race(app, prepare):
    return race(app, RACERS, prepare)


def _sign_up(email: str, organisation: str):
    return services.sign_up(
        name="Racer", email=email, password="a long secret 42", locale="en",
        organisation_name=organisation, organisation_name_zh="", organisation_kind=OrgKind.LAB,
    )


def test_concurrent_sign_ups_with_one_email_create_exactly_one_account(app):
    results = _race(app, lambda i: lambda: _sign_up("same@example.com", f"Lab {i}"))

    unexpected = [r for r in results if isinstance(r, tuple)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert not unexpected
    assert len(refused) == RACERS - 1
    assert all(error.field == "email" for error in refused)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_concurrent_sign_ups_with_one_organisation_name_all_get_distinct_slugs(app):
    results = _race(app, lambda i: lambda: _sign_up(f"racer{i}@example.com", "Yubei Test Lab"))

    assert not [r for r in results if not isinstance(r, User)], results
    db.session.expire_all()
    slugs = db.session.scalars(select(Organisation.slug)).all()
    assert len(slugs) == RACERS
    assert len(set(slugs)) == RACERS
