"""Shared pieces of the project page tests: the people around a project, small valid files,
and the requests a browser makes (upload a file, move a stage) with their CSRF tokens."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from PIL import Image

from park.accounts.models import Organisation, OrgKind, OrgRole, User
from park.extensions import db
from park.projects.models import Project, ProjectRole
from tests.conftest import csrf_token, post_form
from tests.factories import (
    PASSWORD,
    OrganisationFactory,
    ProjectMemberFactory,
    make_project,
    member_of,
)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


def png_bytes(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 79, 108)).save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass
class Team:
    """A firm's project with a client, and everyone a test may act as."""

    firm: Organisation
    lead: User
    designer: User  # on the project, not its lead
    colleague: User  # in the firm, not on the project
    client_org: Organisation
    client_user: User
    outsider: User  # another firm's member
    project: Project


def make_team(**project_fields) -> Team:
    firm = OrganisationFactory(name="Toway Design")
    lead = member_of(firm, name="Lena Lead")
    designer = member_of(firm, name="Dario Designer")
    colleague = member_of(firm, name="Cora Colleague")
    client_org = OrganisationFactory(name="Loncin Motor", kind=OrgKind.MANUFACTURER)
    client_user = member_of(client_org, name="Chen Client")
    other_firm = OrganisationFactory(name="Rival Studio")
    outsider = member_of(other_firm, OrgRole.OWNER, name="Otto Outsider")
    project_fields.setdefault("client", client_org)
    project = make_project(firm, lead, **project_fields)
    ProjectMemberFactory(project=project, user=designer, role=ProjectRole.DESIGNER)
    db.session.expire_all()
    return Team(firm, lead, designer, colleague, client_org, client_user, outsider, project)


def client_as(app, user: User | None):
    """A separate browser, logged in as `user` (or anonymous)."""
    browser = app.test_client()
    if user is not None:
        response = post_form(browser, "/login", {"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
    return browser


def project_url(project, suffix: str = "") -> str:
    return f"/projects/{project.id}{suffix}"


def stage_url(stage) -> str:
    return f"/projects/{stage.project_id}/stages/{stage.id}"


def token(browser) -> str:
    """A CSRF token of this browser's session (from the home page's language form)."""
    return csrf_token(browser, "/")


def upload(browser, deliverable, data: bytes = PDF, filename: str = "file.pdf", note: str = ""):
    stage = deliverable.stage
    return browser.post(
        f"/projects/{stage.project_id}/deliverables/{deliverable.id}/versions",
        data={"csrf_token": token(browser), "file": (io.BytesIO(data), filename), "note": note},
        content_type="multipart/form-data",
    )


def move(browser, stage, action: str, comment: str = "", next: str | None = None,
         version: int | None = None):
    db.session.expire_all()
    data = {"csrf_token": token(browser), "action": action, "comment": comment,
            "version": stage.version if version is None else version}
    if next is not None:
        data["next"] = next
    return browser.post(f"/projects/{stage.project_id}/stages/{stage.id}/move", data=data)


def fresh(obj):
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


DOWNLOAD_LINK = re.compile(r'href="/projects/\d+/files/\d+"')
