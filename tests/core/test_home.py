"""The home page: the park's numbers for everyone, the user's organisations when signed in."""

from park.accounts.models import OrgKind, OrgRole, OrgStatus, User
from tests.factories import (
    AdminFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    member_of,
)
from tests.helpers import queries_for_page, visible_text


def test_park_numbers_count_only_approved_organisations_by_kind(client):
    OrganisationFactory.create_batch(3, kind=OrgKind.DESIGN_FIRM)
    OrganisationFactory(kind=OrgKind.DESIGN_FIRM, status=OrgStatus.PENDING)
    OrganisationFactory(kind=OrgKind.MANUFACTURER)

    text = visible_text(client.get("/"))

    assert "3 Design firm" in text
    assert "1 Manufacturer" in text
    assert "0 Academic institution" in text


def test_signed_in_user_sees_their_organisations_and_pending_state(client, login):
    organisation = OrganisationFactory(name="Yubei Design", status=OrgStatus.PENDING)
    login(member_of(organisation, OrgRole.OWNER))

    text = visible_text(client.get("/"))

    assert "Yubei Design" in text
    assert "Awaiting the park’s approval" in text


def test_admin_sees_how_many_organisations_await_approval(client, login):
    OrganisationFactory.create_batch(2, status=OrgStatus.PENDING)
    login(AdminFactory())

    text = visible_text(client.get("/"))

    assert "Organisations awaiting approval 2" in text


def test_home_page_queries_do_not_grow_with_the_users_memberships(client, login, db,
                                                                  count_queries):
    user_id = login(UserFactory()).id

    MembershipFactory(user=db.session.get(User, user_id))
    with_one = queries_for_page(client, count_queries, "/")
    MembershipFactory.create_batch(6, user=db.session.get(User, user_id))
    assert queries_for_page(client, count_queries, "/") == with_one
