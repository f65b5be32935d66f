"""In-app notifications and the e-mail that goes with them, in the recipient's language.

A notification keeps its `kind` and `params`, not its text: the text is the kind's message
filled in with the params when it is shown, so it reads in the language of whoever reads it.
A param may be a {"en": ..., "zh_CN": ...} pair (an event's title in both languages).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, event, func, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from park.core.caching import cache_key, invalidate, remember, watch
from park.core.mail import send_mail
from park.core.time import now_utc
from park.extensions import db


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    link: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    def text(self, locale: str) -> str:
        kind = KINDS.get(self.kind)
        if kind is None:
            return self.kind
        with force_locale(locale):
            return str(kind.message) % localised_params(self.params, locale)


@dataclass(frozen=True)
class NotificationKind:
    message: Any  # a lazy string with %(name)s placeholders
    subject: Any  # the e-mail's subject, a lazy string with the same placeholders


KINDS: dict[str, NotificationKind] = {}


def notification_kind(name: str, message, subject) -> str:
    """Declare a kind of notification (at import time, beside the feature that sends it)."""
    KINDS[name] = NotificationKind(message, subject)
    return name


def localised_params(params: dict[str, Any], locale: str) -> dict[str, Any]:
    def pick(value):
        if isinstance(value, dict) and "en" in value:
            return value.get(locale) or value["en"]
        return value

    return {key: pick(value) for key, value in params.items()}


def notify(user, kind: str, params: dict[str, Any], link: str = "", *, email: bool = True
           ) -> Notification:
    """Add a notification to the open transaction (the service commits); its e-mail leaves
    only once that transaction has committed, and never if it rolls back."""
    notification = Notification(user_id=user.id, kind=kind, params=params, link=link)
    db.session.add(notification)
    if email and user.active:
        declared = KINDS[kind]
        locale = user.locale or "en"
        values = localised_params(params, locale)
        with force_locale(locale):
            subject = str(declared.subject) % values
            text = str(declared.message) % values
        db.session.info.setdefault(_OUTBOX, []).append(
            (user.email, subject, locale, dict(recipient_name=user.name, text=text, link=link))
        )
    return notification


def link_to(endpoint: str, **values) -> str:
    """An absolute link for e-mails, also from the command line (PARK_BASE_URL)."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    base = current_app.config["PARK_BASE_URL"].rstrip("/")
    with current_app.test_request_context(base_url=base):
        return url_for(endpoint, _external=True, **values)


def organisation_param(organisation) -> dict:
    return {"en": organisation.name, "zh_CN": organisation.name_zh or organisation.name}


_OUTBOX = "park_notification_outbox"


@event.listens_for(Session, "after_commit")
def _send_after_commit(session: Session) -> None:
    for to, subject, locale, context in session.info.pop(_OUTBOX, []):
        try:
            send_mail(to, subject, "notification", locale, **context)
        except OSError:  # the mail server is down: the in-app notification still stands
            current_app.logger.warning("Could not e-mail %s: %s", to, subject)


@event.listens_for(Session, "after_rollback")
def _drop_after_rollback(session: Session) -> None:
    session.info.pop(_OUTBOX, None)


def _inbox(user_id: int | None) -> str | None:
    return f"notifications:{user_id}" if user_id else None


# Every signed-in page shows the count: it is kept until the person's next notification or
# reading (the lifetime only bounds a write that bypasses the ORM).
UNREAD_CACHE_SECONDS = 300
watch(Notification, namespace=lambda notification: _inbox(notification.user_id))


def unread_count(user) -> int:
    return remember(cache_key(_inbox(user.id), "unread"), lambda: _count_unread(user),
                    timeout=UNREAD_CACHE_SECONDS)


def _count_unread(user) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    ) or 0


def notifications_query(user):
    return (select(Notification).where(Notification.user_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc()))


def mark_all_read(user) -> None:
    db.session.execute(update(Notification)
                       .where(Notification.user_id == user.id, Notification.read_at.is_(None))
                       .values(read_at=now_utc()))
    db.session.commit()
    invalidate(_inbox(user.id))  # a bulk update: the watch does not see it
