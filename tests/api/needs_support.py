"""A small park for the needs API tests: a manufacturer with an open and an invited-only need,
an invited and an uninvited provider firm, a team, the park office and someone in no
organisation."""

from __future__ import annotations

from park.accounts.models import OrgKind, OrgRole
from park.matching import services
from park.matching.models import NeedVisibility
from tests.factories import (
    AdminFactory,
    NeedFactory,
    OrganisationFactory,
    ProviderProfileFactory,
    ServiceTypeFactory,
    SpecialtyFactory,
    TeamFactory,
    TeamMemberFactory,
    UserFactory,
    member_of,
)


def provider_firm(name: str, services=(), specialties=(), **fields):
    """A listed design firm offering `services` in `specialties`."""
    profile = ProviderProfileFactory(organisation=OrganisationFactory(name=name, **fields),
                                     service_types=list(services),
                                     specialties=list(specialties))
    return profile.organisation


class NeedsPark:
    def __init__(self):
        self.cmf = ServiceTypeFactory(code="cmf", name="CMF design")
        self.mould = ServiceTypeFactory(code="mould", name="Mould design")
        self.prototype = ServiceTypeFactory(code="prototype", name="Prototyping")
        self.motorcycles = SpecialtyFactory(code="motorcycles", name="Motorcycles")
        self.aerospace = SpecialtyFactory(code="aerospace", name="Aerospace apparel")

        self.maker = OrganisationFactory(slug="fengchi", name="Fengchi Motors",
                                         kind=OrgKind.MANUFACTURER)
        self.owner = member_of(self.maker, OrgRole.OWNER, name="Owner Wang")
        self.open_need = NeedFactory(owner=self.maker, title="Open fairing",
                                     service_types=[self.cmf, self.mould],
                                     specialties=[self.motorcycles])
        self.private_need = NeedFactory(owner=self.maker, title="Private scooter",
                                        visibility=NeedVisibility.INVITED,
                                        service_types=[self.cmf],
                                        specialties=[self.motorcycles])

        self.invited_firm = provider_firm("Artop Design", [self.cmf, self.mould],
                                          [self.motorcycles], slug="artop")
        self.invited_designer = member_of(self.invited_firm, name="Designer Li")
        self.other_firm = provider_firm("Xunfeng Studio", [self.cmf], slug="xunfeng")
        self.other_designer = member_of(self.other_firm, name="Designer Zhao")
        services.invite_to_need(self.owner, self.private_need, organisation=self.invited_firm)

        self.team = TeamFactory(name="Fairing Studio", organisation=self.other_firm,
                                service_types=[self.mould])
        self.institute = OrganisationFactory(name="Institute", kind=OrgKind.ACADEMIC)
        self.student = member_of(self.institute, name="Student Chen")
        TeamMemberFactory(team=self.team, user=self.student, organisation=self.institute)

        self.admin = AdminFactory()
        self.nobody = UserFactory()  # signed in, but in no organisation
