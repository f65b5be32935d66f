"""Directory rules: provider profiles and logos, contact requests, and the taxonomies.

Each public function is one transaction: it checks the rules, writes, records the audit entry
and commits. Refusals are DomainErrors carrying a translatable message and the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import BinaryIO

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from park.accounts.models import Membership, Organisation, OrgKind, OrgRole, OrgStatus, User
from park.accounts.policy import MANAGING_ROLES
from park.core import storage
from park.core.audit import diff, record
from park.core.errors import DomainError, commit_or_refuse
from park.core.mail import send_mail
from park.core.time import now_utc
from park.directory.models import (
    PROVIDER_KINDS,
    ContactRequest,
    ProviderProfile,
    ServiceType,
    Specialty,
    TaxonomyTerm,
    profile_service_types,
    profile_specialties,
)
from park.extensions import db

CAPACITY_MAX = 1000
MESSAGE_MAX = 2000
CONTACT_REQUEST_INTERVAL = timedelta(hours=24)
LOGO_MAX_PIXELS = 4096


# Profiles -----------------------------------------------------------------------------------


def _profile_of(organisation: Organisation) -> ProviderProfile:
    profile = organisation.profile
    if profile is None:
        profile = ProviderProfile(organisation=organisation, listed=False, capacity=0,
                                  contact_name="", contact_email="", contact_phone="")
        db.session.add(profile)
    return profile


def _terms(model: type[TaxonomyTerm], codes: Iterable[str], field: str) -> list[TaxonomyTerm]:
    wanted = list(dict.fromkeys(code.strip() for code in codes if code and code.strip()))
    if not wanted:
        return []
    found = {term.code: term for term in db.session.scalars(
        select(model).where(model.code.in_(wanted)))}
    if len(found) != len(wanted):
        raise DomainError(_l("Please choose only from the list."), field)
    return sorted(found.values(), key=lambda term: (term.position, term.id))


def _store_logo(upload: BinaryIO) -> storage.StoredFile:
    return storage.store_image(upload, max_bytes=current_app.config["LOGO_MAX_BYTES"],
                               field="logo", max_pixels=LOGO_MAX_PIXELS)


def _swap_logo(profile: ProviderProfile, stored: storage.StoredFile | None) -> dict:
    """Point the profile at `stored` (None removes the logo); return the audit change."""
    old = profile.logo_file
    profile.logo_file = stored.name if stored else None
    profile.logo_type = stored.content_type if stored else None
    return {"logo_file": [old, profile.logo_file]} if old != profile.logo_file else {}


def _commit_with_files(new_file: storage.StoredFile | None, old_name: str | None,
                       message, field: str | None = None) -> None:
    """Commit; then drop the replaced file. When the commit fails, drop the new one instead."""
    try:
        commit_or_refuse(message, field)
    except BaseException:
        db.session.rollback()
        storage.delete(new_file.name if new_file else None)
        raise
    if old_name and (new_file is None or new_file.name != old_name):
        storage.delete(old_name)


def update_profile(
    actor: User,
    organisation: Organisation,
    *,
    listed: bool,
    capacity: int,
    contact_name: str,
    contact_email: str,
    contact_phone: str,
    specialties: Sequence[str],
    service_types: Sequence[str],
    logo: BinaryIO | None = None,
    remove_logo: bool = False,
) -> ProviderProfile:
    """Save a provider's directory profile (creating it the first time).

    `specialties` and `service_types` are term codes. An uploaded `logo` replaces the current
    one and `remove_logo` drops it; either way the old file goes only once the change is
    committed, and nothing changes when any part is refused.
    """
    if listed and organisation.kind not in PROVIDER_KINDS:
        raise DomainError(
            _l("Only design firms, labs and academic institutions can be listed in the "
               "directory."),
            "listed",
        )
    if capacity is None or not 0 <= capacity <= CAPACITY_MAX:
        raise DomainError(_l("Please enter a number between %(min)d and %(max)d.",
                             min=0, max=CAPACITY_MAX), "capacity")
    chosen_specialties = _terms(Specialty, specialties, "specialties")
    chosen_services = _terms(ServiceType, service_types, "service_types")
    stored = _store_logo(logo) if logo is not None else None  # the last check that can refuse

    profile = _profile_of(organisation)
    old_logo = profile.logo_file
    changes = diff(profile, {
        "listed": bool(listed),
        "capacity": capacity,
        "contact_name": (contact_name or "").strip(),
        "contact_email": (contact_email or "").strip().lower(),
        "contact_phone": (contact_phone or "").strip(),
    })
    for name, terms in (("specialties", chosen_specialties), ("service_types", chosen_services)):
        before = [term.code for term in getattr(profile, name)]
        after = [term.code for term in terms]
        if sorted(before) != sorted(after):
            setattr(profile, name, terms)
            changes[name] = [before, after]
    if stored is not None or remove_logo:
        changes.update(_swap_logo(profile, stored))
    if changes:
        record(actor, "profile.updated", organisation, organisation=organisation,
               changes=changes, summary=organisation.name)
    _commit_with_files(stored, old_logo if "logo_file" in changes else None,
                       _l("Someone else saved this profile at the same time. Please try again."))
    return profile


# Contact requests ---------------------------------------------------------------------------


def requesting_organisations(user: User) -> list[Organisation]:
    """The approved manufacturers `user` may ask on behalf of."""
    return [
        m.organisation for m in user.memberships
        if m.organisation.kind is OrgKind.MANUFACTURER
        and m.organisation.status is OrgStatus.APPROVED
    ]


def _provider_recipients(provider: Organisation) -> list[tuple[str, str, str]]:
    """(e-mail, locale, name) of every active owner and manager, then the profile's contact."""
    rows = db.session.execute(
        select(User.email, User.locale, User.name)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == provider.id, Membership.role.in_(MANAGING_ROLES),
               User.active.is_(True))
        .order_by(Membership.role != OrgRole.OWNER, User.id)
    ).all()
    recipients = [(email, locale, name) for email, locale, name in rows]
    contact = provider.profile.contact_email if provider.profile else ""
    if contact and contact not in {email for email, _locale, _name in recipients}:
        name = provider.profile.contact_name or provider.name
        recipients.append((contact, current_app.config["BABEL_DEFAULT_LOCALE"], name))
    return recipients


