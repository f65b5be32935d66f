"""A provider's public profile page: who may see it, and who sees its contacts."""

from __future__ import annotations

from park.accounts.models import OrgKind, OrgRole, OrgStatus
from tests.directory.conftest import provider
from tests.factories import AdminFactory, OrganisationFactory, UserFactory, member_of
from tests.helpers import visible_text


def test_anyone_sees_a_listed_profile_with_its_specialties_and_services(client, taxonomy):
    firm = provider("Artop Yuli Motorcycle Design", "艺拓宇力摩托设计",
                    specialties=[taxonomy.motorcycle], services=[taxonomy.mould_design],
                    description="Styling and tooling for two-wheelers.", in_park=True,
                    capacity=7)

    text = visible_text(client.get(f"/directory/{firm.slug}"))

    assert "Artop Yuli Motorcycle Design" in text
    assert "艺拓宇力摩托设计" in text
    assert "Styling and tooling for two-wheelers." in text
    assert "Motorcycles" in text and "Mould design" in text
    assert "In the park since March 1, 2026" in text
    assert "7 projects at once" in text


def test_chinese_reader_sees_the_chinese_description_and_falls_back_to_english(client,
                                                                              taxonomy):
    both = provider("Toway Design", "途为设计", description="Car interiors.",
                    description_zh="汽车内外饰设计。")
    english_only = provider("Gamma Design", "伽马设计", description="Only in English.")
    with client.session_transaction() as session:
        session["locale"] = "zh_CN"

    assert "汽车内外饰设计。" in visible_text(client.get(f"/directory/{both.slug}"))
    assert "Car interiors." not in visible_text(client.get(f"/directory/{both.slug}"))
    assert "Only in English." in visible_text(client.get(f"/directory/{english_only.slug}"))


def test_anonymous_visitor_is_asked_to_log_in_for_contacts(client, taxonomy):
    firm = provider("Toway Design", contact_name="Li Wei", contact_email="li@toway.example",
                    contact_phone="+86 23 6000 1234")

    text = visible_text(client.get(f"/directory/{firm.slug}"))

    assert "Log in to see contacts" in text
    assert "li@toway.example" not in text
    assert "+86 23 6000 1234" not in text
    assert "Li Wei" not in text


def test_logged_in_user_sees_the_contacts(client, login, taxonomy):
    firm = provider("Toway Design", contact_name="Li Wei", contact_email="li@toway.example",
                    contact_phone="+86 23 6000 1234")
    login(UserFactory())

    text = visible_text(client.get(f"/directory/{firm.slug}"))

    assert "Li Wei" in text
    assert "li@toway.example" in text
    assert "+86 23 6000 1234" in text
    assert "Log in to see contacts" not in text


def test_unlisted_profile_is_not_found_for_outsiders(client, login, taxonomy):
    hidden = provider("Hidden Studio", listed=False)

    assert client.get(f"/directory/{hidden.slug}").status_code == 404
    login(UserFactory())
    assert client.get(f"/directory/{hidden.slug}").status_code == 404


def test_unapproved_provider_is_not_found(client, taxonomy):
    pending = provider("Pending Studio", status=OrgStatus.PENDING)

    assert client.get(f"/directory/{pending.slug}").status_code == 404


def test_members_preview_their_unlisted_profile_with_a_notice(client, login, taxonomy):
    hidden = provider("Hidden Studio", listed=False)
    login(member_of(hidden, OrgRole.MEMBER))

    response = client.get(f"/directory/{hidden.slug}")

    assert response.status_code == 200
    assert "it is not shown in the directory" in visible_text(response)


def test_park_admin_sees_unlisted_profiles(client, login, taxonomy):
    hidden = provider("Hidden Studio", listed=False)
    login(AdminFactory())

    assert client.get(f"/directory/{hidden.slug}").status_code == 200


def test_manufacturers_have_no_directory_profile(client, login):
    manufacturer = OrganisationFactory(kind=OrgKind.MANUFACTURER)
    login(member_of(manufacturer, OrgRole.OWNER))

    assert client.get(f"/directory/{manufacturer.slug}").status_code == 404


def test_unknown_provider_is_not_found(client):
    assert client.get("/directory/nobody-here").status_code == 404


def test_profile_page_has_no_portfolio_section(client, taxonomy):
    firm = provider("Toway Design")

    text = visible_text(client.get(f"/directory/{firm.slug}"))

    assert "Portfolio" not in text and "Projects" not in text


def test_organisation_page_links_to_the_directory_profile_for_its_managers(client, login,
                                                                           taxonomy):
    firm = provider("Toway Design")
    login(member_of(firm, OrgRole.OWNER))

    text = visible_text(client.get(f"/orgs/{firm.slug}"))

    assert "Directory profile" in text
    assert "Edit directory profile" in text
    assert "Contact requests" in text


def test_organisation_page_of_a_plain_member_shows_only_the_public_profile_link(
        client, login, taxonomy):
    firm = provider("Toway Design")
    login(member_of(firm, OrgRole.MEMBER))

    text = visible_text(client.get(f"/orgs/{firm.slug}"))

    assert "Directory profile" in text
    assert "Edit directory profile" not in text
    assert "Contact requests" not in text


def test_manufacturer_organisation_page_has_no_directory_links(client, login):
    manufacturer = OrganisationFactory(kind=OrgKind.MANUFACTURER)
    login(member_of(manufacturer, OrgRole.OWNER))

    text = visible_text(client.get(f"/orgs/{manufacturer.slug}"))

    assert "directory profile" not in text.lower()
