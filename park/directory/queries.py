"""Read side of the directory: the faceted search, profile pages, contact requests and the
taxonomy lists, each with a fixed number of queries whatever the number of providers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sqlalchemy import case, exists, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from park.accounts.models import Organisation, OrgKind, OrgStatus
from park.core.caching import cache_key, remember, watch
from park.core.pagination import paginate
from park.core.search import contains
from park.directory.models import (
    PROVIDER_KINDS,
    ContactRequest,
    ProviderProfile,
    ServiceType,
    Specialty,
    profile_service_types,
    profile_specialties,
)
from park.extensions import db
from park.tenants.models import Tenancy, TenancyStatus

# Small words a search for "mould design for motorcycles" should not require.
STOP_WORDS = frozenset({"a", "an", "and", "for", "in", "of", "on", "or", "the", "to", "with"})
MAX_TERMS = 8
MAX_SELECTED = 30
SORTS = ("name", "newest", "in_park")
PER_PAGE = 20
# Facet counts are public and the same for every visitor: a search shows them up to this many
# seconds old rather than running four GROUP BYs over every provider on each page view.
FACETS_CACHE_SECONDS = 60
# The rendered search page (form, facets, results) is shared the same way. Both start afresh
# after any commit that changes an organisation, a profile, a tenancy or a term (see `watch`
# below); the lifetime bounds what a bulk write, which the watch does not see, leaves behind.
PAGE_CACHE_SECONDS = 60

for _namespace in ("directory-facets", "directory-page"):
    watch(Organisation, ProviderProfile, Tenancy, Specialty, ServiceType, namespace=_namespace)


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    specialties: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    kinds: tuple[OrgKind, ...] = ()
    in_park: tuple[str, ...] = ()  # "yes" and/or "no"; both or neither mean no filter
    sort: str = "name"

    @property
    def terms(self) -> list[str]:
        words = [word for word in self.q.split() if word.lower() not in STOP_WORDS]
        return words[:MAX_TERMS]

    @property
    def active(self) -> bool:
        return bool(self.q.strip() or self.specialties or self.services or self.kinds
                    or self.in_park)


@dataclass
class Facets:
    specialties: dict[str, int] = field(default_factory=dict)
    services: dict[str, int] = field(default_factory=dict)
    kinds: dict[OrgKind, int] = field(default_factory=dict)
    in_park: dict[str, int] = field(default_factory=dict)


@dataclass
class DirectoryResults:
    page: object
    facets: Facets
    specialties: list[Specialty]
    service_types: list[ServiceType]


def _term_matches(term: str):
    """The organisation, or one of its specialties or services, mentions `term`."""
    def ilike(column):
        return contains(column, term)

    in_specialty = exists(
        select(1)
        .select_from(profile_specialties.join(Specialty))
        .where(profile_specialties.c.organisation_id == Organisation.id,
               or_(ilike(Specialty.name), ilike(Specialty.name_zh)))
    )
    in_service = exists(
        select(1)
        .select_from(profile_service_types.join(ServiceType))
        .where(profile_service_types.c.organisation_id == Organisation.id,
               or_(ilike(ServiceType.name), ilike(ServiceType.name_zh)))
    )
    return or_(ilike(Organisation.name), ilike(Organisation.name_zh),
               ilike(Organisation.description), ilike(Organisation.description_zh),
               in_specialty, in_service)


def _settled():
    # correlate_except: the page's own query outer-joins Tenancy too; this subquery must still
    # read its own tenancies table rather than correlate to that join.
    return exists(
        select(1).where(Tenancy.organisation_id == Organisation.id,
                        Tenancy.status == TenancyStatus.SETTLED)
        .correlate_except(Tenancy)
    )


def _conditions(filters: DirectoryFilters, *, except_facet: str | None = None) -> list:
    """WHERE clauses for the listed providers that match `filters`, leaving out one facet's own
    selection (disjunctive faceting: a facet's counts ignore what is ticked in it)."""
    conditions = [
        Organisation.status == OrgStatus.APPROVED,
        Organisation.kind.in_(PROVIDER_KINDS),
        ProviderProfile.listed.is_(True),
    ]
    conditions += [_term_matches(term) for term in filters.terms]
    if filters.specialties and except_facet != "specialties":
        conditions.append(exists(
            select(1).select_from(profile_specialties.join(Specialty))
            .where(profile_specialties.c.organisation_id == Organisation.id,
                   Specialty.code.in_(filters.specialties))
        ))
    if filters.services and except_facet != "services":
        conditions.append(exists(
            select(1).select_from(profile_service_types.join(ServiceType))
            .where(profile_service_types.c.organisation_id == Organisation.id,
                   ServiceType.code.in_(filters.services))
        ))
    if filters.kinds and except_facet != "kinds":
        conditions.append(Organisation.kind.in_(filters.kinds))
    if len(set(filters.in_park)) == 1 and except_facet != "in_park":
        conditions.append(_settled() if filters.in_park[0] == "yes" else ~_settled())
    return conditions


def _providers():
    return select(Organisation).join(
        ProviderProfile, ProviderProfile.organisation_id == Organisation.id
    )


def _localised_name(locale: str):
    if locale.startswith("zh"):
        return func.coalesce(func.nullif(Organisation.name_zh, ""), Organisation.name)
    return Organisation.name


def search_query(filters: DirectoryFilters, locale: str):
    """The page's providers with profile, tenancy, specialties and services loaded eagerly."""
    name = _localised_name(locale)
    order = {
        "newest": (Organisation.created_at.desc(), Organisation.id.desc()),
        "in_park": (case((Tenancy.status == TenancyStatus.SETTLED, 0), else_=1), name,
                    Organisation.id),
    }.get(filters.sort, (name, Organisation.id))
    return (
        _providers()
        .outerjoin(Tenancy, Tenancy.organisation_id == Organisation.id)
        .where(*_conditions(filters))
        .options(
            contains_eager(Organisation.profile).selectinload(ProviderProfile.specialties),
            contains_eager(Organisation.profile).selectinload(ProviderProfile.service_types),
            contains_eager(Organisation.tenancy),
        )
        .order_by(*order)
    )


def _count_by(column, filters: DirectoryFilters, facet: str, joins=()) -> dict:
    query = select(column, func.count(Organisation.id)).select_from(Organisation).join(
        ProviderProfile, ProviderProfile.organisation_id == Organisation.id
    )
    for target, on, outer in joins:
        query = query.join(target, on, isouter=outer)
    rows = db.session.execute(
        query.where(*_conditions(filters, except_facet=facet)).group_by(column)
    )
    return {key: count for key, count in rows}


def facet_counts(filters: DirectoryFilters) -> Facets:
    """Four GROUP BY queries, one per facet."""
    specialties = _count_by(Specialty.code, filters, "specialties", [
        (profile_specialties, profile_specialties.c.organisation_id == Organisation.id, False),
        (Specialty, Specialty.id == profile_specialties.c.specialty_id, False),
    ])
    services = _count_by(ServiceType.code, filters, "services", [
        (profile_service_types, profile_service_types.c.organisation_id == Organisation.id,
         False),
        (ServiceType, ServiceType.id == profile_service_types.c.service_type_id, False),
    ])
    kinds = _count_by(Organisation.kind, filters, "kinds")
    # A tenancy is one row per organisation at most, so the outer join keeps counts right.
    in_park = _count_by(
        case((Tenancy.status == TenancyStatus.SETTLED, "yes"), else_="no").label("in_park"),
        filters, "in_park",
        [(Tenancy, Tenancy.organisation_id == Organisation.id, True)],
    )
    return Facets(specialties=specialties, services=services, kinds=kinds, in_park=in_park)


def cached_facet_counts(filters: DirectoryFilters) -> Facets:
    """`facet_counts`, at most FACETS_CACHE_SECONDS old, keyed by every filter that changes
    them (not the sort, which only orders the page)."""
    digest = hashlib.sha256(repr((filters.terms, sorted(filters.specialties),
                                  sorted(filters.services),
                                  sorted(kind.value for kind in filters.kinds),
                                  sorted(set(filters.in_park)))).encode()).hexdigest()[:32]
    key = cache_key("directory-facets", digest)
    return remember(key, lambda: facet_counts(filters), timeout=FACETS_CACHE_SECONDS)


def all_specialties() -> list[Specialty]:
    return list(db.session.scalars(select(Specialty).order_by(Specialty.position, Specialty.id)))


def all_service_types() -> list[ServiceType]:
    return list(db.session.scalars(
        select(ServiceType).order_by(ServiceType.position, ServiceType.id)))


def search_directory(filters: DirectoryFilters, locale: str) -> DirectoryResults:
    return DirectoryResults(
        page=paginate(search_query(filters, locale), per_page=PER_PAGE),
        facets=cached_facet_counts(filters),
        specialties=all_specialties(),
        service_types=all_service_types(),
    )


# Profiles -----------------------------------------------------------------------------------


def provider_by_slug(slug: str) -> Organisation | None:
    """A provider organisation with everything its profile page shows, in one round of loads."""
    return db.session.scalar(
        select(Organisation)
        .where(Organisation.slug == slug, Organisation.kind.in_(PROVIDER_KINDS))
        .options(
            joinedload(Organisation.profile).selectinload(ProviderProfile.specialties),
            joinedload(Organisation.profile).selectinload(ProviderProfile.service_types),
            joinedload(Organisation.tenancy),
        )
    )


def contact_requests_query(provider: Organisation):
    return (
        select(ContactRequest)
        .where(ContactRequest.provider_id == provider.id)
        .options(joinedload(ContactRequest.requester), joinedload(ContactRequest.sender))
        .order_by(ContactRequest.created_at.desc(), ContactRequest.id.desc())
    )


# Taxonomies ---------------------------------------------------------------------------------


def specialty_usage() -> dict[int, int]:
    rows = db.session.execute(
        select(profile_specialties.c.specialty_id, func.count())
        .group_by(profile_specialties.c.specialty_id)
    )
    return {term_id: count for term_id, count in rows}


def service_type_usage() -> dict[int, int]:
    rows = db.session.execute(
        select(profile_service_types.c.service_type_id, func.count())
        .group_by(profile_service_types.c.service_type_id)
    )
    return {term_id: count for term_id, count in rows}
