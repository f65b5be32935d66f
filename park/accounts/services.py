"""Account rules: sign-up, sign-in, invitations, password reset, approval, deactivation.

Each public function is one transaction: it checks the rules, writes, records the audit
entry and commits. Errors are DomainErrors carrying a translatable message.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from datetime import timedelta
from functools import cache

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from park.accounts.models import (
    Invitation,
    Membership,
    Organisation,
    OrgKind,
    OrgRole,
    OrgStatus,
    User,
)
from park.core.audit import diff, record
from park.core.errors import DomainError, commit_or_refuse
from park.core.mail import send_mail
from park.core.time import as_utc, now_utc
from park.extensions import db

RESET_SALT = "park.password-reset"
SIGN_UP_ATTEMPTS = 3


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def organisation_by_slug(slug: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.slug == slug))


def _ensure_email_free(email: str) -> None:
    if user_by_email(email) is not None:
        raise DomainError(_l("An account with this e-mail address already exists."), "email")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60]


# Words that fixed URLs use where a slug could stand (/admin/tenants/new, .../import).
RESERVED_SLUGS = frozenset({"new", "import", "export", "edit"})


def unique_slug(name: str) -> str:
    base = slugify(name) or "org"
    if len(base) < 2:
        base = f"org-{base}"
    taken = set(
        db.session.scalars(
            select(Organisation.slug).where(
                (Organisation.slug == base) | Organisation.slug.like(f"{base}-%")
            )
        )
    )
    taken |= RESERVED_SLUGS
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


def _new_user(
    name: str, email: str, password: str, locale: str, password_hash: str | None = None
) -> User:
    user = User(name=name.strip(), email=normalise_email(email), locale=locale, active=True)
    if password_hash:
        user.password_hash = password_hash
    else:
        user.set_password(password)
    db.session.add(user)
    return user


def sign_up(
    *,
    name: str,
    email: str,
    password: str,
    locale: str,
    organisation_name: str,
    organisation_name_zh: str,
    organisation_kind: OrgKind,
) -> User:
    """Create a user who owns a new organisation awaiting the park's approval."""
    password_hash: str | None = None
    for attempt in range(SIGN_UP_ATTEMPTS):
        _ensure_email_free(email)
        # After losing a slug race, a random suffix keeps concurrent sign-ups apart.
        slug = unique_slug(organisation_name if attempt == 0
                           else f"{slugify(organisation_name) or 'org'}-{secrets.token_hex(2)}")
        user = _new_user(name, email, password, locale, password_hash=password_hash)
        password_hash = user.password_hash  # hash once, even when the slug race retries
        organisation = Organisation(
            slug=slug,
            name=organisation_name.strip(),
            name_zh=organisation_name_zh.strip(),
            kind=organisation_kind,
            status=OrgStatus.PENDING,
        )
        db.session.add(organisation)
        db.session.add(Membership(user=user, organisation=organisation, role=OrgRole.OWNER))
        try:
            db.session.flush()
            record(user, "user.signed_up", user, organisation=organisation,
                   summary=f"{user.email} signed up")
            record(user, "organisation.created", organisation, organisation=organisation,
                   summary=organisation.name)
            db.session.commit()
        except IntegrityError:
            # A concurrent sign-up took the e-mail (reported next round) or the slug (a new
            # one is picked next round).
            db.session.rollback()
            continue
        return user
    _ensure_email_free(email)
    raise DomainError(_l("Many people are signing up right now. Please try again."))


@cache
def _dummy_password_hash() -> str:
    return generate_password_hash(secrets.token_urlsafe(16))


def authenticate(email: str, password: str) -> User:
    user = user_by_email(email)
    if user is None:
        # Spend the same hashing time as for a real account, so timing does not reveal
        # which addresses have one.
        check_password_hash(_dummy_password_hash(), password)
    # Same message whether the address is unknown or the password wrong: no account probing.
    if user is None or not user.check_password(password):
        raise DomainError(_l("Wrong e-mail address or password."), "password")
    if not user.active:
        raise DomainError(_l("This account has been deactivated. Please contact the park office."),
                          "email")
    user.last_login_at = now_utc()
    db.session.commit()
    return user


