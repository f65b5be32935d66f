"""The demo park seed: what it creates, that it is idempotent, and the seed-demo command."""

from __future__ import annotations

from sqlalchemy import func, select

from park.accounts.models import Membership, Organisation, OrgKind, OrgRole, OrgStatus, User
from park.core.audit import AuditEntry
from park.demo import data
from park.demo.seed import demo_logins, seed_demo


def _quiet(_message: str) -> None:
    pass


def _count(db, column) -> int:
    return db.session.scalar(select(func.count(column)))


def _counts(db) -> tuple[int, int, int, int]:
    return (
        _count(db, Organisation.id),
        _count(db, User.id),
        _count(db, Membership.id),
        _count(db, AuditEntry.id),
    )


def test_seed_creates_at_least_forty_design_firms_approved_or_pending(app, db):
    seed_demo(echo=_quiet)

    firms = db.session.scalars(
        select(Organisation).where(Organisation.kind == OrgKind.DESIGN_FIRM)
    ).all()
    assert len(firms) >= 40
    assert {firm.status for firm in firms} == {OrgStatus.APPROVED, OrgStatus.PENDING}
    assert sum(firm.status is OrgStatus.PENDING for firm in firms) == 2


def test_seed_includes_the_three_article_firms_with_chinese_names(app, db):
    seed_demo(echo=_quiet)

    firms = {
        org.slug: org
        for org in db.session.scalars(
            select(Organisation).where(Organisation.slug.in_(data.ARTICLE_FIRM_SLUGS))
        )
    }
    assert firms["toway"].name == "Chongqing Toway Automotive Design Co., Ltd."
    assert firms["artop-yuli"].name == "Chongqing Artop Yuli Technology Co., Ltd."
    assert firms["artop-yuli"].name_zh == "重庆浪尖渝力科技有限公司"
    assert firms["chuangyu"].name == "Chongqing Chuangyu Industrial Design Co., Ltd."
    for firm in firms.values():
        assert firm.kind is OrgKind.DESIGN_FIRM
        assert firm.status is OrgStatus.APPROVED
        assert firm.name_zh.startswith("重庆")


def test_every_organisation_gets_an_owner_login_at_its_slug(app, db):
    seed_demo(echo=_quiet)

    owner_emails = set(
        db.session.scalars(
            select(User.email).join(Membership).where(Membership.role == OrgRole.OWNER)
        )
    )
    slugs = db.session.scalars(select(Organisation.slug)).all()
    assert {f"{slug}@{data.DEMO_DOMAIN}" for slug in slugs} <= owner_emails


def test_seeding_twice_creates_nothing_the_second_time(app, db):
    first = seed_demo(echo=_quiet)
    counts_after_first = _counts(db)

    second = seed_demo(echo=_quiet)

    assert first.organisations_created == len(data.ORGANISATIONS)
    assert first.users_created == len(data.users())
    assert (second.organisations_created, second.users_created,
            second.memberships_created) == (0, 0, 0)
    assert second.organisations_existing == len(data.ORGANISATIONS)
    assert second.users_existing == len(data.users())
    assert _counts(db) == counts_after_first


def test_seeding_writes_one_audit_entry_only_when_something_was_created(app, db):
    seed_demo(echo=_quiet)
    seed_demo(echo=_quiet)

    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "demo.seeded")
    ).all()
    assert len(entries) == 1
    assert entries[0].organisation.slug == data.PARK_OFFICE_SLUG


def test_reseeding_keeps_an_existing_users_changed_password(app, db):
    seed_demo(echo=_quiet)
    user = db.session.scalar(select(User).where(User.email == f"toway@{data.DEMO_DOMAIN}"))
    user.set_password("a different password")
    db.session.commit()

    seed_demo(echo=_quiet)

    db.session.refresh(user)
    assert user.check_password("a different password")
    assert not user.check_password(data.DEMO_PASSWORD)


def test_reseeding_adds_a_missing_membership_without_duplicating_others(app, db):
    seed_demo(echo=_quiet)
    manager = db.session.scalar(
        select(User).where(User.email == f"manager.toway@{data.DEMO_DOMAIN}")
    )
    db.session.delete(manager.memberships[0])
    db.session.commit()

    report = seed_demo(echo=_quiet)

    assert report.memberships_created == 1
    assert _count(db, Membership.id) == len(data.users())


def test_every_demo_login_password_checks_out(app, db):
    seed_demo(echo=_quiet)

    for _who, email, _organisation in demo_logins():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user is not None, email
        assert user.check_password(data.DEMO_PASSWORD), email


def test_the_demo_admin_is_a_park_admin_and_owns_the_park_office(app, db):
    seed_demo(echo=_quiet)

    admin = db.session.scalar(select(User).where(User.email == data.ADMIN_EMAIL))
    assert admin.is_admin
    memberships = {m.organisation.slug: m.role for m in admin.memberships}
    assert memberships == {data.PARK_OFFICE_SLUG: OrgRole.OWNER}
    others = db.session.scalar(
        select(func.count(User.id)).where(User.is_admin, User.email != data.ADMIN_EMAIL)
    )
    assert others == 0


def test_institute_has_faculty_and_students_as_members(app, db):
    seed_demo(echo=_quiet)

    institute = db.session.scalar(select(Organisation).where(Organisation.slug == "scfai"))
    assert institute.kind is OrgKind.ACADEMIC
    assert institute.name_zh == "四川美术学院"
    roles = {m.user.email: m.role for m in institute.memberships}
    assert roles[f"scfai@{data.DEMO_DOMAIN}"] is OrgRole.OWNER
    academics = [e for e in roles if e.endswith(f"@{data.INSTITUTE_DOMAIN}")]
    assert len(academics) == 7
    assert all(roles[e] is OrgRole.MEMBER for e in academics)


def test_seed_demo_command_seeds_an_empty_database_and_prints_logins(app, db):
    result = app.test_cli_runner().invoke(args=["seed-demo"])

    assert result.exit_code == 0, result.output
    assert data.ADMIN_EMAIL in result.output
    assert data.DEMO_PASSWORD in result.output
    assert _count(db, Organisation.id) == len(data.ORGANISATIONS)


def test_seed_demo_if_empty_does_nothing_on_a_seeded_database(app, db):
    seed_demo(echo=_quiet)
    counts_before = _counts(db)

    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])

    assert result.exit_code == 0, result.output
    assert "not seeding" in result.output
    assert _counts(db) == counts_before


def test_seed_demo_quiet_prints_nothing(app, db):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--quiet"])

    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert _count(db, Organisation.id) == len(data.ORGANISATIONS)
