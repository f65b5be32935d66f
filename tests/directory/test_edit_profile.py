"""Providers edit their directory profile and logo; the logo is served only where the profile
may be seen."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest

from park.accounts.models import OrgKind, OrgRole
from park.core.errors import DomainError
from park.directory import services
from park.directory.models import ProviderProfile
from park.extensions import db
from tests.conftest import csrf_token
from tests.directory.conftest import image_bytes, provider
from tests.factories import AdminFactory, OrganisationFactory, member_of
from tests.helpers import audit_entries, field_errors, flash_texts, redirect_path, visible_text

VALID = {
    "listed": "y",
    "capacity": "8",
    "contact_name": "Li Wei",
    "contact_email": "Li@Artop.example",
    "contact_phone": "+86 23 6000 1234",
}


def edit_path(organisation) -> str:
    return f"/orgs/{organisation.slug}/profile/edit"


def save(client, organisation, data: dict, files: dict | None = None):
    """POST the edit form as a browser does: multipart, with the page's CSRF token."""
    token = csrf_token(client, edit_path(organisation))
    payload = {"csrf_token": token, **data, **(files or {})}
    return client.post(edit_path(organisation), data=payload,
                       content_type="multipart/form-data")


def profile_of(organisation) -> ProviderProfile | None:
    db.session.expire_all()
    return db.session.get(ProviderProfile, organisation.id)


def upload(data: bytes, name: str = "logo.png"):
    return (BytesIO(data), name)


def uploads(app) -> list[str]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# Editing ---------------------------------------------------------------------------------------


def test_owner_creates_the_profile_on_first_save(client, login, taxonomy):
    firm = OrganisationFactory(name="Artop Yuli")
    login(member_of(firm, OrgRole.OWNER))

    response = save(client, firm, {**VALID, "specialties": ["motorcycle"],
                                   "service_types": ["mould-design", "industrial-design"]})

    assert redirect_path(response) == f"/directory/{firm.slug}"
    profile = profile_of(firm)
    assert profile.listed is True
    assert profile.capacity == 8
    assert (profile.contact_name, profile.contact_email, profile.contact_phone) == (
        "Li Wei", "li@artop.example", "+86 23 6000 1234")
    assert [t.code for t in profile.specialties] == ["motorcycle"]
    assert [t.code for t in profile.service_types] == ["industrial-design", "mould-design"]
    [entry] = audit_entries("profile.updated")
    assert entry.changes["specialties"] == [[], ["motorcycle"]]
    assert entry.changes["capacity"] == [0, 8]


def test_the_saved_profile_appears_in_the_directory(client, login, taxonomy):
    firm = OrganisationFactory(name="Artop Yuli")
    login(member_of(firm, OrgRole.OWNER))
    save(client, firm, {**VALID, "specialties": ["motorcycle"]})

    assert "Artop Yuli" in visible_text(client.get("/directory?specialty=motorcycle"))


def test_edit_page_shows_the_current_choices_and_links_to_the_details_page(client, login,
                                                                           taxonomy):
    firm = provider("Artop Yuli", specialties=[taxonomy.motorcycle])
    login(member_of(firm, OrgRole.MANAGER))

    response = client.get(edit_path(firm))
    html = response.get_data(as_text=True)

    assert response.status_code == 200
    checked = re.findall(r'<input checked [^>]*name="specialties"[^>]*value="([^"]+)"', html)
    assert checked == ["motorcycle"]
    assert f'href="/orgs/{firm.slug}/edit"' in html
    assert "<legend" in html


def test_unticking_everything_clears_the_lists_and_unlists(client, login, taxonomy):
    firm = provider("Artop Yuli", specialties=[taxonomy.motorcycle],
                    services=[taxonomy.mould_design])
    login(member_of(firm, OrgRole.OWNER))

    save(client, firm, {"capacity": "3"})

    profile = profile_of(firm)
    assert profile.listed is False
    assert profile.specialties == [] and profile.service_types == []


