"""A firm's owner makes an API token on the profile page, a program uses it, and the token
stops working once revoked: the journey of setting up an integration."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from park.accounts.models import OrgKind, OrgRole, OrgStatus
from park.projects.models import Visibility
from tests.browser.helpers import log_in
from tests.factories import OrganisationFactory, make_project, member_of

pytestmark = pytest.mark.browser


def call_api(url: str, token: str) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 (the test server on 127.0.0.1)
        url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_a_firm_owner_makes_uses_and_revokes_an_api_token(page, live_server):
    firm = OrganisationFactory(kind=OrgKind.DESIGN_FIRM, status=OrgStatus.APPROVED,
                               name="Yubei Design")
    owner = member_of(firm, OrgRole.OWNER, email="owner@yubei.example")
    make_project(firm, lead=owner, title="Private fairing study", visibility=Visibility.PRIVATE)
    other = OrganisationFactory(kind=OrgKind.DESIGN_FIRM, status=OrgStatus.APPROVED)
    make_project(other, title="Someone else's secret", visibility=Visibility.PRIVATE)
    page.on("dialog", lambda dialog: dialog.accept())  # "Revoke the token ...?"

    log_in(page, live_server, owner.email)
    page.goto(live_server + "/profile")
    page.get_by_label("Token name").fill("Project tools")
    page.get_by_role("button", name="Create token").click()
    token = page.locator("#new-token").input_value()

    status, body = call_api(live_server + "/api/v1/projects", token)
    assert status == 200
    assert [item["title"] for item in body["items"]] == ["Private fairing study"]

    page.goto(live_server + "/profile")
    assert page.locator("#new-token").count() == 0
    row = page.get_by_role("row", name="Project tools")
    assert "Not yet" not in row.inner_text()  # its last use is shown
    row.get_by_role("button", name="Revoke").click()
    assert "is revoked" in page.locator(".alert").first.inner_text()

    status, body = call_api(live_server + "/api/v1/projects", token)
    assert status == 401
    assert body["error"]["code"] == "unauthorized"
