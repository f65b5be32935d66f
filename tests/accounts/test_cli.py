"""`flask users create`: make or update an account from the command line, safely repeatable."""

from __future__ import annotations

from sqlalchemy import select

from park.accounts.models import Membership, OrgRole, User
from park.extensions import db
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import audit_actions, count

PASSWORD_12 = "twelve chars"


def create_user(runner, *args, email="ops@example.com", password=PASSWORD_12):
    return runner.invoke(args=["users", "create", "--email", email, "--password", password,
                               *args])


def user(email="ops@example.com") -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def memberships_of(someone: User) -> list[Membership]:
    db.session.expire_all()
    return list(db.session.scalars(select(Membership).where(Membership.user_id == someone.id)))


def test_create_admin_makes_an_active_admin_who_can_log_in(runner, auth):
    result = create_user(runner, "--admin")

    assert result.exit_code == 0, result.output
    assert "Created ops@example.com (park administrator)" in result.output
    admin = user()
    assert admin.is_admin
    assert admin.active
    assert admin.name == "ops"
    assert admin.check_password(PASSWORD_12)
    assert auth.login("ops@example.com", PASSWORD_12).status_code == 302
    assert audit_actions() == ["user.created"]


def test_create_without_admin_flag_makes_a_plain_user_with_the_given_name(runner):
    result = create_user(runner, "--name", "Ops Person")

    assert result.exit_code == 0, result.output
    assert "Created ops@example.com" in result.output
    created = user()
    assert not created.is_admin
    assert created.name == "Ops Person"


def test_create_normalises_the_email(runner):
    result = create_user(runner, email="Ops@Example.COM")

    assert result.exit_code == 0, result.output
    assert user("ops@example.com") is not None


def test_running_the_same_command_twice_gives_no_error_and_one_user(runner):
    first = create_user(runner, "--admin")
    second = create_user(runner, "--admin")

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert "Updated ops@example.com (park administrator)" in second.output
    assert count(User) == 1
    assert user().is_admin


def test_running_again_with_another_password_updates_it(runner):
    create_user(runner)
    result = create_user(runner, password="another twelve")

    assert result.exit_code == 0, result.output
    assert user().check_password("another twelve")
    assert not user().check_password(PASSWORD_12)


def test_running_without_admin_flag_keeps_an_existing_admin(runner):
    create_user(runner, "--admin")
    create_user(runner)

    assert user().is_admin


def test_updating_an_existing_web_user_keeps_their_name_unless_given(runner):
    UserFactory(email="ops@example.com", name="Web Name")

    result = create_user(runner)

    assert result.exit_code == 0, result.output
    assert "Updated ops@example.com" in result.output
    assert user().name == "Web Name"


def test_org_and_owner_role_make_an_owner_membership(runner):
    organisation = OrganisationFactory(slug="yubei-lab")

    result = create_user(runner, "--org", "yubei-lab", "--org-role", "owner")

    assert result.exit_code == 0, result.output
    assert "owner of yubei-lab" in result.output
    [membership] = memberships_of(user())
    assert (membership.organisation_id, membership.role) == (organisation.id, OrgRole.OWNER)


def test_org_without_role_makes_a_plain_membership(runner):
    OrganisationFactory(slug="yubei-lab")

    result = create_user(runner, "--org", "yubei-lab")

    assert result.exit_code == 0, result.output
    assert [m.role for m in memberships_of(user())] == [OrgRole.MEMBER]


def test_running_twice_with_org_keeps_one_membership(runner):
    OrganisationFactory(slug="yubei-lab")

    first = create_user(runner, "--org", "yubei-lab", "--org-role", "owner")
    second = create_user(runner, "--org", "yubei-lab", "--org-role", "owner")

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert [m.role for m in memberships_of(user())] == [OrgRole.OWNER]
    assert count(Membership) == 1


def test_running_again_with_another_role_changes_the_existing_membership(runner):
    OrganisationFactory(slug="yubei-lab")

    create_user(runner, "--org", "yubei-lab", "--org-role", "member")
    result = create_user(runner, "--org", "yubei-lab", "--org-role", "manager")

    assert result.exit_code == 0, result.output
    assert [m.role for m in memberships_of(user())] == [OrgRole.MANAGER]


def test_unknown_org_slug_fails_with_a_message_and_creates_nothing(runner):
    result = create_user(runner, "--org", "no-such-org", "--org-role", "owner")

    assert result.exit_code != 0
    assert "no organisation with slug 'no-such-org'" in result.output
    assert count(User) == 0


def test_org_role_without_org_fails(runner):
    result = create_user(runner, "--org-role", "owner")

    assert result.exit_code != 0
    assert "needs --org as well" in result.output
    assert count(User) == 0


def test_unknown_org_role_fails(runner):
    OrganisationFactory(slug="yubei-lab")

    result = create_user(runner, "--org", "yubei-lab", "--org-role", "emperor")

    assert result.exit_code != 0
    assert count(User) == 0


def test_malformed_email_fails_and_creates_nothing(runner):
    result = create_user(runner, email="not-an-address")

    assert result.exit_code != 0
    assert "--email" in result.output
    assert count(User) == 0


def test_short_password_fails_and_creates_nothing(runner):
    result = create_user(runner, password="short")

    assert result.exit_code != 0
    assert "needs between 10 and 128 characters" in result.output
    assert count(User) == 0


def test_short_password_does_not_change_an_existing_password(runner):
    create_user(runner)

    result = create_user(runner, password="short")

    assert result.exit_code != 0
    assert user().check_password(PASSWORD_12)


def test_missing_password_fails(runner):
    result = runner.invoke(args=["users", "create", "--email", "ops@example.com"])

    assert result.exit_code != 0
    assert "--password" in result.output
    assert count(User) == 0