# Invitations --------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_member(actor: User, organisation: Organisation, email: str, role: OrgRole) -> str:
    """Invite `email` to join; e-mail them the link; return the raw token (shown once)."""
    email = normalise_email(email)
    existing = user_by_email(email)
    if existing is not None and existing.membership_in(organisation):
        raise DomainError(_l("This person is already a member."), "email")
    if role is OrgRole.OWNER and not _is_owner_or_admin(actor, organisation):
        raise DomainError(_l("Only an owner can invite another owner."), "role")
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=_token_hash(token),
        invited_by_id=actor.id,
        expires_at=now_utc() + timedelta(days=current_app.config["INVITATION_DAYS"]),
    )
    db.session.add(invitation)
    record(actor, "invitation.created", invitation, organisation=organisation,
           summary=f"{email} as {role.value}")
    db.session.commit()
    send_mail(
        email,
        _l("You are invited to join %(organisation)s on Park", organisation=organisation.name),
        "invitation",
        locale=actor.locale,
        organisation=organisation,
        inviter=actor,
        role=role,
        link=url_for("accounts.accept_invitation", token=token, _external=True),
        days=current_app.config["INVITATION_DAYS"],
    )
    return token


def open_invitation(token: str) -> Invitation:
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == _token_hash(token))
    )
    if invitation is None or invitation.revoked_at is not None:
        raise DomainError(_l("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise DomainError(_l("This invitation has already been used."))
    if as_utc(invitation.expires_at) < now_utc():
        raise DomainError(_l("This invitation has expired. Ask for a new one."))
    return invitation


def _join(user: User, invitation: Invitation) -> None:
    # Claim the invitation with a conditional UPDATE so two people racing on one link
    # cannot both use it.
    claimed = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.accepted_at.is_(None))
        .values(accepted_at=now_utc())
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if claimed != 1:
        db.session.rollback()  # nothing of this transaction is kept
        raise DomainError(_l("This invitation has already been used."))
    if user.membership_in(invitation.organisation) is None:
        db.session.add(Membership(user=user, organisation=invitation.organisation,
                                  role=invitation.role))
    record(user, "invitation.accepted", invitation, organisation=invitation.organisation,
           summary=f"{user.email} joined as {invitation.role.value}")


def sign_up_with_invitation(token: str, *, name: str, password: str, locale: str) -> User:
    invitation = open_invitation(token)
    _ensure_email_free(invitation.email)
    user = _new_user(name, invitation.email, password, locale)
    try:
        db.session.flush()
        record(user, "user.signed_up", user, organisation=invitation.organisation,
               summary=f"{user.email} signed up by invitation")
        _join(user, invitation)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise DomainError(_l("An account with this e-mail address already exists."),
                          "email") from None
    return user


def accept_invitation(user: User, token: str) -> Organisation:
    """A signed-in user joins through a link sent to their own address."""
    invitation = open_invitation(token)
    if invitation.email != user.email:
        raise DomainError(
            _l("This invitation was sent to %(email)s. Log in with that address to accept it.",
               email=invitation.email)
        )
    _join(user, invitation)
    commit_or_refuse(_l("This invitation has already been used."))
    return invitation.organisation


def revoke_invitation(actor: User, invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise DomainError(_l("This invitation has already been used."))
    invitation.revoked_at = now_utc()
    record(actor, "invitation.revoked", invitation, organisation=invitation.organisation,
           summary=invitation.email)
    db.session.commit()


def pending_invitations(organisation: Organisation) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .where(
                Invitation.organisation_id == organisation.id,
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > now_utc(),
            )
            .order_by(Invitation.created_at.desc())
        )
    )


# Password reset -----------------------------------------------------------------------------


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def _password_fingerprint(user: User) -> str:
    # Part of the token: once the password changes, older links stop working.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def password_reset_token(user: User) -> str:
    return _reset_serializer().dumps({"uid": user.id, "pw": _password_fingerprint(user)})


def request_password_reset(email: str) -> None:
    """E-mail a reset link if the address has an active account; say nothing either way."""
    user = user_by_email(email)
    if user is None or not user.active:
        return
    send_mail(
        user.email,
        _l("Reset your Park password"),
        "password_reset",
        locale=user.locale,
        user=user,
        link=url_for("accounts.reset_password", token=password_reset_token(user), _external=True),
        minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60,
    )


def user_for_reset_token(token: str) -> User:
    invalid = DomainError(_l("This password reset link is invalid or has already been used."))
    try:
        data = _reset_serializer().loads(
            token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"]
        )
    except SignatureExpired:
        raise DomainError(_l("This password reset link has expired. Please ask for a new one.")) \
            from None
    except BadSignature:
        raise invalid from None
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or not user.active or data.get("pw") != _password_fingerprint(user):
        raise invalid
    return user


def reset_password(token: str, new_password: str) -> User:
    user = user_for_reset_token(token)
    user.set_password(new_password)
    record(user, "user.password_reset", user, summary=user.email)
    db.session.commit()
    return user


