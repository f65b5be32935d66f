"""Personal API tokens: a user's named keys for the JSON API, stored as hashes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from park.accounts.models import User
from park.core.models import Timestamps
from park.core.time import as_utc, now_utc
from park.extensions import db


class ApiToken(Timestamps, db.Model):
    __tablename__ = "api_tokens"
    __table_args__ = (
        CheckConstraint("length(name) >= 1", name="name_not_empty"),
        CheckConstraint("length(token_hash) = 64", name="hash_is_sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    # SHA-256 of the whole token, hex: tokens are long random strings, so a fast hash is
    # enough and lets a request find its token by an indexed lookup.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters of the token, shown in the list so a person can tell keys apart.
    prefix: Mapped[str] = mapped_column(String(16))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()

    def is_expired(self, at: datetime | None = None) -> bool:
        return self.expires_at is not None and as_utc(self.expires_at) <= (at or now_utc())

    @property
    def usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired()

    def __repr__(self) -> str:
        return f"<ApiToken {self.prefix}… of user {self.user_id}>"
