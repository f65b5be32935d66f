"""Concurrent saves of one project and concurrent moves of one stage, under real threads: one
wins, the others are refused with the reload message, nothing is silently overwritten."""

from __future__ import annotations

import io

from park.accounts.models import OrgKind, User
from park.core.errors import DomainError
from park.extensions import db
from park.projects import services, workflow
from park.projects.lifecycle import StageAction, StageStatus
from park.projects.models import LifecycleStage, Project, StageTransition
from tests.factories import OrganisationFactory, make_project, member_of
from tests.helpers import race

RACERS = 6


def _outcomes(results):
    unexpected = [r for r in results if isinstance(r, tuple)]
    refused = [r for r in results if isinstance(r, DomainError)]
    won = [r for r in results if not isinstance(r, (tuple, DomainError))]
    return won, refused, unexpected


def test_concurrent_edits_of_one_project_keep_exactly_one(app):
    project = make_project()
    project_id, lead_id, seen = project.id, project.created_by_id, project.version
    db.session.remove()

    def editing(index):
        actor = db.session.get(User, lead_id)
        loaded = db.session.get(Project, project_id)
        fields = dict(summary=loaded.summary, specialty=None, client=None, partners=[],
                      start_on=None, target_end_on=None, visibility=loaded.visibility,
                      status=loaded.status)
        return lambda: services.update_project(actor, loaded, expected_version=seen,
                                               title=f"Title from editor {index}", **fields)

    results = race(app, RACERS, editing)

    won, refused, unexpected = _outcomes(results)
    assert not unexpected, unexpected
    assert len(won) == 1 and len(refused) == RACERS - 1
    assert all("reload" in str(error.message) for error in refused)
    db.session.expire_all()
    saved = db.session.get(Project, project_id)
    assert saved.version == seen + 1
    assert saved.title.startswith("Title from editor ")


def test_concurrent_decisions_on_one_gate_keep_exactly_one(app):
    client_org = OrganisationFactory(kind=OrgKind.MANUFACTURER)
    project = make_project(client=client_org)
    lead = project.created_by
    brief = project.stages[0]
    workflow.upload_version(lead, brief.deliverables[0], io.BytesIO(b"%PDF-1.4\n%%EOF"),
                            filename="brief.pdf")
    db.session.refresh(brief)
    workflow.move_stage(lead, brief, StageAction.SUBMIT, expected_version=brief.version)
    deciders = [lead.id] + [member_of(client_org).id for _ in range(RACERS - 1)]
    stage_id, seen = brief.id, brief.version
    db.session.remove()

    def deciding(index):
        actor = db.session.get(User, deciders[index])
        stage = db.session.get(LifecycleStage, stage_id)
        _ = stage.project.stages, stage.deliverables  # loaded before the race starts
        # Half approve, half send it back: whichever lands first is the decision.
        if index % 2:
            return lambda: workflow.move_stage(actor, stage, StageAction.RETURN,
                                               expected_version=seen, comment="Redo")
        return lambda: workflow.move_stage(actor, stage, StageAction.APPROVE,
                                           expected_version=seen)

    results = race(app, RACERS, deciding)

    won, refused, unexpected = _outcomes(results)
    assert not unexpected, unexpected
    assert len(won) == 1 and len(refused) == RACERS - 1
    db.session.expire_all()
    stage = db.session.get(LifecycleStage, stage_id)
    assert stage.status in (StageStatus.APPROVED, StageStatus.IN_PROGRESS)
    decisions = db.session.query(StageTransition).filter_by(
        stage_id=stage_id, from_status=StageStatus.AWAITING_APPROVAL).count()
    assert decisions == 1
