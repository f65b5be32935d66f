"""Who sees which needs: a need for the park is seen by everyone signed in for an approved
organisation, an invited-only one by its owner, the organisations and teams invited and the
park office. The list's SQL condition and the page's policy give the same answer."""

from __future__ import annotations

import pytest
from flask import g
from sqlalchemy import select

from park.accounts.models import OrgKind, OrgStatus
from park.extensions import db
from park.matching import services
from park.matching.models import Need, NeedStatus, NeedVisibility
from park.matching.policy import can_view_need
from park.matching.queries import NeedFilters, needs_query, visible_needs
from tests.factories import (
    AdminFactory,
    NeedFactory,
    OrganisationFactory,
    ServiceTypeFactory,
    TeamFactory,
    TeamMemberFactory,
    UserFactory,
    member_of,
)
from tests.helpers import redirect_path


def _fresh():
    """A new request's view of teams (queries cache a user's teams on `g`)."""
    g.pop("_park_teams_of", None)


def _listed(user, **filters) -> list[str]:
    _fresh()
    return [need.title for need, _fit, _wanted in
            db.session.execute(needs_query(user, NeedFilters(**filters)))]


def _visible_ids(user) -> set[int]:
    _fresh()
    return set(db.session.scalars(select(Need.id).where(visible_needs(user))))


class Park:
    def __init__(self):
        self.cmf = ServiceTypeFactory(name="CMF")
        self.maker = OrganisationFactory(name="Fengchi", kind=OrgKind.MANUFACTURER)
        self.owner = member_of(self.maker)
        self.open_need = NeedFactory(owner=self.maker, title="Open fairing",
                                     service_types=[self.cmf])
        self.private_need = NeedFactory(owner=self.maker, title="Private scooter",
                                        visibility=NeedVisibility.INVITED,
                                        service_types=[self.cmf])
        self.invited_firm = OrganisationFactory(name="Artop")
        self.invited_designer = member_of(self.invited_firm)
        self.other_firm = OrganisationFactory(name="Xunfeng")
        self.other_designer = member_of(self.other_firm)
        self.team = TeamFactory(name="Fairing Studio", organisation=self.other_firm)
        self.institute = OrganisationFactory(name="Institute", kind=OrgKind.ACADEMIC)
        self.student = member_of(self.institute)
        TeamMemberFactory(team=self.team, user=self.student, organisation=self.institute)
        self.admin = AdminFactory()
        self.nobody = UserFactory()  # signed in, but in no organisation
        self.pending_firm = OrganisationFactory(name="Pending", status=OrgStatus.PENDING)
        self.pending_member = member_of(self.pending_firm)

    def invite(self, **invitee):
        services.invite_to_need(self.owner, self.private_need, **invitee)


@pytest.fixture
def park():
    return Park()


def test_an_uninvited_provider_lists_only_the_needs_for_the_park(park):
    assert _listed(park.invited_designer) == ["Open fairing"]
    assert _listed(park.other_designer) == ["Open fairing"]


def test_an_invited_organisation_lists_the_invited_only_need(park):
    park.invite(organisation=park.invited_firm)

    assert sorted(_listed(park.invited_designer)) == ["Open fairing", "Private scooter"]
    assert _listed(park.invited_designer, scope="invited") == ["Private scooter"]
    assert _listed(park.other_designer) == ["Open fairing"]


def test_a_team_invitation_shows_the_need_to_the_team_s_members_only(park):
    park.invite(team=park.team)

    assert sorted(_listed(park.student)) == ["Open fairing", "Private scooter"]
    assert _listed(park.student, scope="invited") == ["Private scooter"]
    # The team's firm is not invited itself: its people outside the team do not see it.
    assert _listed(park.other_designer) == ["Open fairing"]


def test_the_owner_and_the_park_office_list_every_need(park):
    assert sorted(_listed(park.owner)) == ["Open fairing", "Private scooter"]
    assert sorted(_listed(park.admin)) == ["Open fairing", "Private scooter"]
    assert sorted(_listed(park.owner, scope="mine")) == ["Open fairing", "Private scooter"]
    assert _listed(park.admin, scope="mine") == []


def test_someone_in_no_approved_organisation_lists_nothing(park):
    assert _listed(park.nobody) == []
    assert _listed(park.pending_member) == []


def test_a_closed_need_stays_visible_to_those_who_saw_it_listed_after_the_open_ones(park):
    services.close_need(park.owner, park.open_need, expected_version=park.open_need.version,
                        reason="Postponed")
    NeedFactory(owner=park.maker, title="Another open need", service_types=[park.cmf])

    listed = _listed(park.other_designer)

    assert listed == ["Another open need", "Open fairing"]
    assert park.open_need.status is NeedStatus.CLOSED


@pytest.mark.parametrize("invitee", ["nobody", "organisation", "team"])
def test_the_policy_agrees_with_the_list_for_every_kind_of_user(park, invitee):
    if invitee == "organisation":
        park.invite(organisation=park.invited_firm)
    elif invitee == "team":
        park.invite(team=park.team)
    users = {
        "owner member": park.owner,
        "invited organisation's member": park.invited_designer,
        "team member": park.student,
        "other provider": park.other_designer,
        "park admin": park.admin,
        "user with no organisation": park.nobody,
        "member of a pending organisation": park.pending_member,
    }
    needs = [park.open_need, park.private_need]

    for who, user in users.items():
        listed = _visible_ids(user)
        for need in needs:
            _fresh()
            assert can_view_need(user, need) == (need.id in listed), (who, need.title)


def test_the_matrix_of_who_sees_the_invited_only_need(park):
    park.invite(organisation=park.invited_firm)
    park.invite(team=park.team)

    seen = {}
    for who, user in {"owner": park.owner, "invited firm": park.invited_designer,
                      "team member": park.student, "other provider": park.other_designer,
                      "admin": park.admin, "no organisation": park.nobody}.items():
        _fresh()
        seen[who] = can_view_need(user, park.private_need)

    assert seen == {"owner": True, "invited firm": True, "team member": True,
                    "other provider": False, "admin": True, "no organisation": False}


def test_anonymous_visitors_are_sent_to_log_in_for_needs(client, park):
    response = client.get("/needs")
    need_page = client.get(f"/needs/{park.open_need.id}")

    assert response.status_code == 302
    assert redirect_path(response).startswith("/login")
    assert "next=" in redirect_path(response)
    assert need_page.status_code == 302 and redirect_path(need_page).startswith("/login")


def test_an_uninvited_provider_cannot_open_the_invited_only_need(client, login, park):
    login(park.other_designer)

    assert client.get(f"/needs/{park.private_need.id}").status_code in (403, 404)
    assert client.get(f"/needs/{park.open_need.id}").status_code == 200
