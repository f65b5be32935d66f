"""Reading pages as a user does: the messages under fields, the flashed alerts, where a redirect
goes; and small shortcuts shared by the account tests."""

from __future__ import annotations

import hashlib
import re
from html import unescape
from urllib.parse import urlsplit

from sqlalchemy import func, select

from park.core.audit import AuditEntry
from park.extensions import db

_TAG = re.compile(r"<[^>]+>")
_FLASH = re.compile(
    r'<div class="alert alert-(\w+) alert-dismissible[^"]*" role="alert">(.*?)<button', re.S
)


def page_text(response) -> str:
    """The response body with HTML entities decoded (so "organisation's" matches)."""
    return unescape(response.get_data(as_text=True))


def visible_text(response) -> str:
    """The body's text without tags, whitespace collapsed: what a reader sees, roughly."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(_TAG.sub(" ", html)).split())


def field_errors(response, field_id: str) -> list[str]:
    """The messages in the `invalid-feedback` block tied to the field with this id."""
    html = response.get_data(as_text=True)
    match = re.search(
        rf'<div id="{re.escape(field_id)}-error" class="invalid-feedback[^"]*">'
        r"((?:\s*<div>.*?</div>)*)",
        html,
        re.S,
    )
    if match is None:
        return []
    return [unescape(message).strip() for message in re.findall(r"<div>(.*?)</div>",
                                                                  match.group(1), re.S)]


def all_field_errors(response) -> dict[str, list[str]]:
    html = response.get_data(as_text=True)
    ids = re.findall(r'<div id="([\w-]+)-error" class="invalid-feedback', html)
    return {field_id: field_errors(response, field_id) for field_id in ids}


def flashes(response) -> list[tuple[str, str]]:
    """(category, text) of every alert flashed on the page."""
    html = response.get_data(as_text=True)
    return [
        (category, " ".join(unescape(_TAG.sub("", body)).split()))
        for category, body in _FLASH.findall(html)
    ]


def flash_texts(response) -> list[str]:
    return [text for _category, text in flashes(response)]


def redirect_path(response) -> str:
    """Where a redirect points, as path?query (the host part, if any, dropped)."""
    assert response.status_code in (301, 302, 303, 307, 308), response.status_code
    parts = urlsplit(response.location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def audit_actions() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def audit_entries(action: str) -> list[AuditEntry]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
    )


def token_hash(token: str) -> str:
    """How invitations store their token (SHA-256 hex), to build one with a known token."""
    return hashlib.sha256(token.encode()).hexdigest()


LINK = re.compile(r"https?://\S+")


def link_in(message) -> str:
    """The one link in an e-mail's body."""
    links = LINK.findall(message.body)
    assert len(links) == 1, message.body
    return links[0]


def path_of(url: str) -> str:
    return urlsplit(url).path


def queries_for_page(client, count_queries, path: str) -> int:
    """Statements for one GET, from a fresh session as in production."""
    db.session.remove()
    with count_queries() as counter:
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    return counter.count


def race(app, racers: int, prepare):
    """Run `racers` threads, each in its own app context and session, released together.

    `prepare(index)` runs first in the thread (loading its own objects) and returns the call
    to race; the outcomes are its results, DomainErrors, or ("unexpected", repr) for anything
    else, so a test can assert that no database error leaked.
    """
    import threading

    from park.core.errors import DomainError

    barrier = threading.Barrier(racers)
    results: list[object] = []
    lock = threading.Lock()

    def run(index: int):
        with app.app_context():
            try:
                call = prepare(index)
                # Hand the connection back while waiting: the pool holds fewer connections
                # than there may be racers, as a real server's does.
                db.session.rollback()
                barrier.wait(timeout=60)
                outcome = call()
            except DomainError as error:
                outcome = error
            except Exception as error:  # noqa: BLE001 - reported by the caller's assertion
                outcome = ("unexpected", repr(error))
            finally:
                db.session.remove()
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