def test_bad_input_gets_field_errors_and_changes_nothing(client, login, taxonomy):
    firm = provider("Artop Yuli", capacity=5, contact_email="old@artop.example",
                    specialties=[taxonomy.motorcycle])
    login(member_of(firm, OrgRole.OWNER))

    response = save(client, firm, {**VALID, "capacity": "5000", "contact_email": "not-an-email",
                                   "contact_phone": "call me <maybe>",
                                   "specialties": ["no-such-field"]})

    assert response.status_code == 422
    assert field_errors(response, "capacity") == ["Please enter a number between 0 and 1000."]
    assert field_errors(response, "contact_email") == ["Please enter a valid e-mail address."]
    assert field_errors(response, "contact_phone") == [
        "Please use digits, spaces and + ( ) - only."]
    assert field_errors(response, "specialties") == ["Please choose only from the list."]
    profile = profile_of(firm)
    assert (profile.capacity, profile.contact_email) == (5, "old@artop.example")
    assert [t.code for t in profile.specialties] == ["motorcycle"]


def test_member_of_another_firm_is_refused_on_get_and_post(client, login, taxonomy):
    firm = provider("Artop Yuli", capacity=5)
    login(member_of(OrganisationFactory(name="Rival Design"), OrgRole.OWNER))

    assert client.get(edit_path(firm)).status_code == 403
    token = csrf_token(client, "/")
    response = client.post(edit_path(firm), data={"csrf_token": token, **VALID})
    assert response.status_code == 403
    assert profile_of(firm).capacity == 5


def test_plain_member_cannot_edit_the_profile(client, login, taxonomy):
    firm = provider("Artop Yuli")
    login(member_of(firm, OrgRole.MEMBER))

    assert client.get(edit_path(firm)).status_code == 403


def test_manufacturers_have_no_profile_to_edit(client, login):
    manufacturer = OrganisationFactory(kind=OrgKind.MANUFACTURER)
    login(member_of(manufacturer, OrgRole.OWNER))

    assert client.get(edit_path(manufacturer)).status_code == 403


def test_park_admin_may_edit_any_providers_profile(client, login, taxonomy):
    firm = provider("Artop Yuli", capacity=5)
    login(AdminFactory())

    save(client, firm, VALID)

    assert profile_of(firm).capacity == 8


def test_saving_shows_a_confirmation(client, login, taxonomy):
    firm = provider("Artop Yuli")
    login(member_of(firm, OrgRole.OWNER))
    save(client, firm, VALID)

    assert "Your directory profile has been saved." in flash_texts(
        client.get(f"/directory/{firm.slug}"))


# Logos -------------------------------------------------------------------------------------


def test_png_logo_is_accepted_and_served_with_its_type(app, client, login, taxonomy):
    firm = provider("Artop Yuli")
    login(member_of(firm, OrgRole.OWNER))
    png = image_bytes("PNG")

    response = save(client, firm, VALID, {"logo": upload(png)})

    assert response.status_code == 302
    profile = profile_of(firm)
    assert profile.logo_type == "image/png"
    assert uploads(app) == [profile.logo_file]
    served = client.get(f"/directory/{firm.slug}/logo")
    assert served.status_code == 200
    assert served.mimetype == "image/png"
    assert served.data == png
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age" in served.headers["Cache-Control"]
    page = client.get(f"/directory/{firm.slug}").get_data(as_text=True)
    assert f'src="/directory/{firm.slug}/logo?v=' in page


def test_jpeg_logo_is_recognised_by_its_content_not_its_name(client, login, taxonomy):
    firm = provider("Artop Yuli")
    login(member_of(firm, OrgRole.OWNER))

    save(client, firm, VALID, {"logo": upload(image_bytes("JPEG"), "logo.png")})

    assert profile_of(firm).logo_type == "image/jpeg"


