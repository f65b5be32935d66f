"""The projects API's stage moves: start, submit and skip through …/advance, approve and return
through …/approve, by the people the lifecycle names, against the stage's version."""

from __future__ import annotations

import io

import pytest

from park.extensions import db
from park.projects import workflow
from park.projects.lifecycle import StageStatus
from park.projects.models import LifecycleStage
from tests.api.support import error_of
from tests.factories import make_project
from tests.projects.pages import PDF, make_team


@pytest.fixture
def team():
    return make_team()


def _brief(team) -> LifecycleStage:
    db.session.expire_all()
    return team.project.stages[0]


def _with_brief_uploaded(team) -> LifecycleStage:
    brief = _brief(team)
    workflow.upload_version(team.lead, brief.deliverables[0], io.BytesIO(PDF),
                            filename="brief.pdf")
    return _brief(team)


def _awaiting_approval(team) -> LifecycleStage:
    brief = _with_brief_uploaded(team)
    workflow.move_stage(team.lead, brief, workflow.StageAction.SUBMIT,
                        expected_version=brief.version)
    return _brief(team)


def _path(stage, move: str) -> str:
    return f"/projects/{stage.project_id}/stages/{stage.id}/{move}"


def test_a_designer_submits_a_stage_with_its_deliverables(api, team):
    brief = _with_brief_uploaded(team)
    seen = brief.version

    response = api.post(_path(brief, "advance"), as_=team.designer,
                        json={"action": "submit", "version": seen})

    assert response.status_code == 200, response.get_json()
    stage = response.get_json()["stages"][0]
    assert stage["status"] == "awaiting_approval"
    assert stage["version"] == seen + 1


def test_submitting_before_the_required_deliverables_is_a_conflict(api, team):
    brief = _brief(team)

    response = api.post(_path(brief, "advance"), as_=team.designer,
                        json={"action": "submit", "version": brief.version})

    assert response.status_code == 409
    assert "Design brief" in error_of(response)["message"]
    assert _brief(team).status is StageStatus.IN_PROGRESS


def test_the_client_approves_the_gate_and_the_next_stage_starts(api, team):
    brief = _awaiting_approval(team)

    response = api.post(_path(brief, "approve"), as_=team.client_user,
                        json={"version": brief.version})

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert [s["status"] for s in body["stages"][:2]] == ["approved", "in_progress"]
    assert body["stages"][0]["actual_end_on"] is not None
    assert body["current_stage"] == "concept"


def test_the_lead_returns_a_stage_with_a_comment(api, team):
    brief = _awaiting_approval(team)

    response = api.post(_path(brief, "approve"), as_=team.lead,
                        json={"action": "return", "version": brief.version,
                              "comment": "Add the budget."})

    assert response.status_code == 200
    assert response.get_json()["stages"][0]["status"] == "in_progress"


def test_returning_a_stage_without_a_comment_is_refused_at_the_comment(api, team):
    brief = _awaiting_approval(team)

    response = api.post(_path(brief, "approve"), as_=team.lead,
                        json={"action": "return", "version": brief.version})

    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"comment"}


def test_a_designer_may_not_decide_on_a_gate(api, team):
    brief = _awaiting_approval(team)

    response = api.post(_path(brief, "approve"), as_=team.designer,
                        json={"version": brief.version})

    assert response.status_code == 403
    assert "lead or the client" in error_of(response)["message"]
    assert _brief(team).status is StageStatus.AWAITING_APPROVAL


def test_approving_a_stage_that_is_not_awaiting_approval_is_a_conflict(api, team):
    brief = _brief(team)

    response = api.post(_path(brief, "approve"), as_=team.lead,
                        json={"version": brief.version})

    assert response.status_code == 409
    assert error_of(response)["code"] == "conflict"


def test_a_move_from_a_stale_stage_version_is_a_conflict(api, team):
    brief = _awaiting_approval(team)

    response = api.post(_path(brief, "approve"), as_=team.lead,
                        json={"version": brief.version - 1})

    assert response.status_code == 409
    assert set(error_of(response)["fields"]) == {"version"}
    assert _brief(team).status is StageStatus.AWAITING_APPROVAL


def test_the_lead_skips_a_later_stage_with_a_comment(api, team):
    concept = team.project.stages[1]

    response = api.post(_path(concept, "advance"), as_=team.lead,
                        json={"action": "skip", "version": concept.version,
                              "comment": "Concept came with the brief."})

    assert response.status_code == 200
    assert response.get_json()["stages"][1]["status"] == "skipped"


def test_a_move_the_endpoint_does_not_make_is_refused(api, team):
    brief = _awaiting_approval(team)

    advance = api.post(_path(brief, "advance"), as_=team.lead,
                       json={"action": "approve", "version": brief.version})
    approve = api.post(_path(brief, "approve"), as_=team.lead,
                       json={"action": "skip", "version": brief.version})

    assert (advance.status_code, approve.status_code) == (422, 422)
    assert set(error_of(advance)["fields"]) == set(error_of(approve)["fields"]) == {"action"}


def test_moves_need_a_token(api, team):
    brief = _brief(team)

    response = api.post(_path(brief, "advance"), json={"action": "submit", "version": 1})

    assert response.status_code == 401


def test_another_firms_member_may_not_move_a_stage(api, team):
    brief = _with_brief_uploaded(team)

    response = api.post(_path(brief, "advance"), as_=team.outsider,
                        json={"action": "submit", "version": brief.version})

    assert response.status_code == 403
    assert _brief(team).status is StageStatus.IN_PROGRESS


def test_a_stage_of_another_project_is_not_found(api, team):
    other = make_project(team.firm, team.lead).stages[0]

    response = api.post(f"/projects/{team.project.id}/stages/{other.id}/advance",
                        as_=team.lead, json={"action": "submit", "version": other.version})

    assert response.status_code == 404
