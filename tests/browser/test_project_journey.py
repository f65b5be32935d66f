"""A firm runs a project from brief to production handover in the browser: submitting without
the required deliverable is refused, the client approves the first gate, and the timeline and
history show every move."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from park.accounts.models import OrgKind, OrgRole
from park.projects.lifecycle import StageStatus
from park.projects.models import Project, ProjectStatus
from tests.browser.helpers import log_in
from tests.factories import OrganisationFactory, member_of

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _stage(page, project, kind):
    stage = next(s for s in project.stages if s.kind.value == kind)
    return page.locator(f"#stage-{stage.id}"), stage


def _upload(page, live_server, project, kind, file_name):
    _, stage = _stage(page, project, kind)
    page.goto(f"{live_server}/projects/{project.id}/stages/{stage.id}")
    page.get_by_label("File").first.set_input_files(
        {"name": file_name, "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name=re.compile(r"^Upload")).first.click()
    expect(page.get_by_text("Version 1 of")).to_be_visible()
    page.goto(f"{live_server}/projects/{project.id}")


def _press(page, project, kind, button):
    section, _ = _stage(page, project, kind)
    section.get_by_role("button", name=button).click()


def test_firm_takes_a_project_to_handover_with_the_client_approving_a_gate(
        page, chromium_browser, live_server, db):
    firm = OrganisationFactory(slug="yubei-design", name="Yubei Design")
    lead = member_of(firm, OrgRole.OWNER, name="Lena Lead")
    client_org = OrganisationFactory(name="Fengchi Motorcycle", kind=OrgKind.MANUFACTURER)
    buyer = member_of(client_org, name="Bo Buyer")

    # The firm starts a concept study for its client.
    log_in(page, live_server, lead.email)
    page.goto(live_server + "/orgs/yubei-design/projects/new")
    page.get_by_label("Title").fill("Scrambler fuel tank")
    page.get_by_label("Client").select_option(label="Fengchi Motorcycle")
    page.get_by_role("radio", name=re.compile("^Concept study")).check()
    page.get_by_role("button", name="Create project").click()
    expect(page.get_by_role("heading", name="Scrambler fuel tank")).to_be_visible()
    project = db.session.query(Project).filter_by(title="Scrambler fuel tank").one()

    # Submitting the brief without its document: the page says what is missing, and the
    # server refuses even if the button is forced.
    brief, _ = _stage(page, project, "brief")
    expect(brief.get_by_text("Still missing: Design brief")).to_be_visible()
    submit = brief.get_by_role("button", name="Submit for approval")
    expect(submit).to_be_disabled()
    submit.evaluate("button => button.removeAttribute('disabled')")
    submit.click()
    refusal = page.get_by_text("Upload the required deliverables first: Design brief.")
    expect(refusal).to_be_visible()

    _upload(page, live_server, project, "brief", "brief.pdf")
    _press(page, project, "brief", "Submit for approval")
    expect(page.get_by_text("Brief has been submitted for approval.")).to_be_visible()

    # The client, in a browser of its own, approves the gate.
    client_context = chromium_browser.new_context(locale="en-GB")
    client_page = client_context.new_page()
    log_in(client_page, live_server, buyer.email)
    client_page.goto(f"{live_server}/projects/{project.id}")
    _press(client_page, project, "brief", "Approve gate")
    approved = client_page.get_by_text("Brief is approved; Concept design is under way.")
    expect(approved).to_be_visible()
    client_context.close()

    # The lead carries the rest through to production handover.
    page.reload()
    for kind, label in (("concept", "Concept design"), ("handover", "Production handover")):
        _upload(page, live_server, project, kind, f"{kind}.pdf")
        _press(page, project, kind, "Submit for approval")
        expect(page.get_by_text(f"{label} has been submitted for approval.")).to_be_visible()
        _press(page, project, kind, "Approve gate")
    expect(page.get_by_text("it is now completed")).to_be_visible()

    db.session.expire_all()
    finished = db.session.get(Project, project.id)
    assert finished.status is ProjectStatus.COMPLETED
    assert all(stage.status is StageStatus.APPROVED for stage in finished.stages)

    # The timeline draws the three stages; the history names who moved what.
    timeline = page.locator("svg.timeline-chart")
    expect(timeline).to_be_visible()
    for label in ("Brief", "Concept design", "Production handover"):
        expect(timeline.get_by_text(label, exact=True).first).to_be_attached()
    page.get_by_role("link", name="Full history").first.click()
    rows = page.get_by_role("row")
    # Newest first: 3 stages × (submitted, approved) + 2 starts + the creation.
    expect(rows.filter(has_text=re.compile("Lena Lead|Bo Buyer"))).to_have_count(9)
    gate = rows.filter(has_text="Bo Buyer").filter(has_text="Awaiting approval")
    expect(gate).to_have_count(1)
    expect(gate).to_contain_text("Brief")
    expect(rows.filter(has_text="project created")).to_have_count(1)
