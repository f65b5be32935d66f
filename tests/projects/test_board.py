"""The board: one column per stage with its count and cards, a form on each card the reader may
move that works without JavaScript, the hints drag and drop needs, and who sees which cards."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest

from park.accounts.models import OrgRole
from park.core.time import park_today
from park.extensions import cache, db
from park.projects.lifecycle import STAGE_ORDER, StageKind, StageStatus
from park.projects.models import Project, ProjectStatus, Visibility
from park.projects.queries import BOARD_CARDS_PER_COLUMN
from tests.factories import (
    AdminFactory,
    MilestoneFactory,
    OrganisationFactory,
    ProjectFactory,
    advance_to,
    make_project,
    member_of,
)
from tests.helpers import flash_texts, redirect_path, visible_text
from tests.projects.bulk import add_projects
from tests.projects.pages import client_as

BOARD = "/orgs/lotus/projects/board"


@pytest.fixture
def lead(firm):
    return member_of(firm, name="Wang Lei")


def _columns(html: str) -> dict[str, str]:
    """Each column's HTML by its stage, in the page's order."""
    return {match.group(1): match.group(0) for match in re.finditer(
        r'<section class="board-column" data-stage="(\w+)".*?</section>', html, re.S)}


def _column_count(column_html: str) -> int:
    match = re.search(r'<span class="badge rounded-pill[^"]*"[^>]*>(\d+)<', column_html)
    return int(match.group(1))


def _card_form(html: str, project_id: int) -> tuple[str, dict[str, str]]:
    """The action and hidden fields of a card's "Move stage" form."""
    card = re.search(rf'<li class="board-card card"\s+data-project="{project_id}".*?</li>',
                     html, re.S).group(0)
    form = re.search(r'<form method="post" action="([^"]+)" class="board-move-form">(.*?)</form>',
                     card, re.S)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"',
                             form.group(2)))
    return unescape(form.group(1)), {name: unescape(value) for name, value in fields.items()}


