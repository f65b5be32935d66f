"""The stage gate: moving stages through the state machine, planning them, and the
deliverables (files, with versions) that a stage needs before it can be submitted."""

from __future__ import annotations

from datetime import date
from typing import BinaryIO

from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from park.accounts.models import User
from park.core import storage
from park.core.audit import diff, record
from park.core.errors import Conflict, DomainError, Forbidden
from park.core.time import now_utc, park_today
from park.extensions import db
from park.projects.lifecycle import (
    DONE_STATUSES,
    DeliverableKind,
    StageAction,
    StageStatus,
    transition_for,
)
from park.projects.models import (
    Deliverable,
    DeliverableVersion,
    LifecycleStage,
    Project,
    ProjectStatus,
    StageTransition,
)
from park.projects.policy import can_move_stage
from park.projects.services import check_version, refuses_stale

# Moving stages -----------------------------------------------------------------------------


def missing_deliverables(stage: LifecycleStage) -> list[Deliverable]:
    """Required deliverables of `stage` that have no file yet."""
    return [d for d in stage.deliverables if d.required and not d.versions]


def _refuse_move(stage: LifecycleStage, action: StageAction, actor: User) -> None:
    project = stage.project
    if project.status is not ProjectStatus.ACTIVE:
        raise Conflict(_l("This project’s status is “%(status)s”: make it active again "
                          "before moving its stages.", status=project.status.label))
    if transition_for(action, stage.status) is None:
        raise Conflict(_l("“%(action)s” is not possible while %(stage)s has the status "
                          "“%(status)s”.", stage=stage.label, status=stage.status.label,
                          action=action.label))
    if not can_move_stage(actor, stage, action):
        if action in (StageAction.APPROVE, StageAction.RETURN):
            raise Forbidden(_l("Only the project lead or the client can decide on a gate."))
        raise Forbidden(_l("Your role on this project does not allow “%(action)s”.",
                           action=action.label))


def _previous_done(stage: LifecycleStage) -> bool:
    return all(s.status in DONE_STATUSES for s in stage.project.stages
               if s.position < stage.position)


@refuses_stale
def move_stage(actor: User, stage: LifecycleStage, action: StageAction, *,
               expected_version: int | None, comment: str = "") -> LifecycleStage | None:
    """Take `action` on `stage` if the state machine, the actor's role and the stage's
    deliverables allow it. Approving or skipping starts the next stage. Returns the stage
    that is current afterwards (None when the project is through)."""
    check_version(stage, expected_version)
    _refuse_move(stage, action, actor)
    transition = transition_for(action, stage.status)
    comment = (comment or "").strip()
    if transition.needs_comment and not comment:
        raise DomainError(_l("Please say why."), "comment")
    if action is StageAction.START and not _previous_done(stage):
        raise Conflict(_l("%(stage)s starts once the stages before it are approved or "
                          "skipped.", stage=stage.label))
    if action is StageAction.SUBMIT:
        missing = missing_deliverables(stage)
        locale = str(get_locale() or "en")
        if missing:
            raise Conflict(_l("Upload the required deliverables first: %(names)s.",
                              names=", ".join(d.display_name(locale) for d in missing)))

    today = park_today()
    changes = {"status": [stage.status, transition.target]}
    _apply(stage, transition.target, today)
    db.session.add(StageTransition(project_id=stage.project_id, stage_id=stage.id,
                                   actor_id=actor.id, from_status=transition.source,
                                   to_status=transition.target, comment=comment))
    current = _current_after(stage, actor, today)
    record(actor, f"stage.{action.value}", stage, organisation=stage.project.firm,
           changes=changes, summary=f"{stage.project.title}: {stage.kind.value}")
    db.session.commit()
    return current


def _apply(stage: LifecycleStage, status: StageStatus, today: date) -> None:
    stage.status = status
    if status is StageStatus.IN_PROGRESS and stage.actual_start_on is None:
        stage.actual_start_on = today
    if status is StageStatus.APPROVED:
        stage.actual_end_on = max(today, stage.actual_start_on or today)
    if status is StageStatus.SKIPPED and stage.actual_start_on is not None:
        stage.actual_end_on = max(today, stage.actual_start_on)


def _current_after(stage: LifecycleStage, actor: User, today: date) -> LifecycleStage | None:
    """Start the next stage when this one is done, and keep the project's current stage."""
    project = stage.project
    current = next((s for s in project.stages if s.status not in DONE_STATUSES), None)
    if stage.status in DONE_STATUSES and current is not None \
            and current.status is StageStatus.PENDING:
        _apply(current, StageStatus.IN_PROGRESS, today)
        # Whoever carried the work so far carries it on until someone else is named.
        current.owner_id = current.owner_id or stage.owner_id
        db.session.add(StageTransition(
            project_id=project.id, stage_id=current.id, actor_id=actor.id,
            from_status=StageStatus.PENDING, to_status=StageStatus.IN_PROGRESS,
        ))
    values = {"current_stage": current.kind if current else None, "updated_at": now_utc()}
    if current is None:
        values.update(status=ProjectStatus.COMPLETED, completed_on=today)
    # A plain UPDATE, not the ORM: the project's own version guards its details, and a stage
    # move is not an edit of them.
    db.session.execute(update(Project).where(Project.id == project.id).values(**values)
                       .execution_options(synchronize_session=False))
    db.session.expire(project, list(values))
    return current