def request_contact(actor: User, requester: Organisation, provider: Organisation,
                    message: str) -> ContactRequest:
    """A manufacturer asks a listed provider to get in touch; its managers hear by e-mail."""
    message = (message or "").strip()
    if not message:
        raise DomainError(_l("Please write a short message."), "message")
    if len(message) > MESSAGE_MAX:
        raise DomainError(_l("At most %(max)d characters.", max=MESSAGE_MAX), "message")
    if requester.id not in {org.id for org in requesting_organisations(actor)}:
        raise DomainError(_l("Only members of an approved manufacturer can ask for contact."),
                          "requester")
    if requester.id == provider.id:
        raise DomainError(_l("An organisation cannot ask itself for contact."), "requester")
    since = now_utc() - CONTACT_REQUEST_INTERVAL
    recent = db.session.scalar(
        select(func.count(ContactRequest.id)).where(
            ContactRequest.provider_id == provider.id,
            ContactRequest.requester_id == requester.id,
            ContactRequest.created_at > since,
        )
    )
    if recent:
        raise DomainError(
            _l("%(organisation)s has already asked this provider for contact in the last 24 "
               "hours. Please wait for their answer.", organisation=requester.name),
            "message",
        )
    contact_request = ContactRequest(provider=provider, requester=requester, sender_id=actor.id,
                                     message=message)
    db.session.add(contact_request)
    record(actor, "contact_request.created", contact_request, organisation=provider,
           summary=f"{requester.name} -> {provider.name}")
    db.session.commit()

    link = url_for("directory.contact_requests", slug=provider.slug, _external=True)
    for email, locale, name in _provider_recipients(provider):
        send_mail(
            email,
            _l("%(requester)s would like to get in touch", requester=requester.name),
            "contact_request",
            locale=locale,
            recipient_name=name,
            provider=provider,
            requester=requester,
            sender=actor,
            message=message,
            link=link,
        )
    return contact_request


# Taxonomies ---------------------------------------------------------------------------------


def _clean_term_fields(code: str, name: str, name_zh: str, position: int | None) -> dict:
    fields = {
        "code": (code or "").strip().lower(),
        "name": (name or "").strip(),
        "name_zh": (name_zh or "").strip(),
        "position": position or 0,
    }
    if len(fields["code"]) < 2:
        raise DomainError(_l("A code needs at least 2 characters."), "code")
    if not fields["name"]:
        raise DomainError(_l("Please enter the English name."), "name")
    if not fields["name_zh"]:
        raise DomainError(_l("Please enter the Chinese name."), "name_zh")
    return fields


CODE_TAKEN = _l("This code is already in use. Please choose another.")


def _ensure_code_free(model: type[TaxonomyTerm], code: str, term_id: int | None = None) -> None:
    query = select(model.id).where(model.code == code)
    if term_id is not None:
        query = query.where(model.id != term_id)
    if db.session.scalar(query) is not None:
        raise DomainError(CODE_TAKEN, "code")


def create_term(actor: User, model: type[TaxonomyTerm], *, code: str, name: str, name_zh: str,
                position: int | None = 0) -> TaxonomyTerm:
    fields = _clean_term_fields(code, name, name_zh, position)
    _ensure_code_free(model, fields["code"])
    term = model(**fields)
    db.session.add(term)
    record(actor, f"{model.__tablename__}.created", term, summary=f"{term.code}: {term.name}")
    commit_or_refuse(CODE_TAKEN, "code")  # a concurrent request took the code after our check
    return term


def update_term(actor: User, term: TaxonomyTerm, *, code: str, name: str, name_zh: str,
                position: int | None = 0) -> TaxonomyTerm:
    fields = _clean_term_fields(code, name, name_zh, position)
    _ensure_code_free(type(term), fields["code"], term.id)
    changes = diff(term, fields)
    if changes:
        record(actor, f"{term.__tablename__}.updated", term, changes=changes,
               summary=f"{term.code}: {term.name}")
    commit_or_refuse(CODE_TAKEN, "code")
    return term


def _links_of(term: TaxonomyTerm):
    """The association table that ties `term` to profiles, and its column for the term."""
    if isinstance(term, Specialty):
        return profile_specialties, profile_specialties.c.specialty_id
    return profile_service_types, profile_service_types.c.service_type_id


def term_usage(term: TaxonomyTerm) -> int:
    """How many provider profiles carry `term`."""
    table, column = _links_of(term)
    return db.session.scalar(select(func.count()).select_from(table).where(column == term.id))


def delete_term(actor: User, term: TaxonomyTerm) -> None:
    """Delete a term; the profiles that carried it simply lose it (the links cascade)."""
    used_by = term_usage(term)
    record(actor, f"{term.__tablename__}.deleted", term,
           changes={"code": [term.code, None], "name": [term.name, None]},
           summary=f"{term.code}: {term.name} (used by {used_by})")
    db.session.delete(term)  # the profiles' links go with it (ON DELETE CASCADE)
    db.session.commit()