def visible_text_of(html: str) -> str:
    """The text of a piece of the page, tags dropped and whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _action_options(html: str, project_id: int) -> list[str]:
    select = re.search(rf'<select[^>]*id="action-{project_id}"[^>]*>(.*?)</select>', html, re.S)
    return re.findall(r'<option[^>]*value="(\w+)"', select.group(1)) if select else []


# Columns and cards ---------------------------------------------------------------------------


def test_the_board_has_one_column_per_stage_in_lifecycle_order(client, login, lead):
    login(lead)

    html = client.get(BOARD).get_data(as_text=True)

    assert list(_columns(html)) == [kind.value for kind in STAGE_ORDER]


def test_each_column_counts_the_active_projects_at_its_stage(client, login, firm, lead):
    for kind in (StageKind.BRIEF, StageKind.BRIEF, StageKind.TESTING):
        ProjectFactory(firm=firm, current_stage=kind)
    ProjectFactory(firm=firm, current_stage=StageKind.BRIEF, status=ProjectStatus.ON_HOLD)
    ProjectFactory(firm=firm, current_stage=None, status=ProjectStatus.COMPLETED)
    login(lead)

    columns = _columns(client.get(BOARD).get_data(as_text=True))

    assert {kind: _column_count(body) for kind, body in columns.items()} == {
        "brief": 2, "concept": 0, "detailed_design": 0, "mould_design": 0, "prototype": 0,
        "inspection": 0, "testing": 1, "handover": 0}


def test_a_card_shows_title_client_stage_status_owner_and_overdue_flag(
    client, login, firm, lead, maker
):
    project = make_project(firm, lead, title="Scooter fairing", client=maker)
    advance_to(project, StageKind.CONCEPT, StageStatus.AWAITING_APPROVAL)
    project.stage_of(StageKind.CONCEPT).owner_id = lead.id
    db.session.commit()
    MilestoneFactory(project=project, due_on=park_today() - timedelta(days=4))
    login(lead)

    response = client.get(BOARD)

    concept = visible_text_of(_columns(response.get_data(as_text=True))["concept"])
    assert "Scooter fairing" in concept
    assert "For Fengchi Motors" in concept
    assert "Awaiting approval" in concept
    assert "Owner: Wang Lei" in concept
    assert "1 overdue milestone" in concept
    assert f'href="/projects/{project.id}"' in response.get_data(as_text=True)


def test_a_full_column_links_to_the_rest_in_the_list(client, login, firm, lead):
    add_projects(firm, 16 * len(STAGE_ORDER), prefix="Many", visibility=Visibility.PRIVATE)
    login(lead)

    html = client.get(BOARD).get_data(as_text=True)

    brief = _columns(html)["brief"]
    assert _column_count(brief) == 16
    assert brief.count('class="board-card card"') == BOARD_CARDS_PER_COLUMN
    assert f"{16 - BOARD_CARDS_PER_COLUMN} more in the list" in visible_text_of(brief)
    assert 'href="/orgs/lotus/projects?stage=brief&amp;status=active"' in brief


def test_the_board_filters_its_cards_by_search(client, login, firm, lead):
    ProjectFactory(firm=firm, title="Helmet shell")
    ProjectFactory(firm=firm, title="Seat frame")
    login(lead)

    text = visible_text(client.get(BOARD + "?q=helmet"))

    assert "Helmet shell" in text
    assert "Seat frame" not in text


def test_an_empty_board_says_where_finished_projects_are(client, login, lead):
    login(lead)

    assert "No active projects yet" in visible_text(client.get(BOARD))


# Who sees the board -------------------------------------------------------------------------


def test_another_firms_board_is_forbidden(client, login, lead):
    rival = OrganisationFactory(slug="rival")
    ProjectFactory(firm=rival, title="Secret rival work", visibility=Visibility.PARK)
    login(lead)

    response = client.get("/orgs/rival/projects/board")

    assert response.status_code == 403
    assert "Secret rival work" not in response.get_data(as_text=True)


@pytest.mark.parametrize("visibility", [Visibility.PRIVATE, Visibility.PARK])
def test_the_board_never_shows_another_firms_private_or_park_projects(
    client, login, lead, visibility
):
    rival = OrganisationFactory(slug="rival")
    ProjectFactory(firm=rival, title="Secret rival work", visibility=visibility)
    login(lead)

    assert "Secret rival work" not in client.get(BOARD).get_data(as_text=True)


def test_the_park_office_sees_only_park_and_public_cards_on_a_firms_board(client, login, firm):
    for visibility in Visibility:
        ProjectFactory(firm=firm, title=f"Card {visibility.value}", visibility=visibility)
    login(AdminFactory())

    text = visible_text(client.get(BOARD))

    assert "Card park" in text and "Card public" in text
    assert "Card private" not in text


def test_the_parks_read_only_board_has_no_move_forms(client, login, firm):
    project = ProjectFactory(firm=firm, title="Shown to the park", visibility=Visibility.PARK)
    login(AdminFactory())

    response = client.get("/admin/projects?view=board")

    html = response.get_data(as_text=True)
    assert "Shown to the park" in html and "Lotus Design" in html
    assert f'data-project="{project.id}"' in html
    assert "board-move-form" not in html


# Moving a card without JavaScript -----------------------------------------------------------


def test_cards_offer_only_the_moves_the_reader_may_make(client, login, firm, lead, maker):
    project = make_project(firm, lead, client=maker)
    advance_to(project, StageKind.BRIEF, StageStatus.AWAITING_APPROVAL)

    login(member_of(maker))
    assert _action_options(client.get(BOARD.replace("lotus", "fengchi"))
                           .get_data(as_text=True), project.id) == ["approve", "return"]


def test_a_designer_who_may_not_decide_a_gate_gets_no_form_on_a_card_awaiting_it(
    client, login, firm, lead
):
    project = make_project(firm, lead)
    advance_to(project, StageKind.BRIEF, StageStatus.AWAITING_APPROVAL)
    login(member_of(firm))

    html = client.get(BOARD).get_data(as_text=True)

    assert f'data-project="{project.id}"' in html
    assert _action_options(html, project.id) == []


def test_the_cards_form_approves_the_gate_and_the_card_moves_to_the_next_column(
    client, login, firm, lead
):
    project = make_project(firm, lead, title="Helmet shell")
    advance_to(project, StageKind.BRIEF, StageStatus.AWAITING_APPROVAL)
    login(lead)
    html = client.get(BOARD).get_data(as_text=True)
    action, fields = _card_form(html, project.id)
    assert _action_options(html, project.id) == ["approve", "return"]

    response = client.post(action, data={**fields, "action": "approve", "comment": ""})

    assert redirect_path(response) == BOARD
    board = client.get(BOARD)
    columns = _columns(board.get_data(as_text=True))
    assert "Helmet shell" in columns["concept"]
    assert "Helmet shell" not in columns["brief"]
    db.session.expire_all()
    assert db.session.get(Project, project.id).current_stage is StageKind.CONCEPT
    assert flash_texts(board)


def test_a_cards_form_from_a_stale_board_is_refused_and_changes_nothing(
    client, login, firm, lead
):
    project = make_project(firm, lead, title="Helmet shell")
    advance_to(project, StageKind.BRIEF, StageStatus.AWAITING_APPROVAL)
    login(lead)
    action, fields = _card_form(client.get(BOARD).get_data(as_text=True), project.id)
    brief = project.stage_of(StageKind.BRIEF)
    brief.notes = "Someone else saved the stage meanwhile."
    db.session.commit()

    response = client.post(action, data={**fields, "action": "approve"}, follow_redirects=True)

    assert any("Someone else saved this a moment ago" in text for text in flash_texts(response))
    db.session.expire_all()
    assert db.session.get(Project, project.id).current_stage is StageKind.BRIEF


# Drag and drop's hints ------------------------------------------------------------------------


def test_a_movable_card_names_its_next_stage_and_forward_action_for_drag_and_drop(
    client, login, firm, lead
):
    project = make_project(firm, lead, template="digital")
    advance_to(project, StageKind.DETAILED_DESIGN, StageStatus.AWAITING_APPROVAL)
    login(lead)

    html = client.get(BOARD).get_data(as_text=True)

    # The digital lifecycle has no mould design: the card's next column is prototype.
    assert re.search(rf'data-project="{project.id}"\s+data-next-stage="prototype" '
                     r'data-forward-action="approve"', html)


def test_a_card_in_progress_moves_forward_by_submitting_it(client, login, firm, lead):
    project = make_project(firm, lead)
    login(lead)

    html = client.get(BOARD).get_data(as_text=True)

    assert re.search(rf'data-project="{project.id}"\s+data-next-stage="concept" '
                     r'data-forward-action="submit"', html)


def test_the_drag_and_drop_messages_come_from_the_page_and_the_script_is_loaded(
    client, login, lead
):
    login(lead)

    html = client.get(BOARD).get_data(as_text=True)

    assert 'data-msg-one-step="A card moves one stage at a time' in html
    assert 'aria-live="polite"' in html
    assert "/static/js/projects-board.js" in html


def test_a_clients_board_shows_the_projects_it_commissions(client, login, firm, maker, lead):
    make_project(firm, lead, title="Commissioned fairing", client=maker)
    login(member_of(maker, OrgRole.OWNER))

    text = visible_text(client.get("/orgs/fengchi/projects/board"))

    assert "Commissioned fairing" in text
    assert "For Fengchi Motors" in text


# Kept in the cache, per reader, until any project's next commit ----------------------------------


@pytest.mark.app_settings(CACHE_TYPE="SimpleCache")
def test_a_card_moved_from_a_cached_board_shows_in_its_new_column(client, login, firm, lead):
    cache.clear()
    test_the_cards_form_approves_the_gate_and_the_card_moves_to_the_next_column(
        client, login, firm, lead)


@pytest.mark.app_settings(CACHE_TYPE="SimpleCache")
def test_the_park_office_never_gets_a_members_cached_board(app, firm, lead):
    cache.clear()
    make_project(firm, lead, title="Helmet shell", visibility=Visibility.PRIVATE)
    assert "Helmet shell" in visible_text(client_as(app, lead).get(BOARD))

    office = visible_text(client_as(app, AdminFactory()).get(BOARD))
    assert "Project board of Lotus Design" in office
    assert "Helmet shell" not in office
