"""Concurrent sign-ups: the unique e-mail and slug hold under real threads, and the loser gets a
clear message instead of an error page."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from park.accounts import services
from park.accounts.models import Organisation, OrgKind, User
from park.core.errors import DomainError
from park.extensions import db

RACERS = 6


def _race(app, make_call):
    """Start RACERS threads at one barrier; return (successes, domain errors, other errors)."""
    barrier = threading.Barrier(RACERS)
    results: list[object] = []
    lock = threading.Lock()

    def run(index: int):
        with app.app_context():
            barrier.wait()
            try:
                outcome = make_call(index)
            except DomainError as error:
                outcome = error
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                outcome = ("unexpected", repr(error))
            finally:
                db.session.remove()
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _sign_up(email: str, organisation: str):
    return services.sign_up(
        name="Racer", email=email, password="a long secret 42", locale="en",
        organisation_name=organisation, organisation_name_zh="", organisation_kind=OrgKind.LAB,
    )


def test_concurrent_sign_ups_with_one_email_create_exactly_one_account(app):
    results = _race(app, lambda i: _sign_up("same@example.com", f"Lab {i}"))

    unexpected = [r for r in results if isinstance(r, tuple)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert not unexpected
    assert len(refused) == RACERS - 1
    assert all(error.field == "email" for error in refused)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_concurrent_sign_ups_with_one_organisation_name_all_get_distinct_slugs(app):
    results = _race(app, lambda i: _sign_up(f"racer{i}@example.com", "Yubei Test Lab"))

    assert not [r for r in results if not isinstance(r, User)], results
    db.session.expire_all()
    slugs = db.session.scalars(select(Organisation.slug)).all()
    assert len(slugs) == RACERS
    assert len(set(slugs)) == RACERS
