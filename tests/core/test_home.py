"""The home page: the park's numbers for everyone, the user's organisations when signed in."""

from park.accounts.models import OrgKind, OrgRole, OrgStatus
from tests.accounts.helpers import visible_text
from tests.factories import AdminFactory, OrganisationFactory, UserFactory, member_of


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
    user = login(UserFactory())

    def queries_for_home():
        db.session.expire_all()
        with count_queries() as counter:
            assert client.get("/").status_code == 200
        return counter.count

    from tests.factories import MembershipFactory

    MembershipFactory(user=user)
    with_one = queries_for_home()
    MembershipFactory.create_batch(6, user=user)
    assert queries_for_home() == with_one