# Planning a stage --------------------------------------------------------------------------


@refuses_stale
def update_stage(actor: User, stage: LifecycleStage, *, expected_version: int | None,
                 planned_start_on: date | None, planned_end_on: date | None,
                 owner: User | None, notes: str) -> None:
    check_version(stage, expected_version)
    if planned_start_on and planned_end_on and planned_end_on < planned_start_on:
        raise DomainError(_l("The planned end cannot be before the planned start."),
                          "planned_end_on")
    if owner is not None and stage.project.member(owner) is None:
        raise DomainError(_l("The owner must be a member of the project."), "owner")
    changes = diff(stage, {"planned_start_on": planned_start_on,
                           "planned_end_on": planned_end_on, "notes": notes.strip()})
    if (owner.id if owner else None) != stage.owner_id:
        changes["owner"] = [stage.owner.email if stage.owner else None,
                            owner.email if owner else None]
        stage.owner = owner
    if not changes:
        return
    record(actor, "stage.updated", stage, organisation=stage.project.firm, changes=changes,
           summary=f"{stage.project.title}: {stage.kind.value}")
    db.session.commit()


# Deliverables ------------------------------------------------------------------------------


def _refuse_final(stage: LifecycleStage) -> None:
    if stage.status in DONE_STATUSES:
        raise DomainError(_l("%(stage)s has the status “%(status)s”: its deliverables are "
                             "final.", stage=stage.label, status=stage.status.label))


def add_deliverable(actor: User, stage: LifecycleStage, *, name: str, kind: DeliverableKind,
                    required: bool) -> Deliverable:
    _refuse_final(stage)
    name = name.strip()
    if any(d.name.casefold() == name.casefold() for d in stage.deliverables):
        raise DomainError(_l("This stage already has a deliverable called %(name)s.",
                             name=name), "name")
    deliverable = Deliverable(stage_id=stage.id, name=name, kind=kind, required=required,
                              created_by_id=actor.id)
    db.session.add(deliverable)
    db.session.flush()
    record(actor, "deliverable.created", deliverable, organisation=stage.project.firm,
           summary=f"{stage.project.title}: {name}")
    db.session.commit()
    return deliverable


def upload_version(actor: User, deliverable: Deliverable, upload: BinaryIO, *,
                   filename: str, note: str = "") -> DeliverableVersion:
    """Check the file (size, then type by content), store it under a random name and add it
    as the deliverable's next version; earlier versions stay."""
    stage = deliverable.stage
    _refuse_final(stage)
    data = storage.read_limited(upload, current_app.config["DELIVERABLE_MAX_BYTES"], "file")
    content_type = storage.document_type(data, filename, "file")
    stored = storage.store(data, content_type)
    try:
        # Lock the deliverable's row so two uploads at once get consecutive numbers.
        db.session.execute(update(Deliverable).where(Deliverable.id == deliverable.id)
                           .values(name=Deliverable.name))
        number = (db.session.scalar(
            select(func.max(DeliverableVersion.number))
            .where(DeliverableVersion.deliverable_id == deliverable.id)
        ) or 0) + 1
        version = DeliverableVersion(
            deliverable_id=deliverable.id, number=number, stored_name=stored.name,
            original_name=storage.clean_file_name(filename), content_type=content_type,
            size_bytes=stored.size, note=note.strip(), uploaded_by_id=actor.id,
        )
        db.session.add(version)
        db.session.flush()
        record(actor, "deliverable.uploaded", deliverable, organisation=stage.project.firm,
               changes={"version": [number - 1 or None, number]},
               summary=f"{stage.project.title}: {deliverable.name} v{number}")
        db.session.commit()
    except BaseException:
        db.session.rollback()
        storage.delete(stored.name)
        raise
    return version


def remove_deliverable(actor: User, deliverable: Deliverable) -> None:
    """Only an optional deliverable without files can go; files, once uploaded, stay."""
    _refuse_final(deliverable.stage)
    if deliverable.required:
        raise DomainError(_l("A required deliverable cannot be removed."))
    if deliverable.versions:
        raise DomainError(_l("A deliverable with files cannot be removed: its versions are "
                             "part of the project's record."))
    stage = deliverable.stage
    record(actor, "deliverable.removed", deliverable, organisation=stage.project.firm,
           summary=f"{stage.project.title}: {deliverable.name}")
    db.session.delete(deliverable)
    db.session.commit()
