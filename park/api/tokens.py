"""Creating, revoking and checking personal API tokens.

A token is shown once, when it is made; only its SHA-256 is kept. A request sends it as
``Authorization: Bearer <token>``.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from park.accounts.models import Membership, User
from park.api.models import ApiToken
from park.core.audit import record
from park.core.errors import DomainError
from park.core.time import as_utc, now_utc, park_today, park_zone
from park.extensions import db

TOKEN_PREFIX = "park_"  # noqa: S105 (a label, not a secret)
# How many tokens one person may hold that are neither revoked nor expired.
MAX_LIVE_TOKENS = 20
# last_used_at is written at most this often per token, so reads stay reads.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_token(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8", "surrogatepass")).hexdigest()


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None."""
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        return None
    return token


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens that are not revoked, newest first (expired ones included, marked)."""
    return list(db.session.scalars(
        select(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    ))


def _expiry(expires_on: date | None) -> datetime | None:
    """A token expiring "on" a day works through that day, in park time."""
    if expires_on is None:
        return None
    if expires_on < park_today():
        raise DomainError(_l("Choose today or a later day."), "expires_on")
    return datetime.combine(expires_on + timedelta(days=1), time(), park_zone())


def create_token(user: User, *, name: str, expires_on: date | None) -> tuple[ApiToken, str]:
    """Make a token; returns it with its plaintext, which is never stored or shown again."""
    name = name.strip()
    if not name:
        raise DomainError(_l("Give the token a name."), "name")
    expires_at = _expiry(expires_on)
    live = db.session.scalar(
        select(func.count(ApiToken.id)).where(
            ApiToken.user_id == user.id,
            ApiToken.revoked_at.is_(None),
            (ApiToken.expires_at.is_(None)) | (ApiToken.expires_at > now_utc()),
        )
    )
    if live >= MAX_LIVE_TOKENS:
        raise DomainError(_l("You have %(count)d tokens in use: revoke one you no longer need "
                             "first.", count=live), "name")
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=hash_token(plaintext),
                     prefix=plaintext[:len(TOKEN_PREFIX) + 6], expires_at=expires_at)
    db.session.add(token)
    record(user, "api_token.created", token, summary=name)
    db.session.commit()
    return token, plaintext


def revoke_token(actor: User, token: ApiToken) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = now_utc()
    record(actor, "api_token.revoked", token, summary=token.name)
    db.session.commit()


def user_for_token(plaintext: str) -> User | None:
    """The active user a usable token belongs to, noting when it was used; else None."""
    token = db.session.scalar(
        select(ApiToken)
        .where(ApiToken.token_hash == hash_token(plaintext))
        .options(
            joinedload(ApiToken.user)
            .selectinload(User.memberships)
            .joinedload(Membership.organisation)
        )
    )
    if token is None or not token.usable or not token.user.active:
        return None
    now = now_utc()
    if token.last_used_at is None or as_utc(token.last_used_at) <= now - LAST_USED_RESOLUTION:
        # Its own short transaction: the request's session keeps its loaded objects.
        with db.engine.begin() as connection:
            connection.execute(update(ApiToken).where(ApiToken.id == token.id)
                               .values(last_used_at=now))
    return token.user