# Profile ------------------------------------------------------------------------------------


def update_profile(user: User, *, name: str, locale: str) -> None:
    changes = diff(user, {"name": name.strip(), "locale": locale})
    if changes:
        record(user, "user.updated", user, changes=changes, summary=user.email)
    db.session.commit()


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not user.check_password(current_password):
        raise DomainError(_l("Your current password is not correct."), "current_password")
    user.set_password(new_password)
    record(user, "user.password_changed", user, summary=user.email)
    db.session.commit()


# Organisations and members ------------------------------------------------------------------


def update_organisation(actor: User, organisation: Organisation, **fields) -> None:
    cleaned = {key: (value or "").strip() for key, value in fields.items()}
    changes = diff(organisation, cleaned)
    if changes:
        record(actor, "organisation.updated", organisation, organisation=organisation,
               changes=changes, summary=organisation.name)
    db.session.commit()


def _is_owner_or_admin(user: User, organisation: Organisation) -> bool:
    membership = user.membership_in(organisation)
    return user.is_admin or (membership is not None and membership.role is OrgRole.OWNER)


def _owner_count(organisation: Organisation) -> int:
    return db.session.scalar(
        select(func.count(Membership.id)).where(
            Membership.organisation_id == organisation.id, Membership.role == OrgRole.OWNER
        )
    )


def change_member_role(actor: User, membership: Membership, role: OrgRole) -> None:
    if role is membership.role:
        return
    if role is OrgRole.OWNER and not _is_owner_or_admin(actor, membership.organisation):
        raise DomainError(_l("Only an owner can make someone an owner."), "role")
    if membership.role is OrgRole.OWNER and _owner_count(membership.organisation) <= 1:
        raise DomainError(_l("An organisation needs at least one owner."), "role")
    changes = diff(membership, {"role": role})
    record(actor, "membership.role_changed", membership, organisation=membership.organisation,
           changes=changes, summary=membership.user.email)
    db.session.commit()


def remove_member(actor: User, membership: Membership) -> None:
    if membership.role is OrgRole.OWNER and _owner_count(membership.organisation) <= 1:
        raise DomainError(_l("An organisation needs at least one owner."))
    record(actor, "membership.removed", membership, organisation=membership.organisation,
           summary=membership.user.email)
    db.session.delete(membership)
    db.session.commit()


def decide_organisation(actor: User, organisation: Organisation, approve: bool) -> None:
    """The park approves or rejects an organisation awaiting approval."""
    new_status = OrgStatus.APPROVED if approve else OrgStatus.REJECTED
    if organisation.status is new_status:
        return
    changes = diff(organisation, {"status": new_status})
    organisation.decided_at = now_utc()
    organisation.decided_by_id = actor.id
    record(actor, "organisation.approved" if approve else "organisation.rejected", organisation,
           organisation=organisation, changes=changes, summary=organisation.name)
    db.session.commit()
    owners = [m.user for m in organisation.memberships if m.role is OrgRole.OWNER]
    for owner in owners:
        send_mail(
            owner.email,
            _l("Your organisation on Park has been approved") if approve
            else _l("Your organisation on Park was not approved"),
            "organisation_decided",
            locale=owner.locale,
            organisation=organisation,
            approved=approve,
            user=owner,
        )


def set_user_active(actor: User, target: User, active: bool) -> None:
    if target.id == actor.id:
        raise DomainError(_l("You cannot deactivate your own account."))
    changes = diff(target, {"active": active})
    if changes:
        record(actor, "user.activated" if active else "user.deactivated", target,
               changes=changes, summary=target.email)
    db.session.commit()


def create_or_update_user(
    *,
    email: str,
    password: str,
    name: str | None = None,
    admin: bool = False,
    organisation: Organisation | None = None,
    org_role: OrgRole | None = None,
) -> tuple[User, bool]:
    """For the CLI: make sure the user exists with this password; idempotent."""
    user = user_by_email(email)
    created = user is None
    if created:
        user = _new_user(name or email.split("@")[0], email, password, "en")
    else:
        user.set_password(password)
        if name:
            user.name = name
    if admin:
        user.is_admin = True
    if organisation is not None:
        membership = user.membership_in(organisation) if not created else None
        if membership is None:
            db.session.add(Membership(user=user, organisation=organisation,
                                      role=org_role or OrgRole.MEMBER))
        elif org_role is not None:
            membership.role = org_role
    db.session.flush()
    record(None, "user.created" if created else "user.updated", user,
           organisation=organisation, summary=f"{user.email} (command line)")
    db.session.commit()
    return user, created