def test_text_file_named_png_is_refused_and_changes_nothing(app, client, login, taxonomy):
    firm = provider("Artop Yuli", capacity=5)
    login(member_of(firm, OrgRole.OWNER))

    response = save(client, firm, VALID, {"logo": upload(b"just some text\n" * 10)})

    assert response.status_code == 422
    assert field_errors(response, "logo") == ["Please upload a PNG, JPEG or WebP image."]
    profile = profile_of(firm)
    assert profile.logo_file is None and profile.capacity == 5
    assert uploads(app) == []


def test_svg_logo_is_refused(client, login, taxonomy):
    firm = provider("Artop Yuli")
    login(member_of(firm, OrgRole.OWNER))
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    response = save(client, firm, VALID, {"logo": upload(svg, "logo.svg")})

    assert field_errors(response, "logo") == ["Please upload a PNG, JPEG or WebP image."]


def test_too_large_logo_is_refused(app, client, login, taxonomy):
    firm = provider("Artop Yuli")
    login(member_of(firm, OrgRole.OWNER))
    too_big = image_bytes("PNG") + b"\0" * app.config["LOGO_MAX_BYTES"]

    response = save(client, firm, VALID, {"logo": upload(too_big)})

    assert response.status_code == 422
    assert field_errors(response, "logo") == [
        "The file is too large: at most 2 MB is allowed."]
    assert profile_of(firm).logo_file is None
    assert uploads(app) == []


def test_new_logo_replaces_the_old_file(app, client, login, taxonomy):
    firm = provider("Artop Yuli")
    login(member_of(firm, OrgRole.OWNER))
    save(client, firm, VALID, {"logo": upload(image_bytes("PNG"))})
    first = profile_of(firm).logo_file

    save(client, firm, VALID, {"logo": upload(image_bytes("WEBP"), "logo.webp")})

    profile = profile_of(firm)
    assert profile.logo_file != first
    assert profile.logo_type == "image/webp"
    assert uploads(app) == [profile.logo_file]


def test_removing_the_logo_deletes_the_file(app, client, login, taxonomy):
    firm = provider("Artop Yuli")
    login(member_of(firm, OrgRole.OWNER))
    save(client, firm, VALID, {"logo": upload(image_bytes("PNG"))})

    save(client, firm, {**VALID, "remove_logo": "y"})

    assert profile_of(firm).logo_file is None
    assert uploads(app) == []
    assert client.get(f"/directory/{firm.slug}/logo").status_code == 404


def test_unlisted_profiles_logo_is_not_served_to_anonymous_visitors(client, login, auth,
                                                                     taxonomy):
    firm = provider("Artop Yuli")
    login(member_of(firm, OrgRole.OWNER))
    save(client, firm, {**VALID, "listed": ""}, {"logo": upload(image_bytes("PNG"))})
    member_view = client.get(f"/directory/{firm.slug}/logo")
    assert member_view.status_code == 200
    assert "private" in member_view.headers["Cache-Control"]
    auth.logout()

    assert client.get(f"/directory/{firm.slug}/logo").status_code == 404


def test_listed_logo_may_be_cached_publicly(client, login, taxonomy):
    firm = provider("Artop Yuli")
    login(member_of(firm, OrgRole.OWNER))
    save(client, firm, VALID, {"logo": upload(image_bytes("PNG"))})

    assert "public" in client.get(f"/directory/{firm.slug}/logo").headers["Cache-Control"]


def test_profile_without_logo_has_no_logo_to_serve(client, taxonomy):
    firm = provider("Artop Yuli")

    assert client.get(f"/directory/{firm.slug}/logo").status_code == 404


def test_service_refuses_to_list_an_organisation_that_offers_no_design_services(app):
    manufacturer = OrganisationFactory(kind=OrgKind.MANUFACTURER)
    with pytest.raises(DomainError) as refused:
        services.update_profile(AdminFactory(), manufacturer, listed=True, capacity=1,
                                contact_name="", contact_email="", contact_phone="",
                                specialties=[], service_types=[])

    assert refused.value.field == "listed"
    assert profile_of(manufacturer) is None
