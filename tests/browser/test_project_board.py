"""Drag and drop on the project board: a card dropped on its next column approves the gate and
moves; dropped anywhere else, it stays and a polite message says why."""

from __future__ import annotations

from playwright.sync_api import expect

from park.projects.lifecycle import StageKind, StageStatus
from park.projects.models import Project
from tests.browser.helpers import log_in
from tests.factories import OrganisationFactory, advance_to, make_project, member_of


def test_dropping_a_card_on_its_next_column_approves_the_gate(page, live_server, db):
    firm = OrganisationFactory(slug="lotus", name="Lotus Design")
    lead = member_of(firm)
    project = make_project(firm, lead, title="Helmet shell")
    advance_to(project, StageKind.BRIEF, StageStatus.AWAITING_APPROVAL)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    log_in(page, live_server, lead.email)
    page.goto(live_server + "/orgs/lotus/projects/board")
    card = page.locator(f'li.board-card[data-project="{project.id}"]')

    # Two columns on is not the next stage: the card stays, and the reader is told why.
    card.drag_to(page.locator('section.board-column[data-stage="detailed_design"]'))
    expect(page.locator("[data-board-status]")).to_have_text(
        "A card moves one stage at a time: drop it on the next column, or use its "
        "“Move stage” form.")
    db.session.expire_all()
    assert db.session.get(Project, project.id).current_stage is StageKind.BRIEF

    card.drag_to(page.locator('section.board-column[data-stage="concept"]'))
    expect(page.get_by_text("Brief is approved")).to_be_visible()
    expect(page.locator('section.board-column[data-stage="concept"]')
           .get_by_role("link", name="Helmet shell")).to_be_visible()
    db.session.expire_all()
    assert db.session.get(Project, project.id).current_stage is StageKind.CONCEPT
    assert errors == []
