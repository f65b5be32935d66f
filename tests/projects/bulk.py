"""Thousands of projects in a few statements, for the tests that count a page's queries: bare
rows with their current stage and a few overdue milestones, as the lists and the board read
them (not as the service makes them, which would take minutes)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, select

from park.accounts.models import Organisation
from park.core.time import park_today
from park.extensions import db
from park.projects.lifecycle import STAGE_ORDER, StageStatus
from park.projects.models import (
    LifecycleStage,
    Milestone,
    Project,
    ProjectStatus,
    Visibility,
)

VISIBILITIES = (Visibility.PRIVATE, Visibility.PARK, Visibility.PUBLIC)


def add_projects(firm: Organisation, number: int, *, prefix: str = "Bulk",
                 client: Organisation | None = None,
                 visibility: Visibility | None = None) -> list[int]:
    """`number` active projects of `firm`, spread over every stage (and, unless one is given,
    over every visibility), each with its current stage row; every tenth has an overdue
    milestone. Returns their ids. Only the organisations' ids are read, so they may come from
    an ended session."""
    firm_id = db.inspect(firm).identity[0]
    client_id = db.inspect(client).identity[0] if client is not None else None
    titles = [f"{prefix} project {i}" for i in range(number)]
    db.session.execute(insert(Project), [
        {
            "firm_id": firm_id,
            "client_id": client_id,
            "title": title,
            "summary": "Made in bulk for a query count.",
            "template": "full",
            "status": ProjectStatus.ACTIVE,
            "visibility": visibility or VISIBILITIES[i % len(VISIBILITIES)],
            "current_stage": STAGE_ORDER[i % len(STAGE_ORDER)],
            "target_end_on": park_today() + timedelta(days=90),
            "version": 1,
        }
        for i, title in enumerate(titles)
    ])
    rows = db.session.execute(
        select(Project.id, Project.current_stage)
        .where(Project.firm_id == firm_id, Project.title.in_(titles))
        .order_by(Project.id)
    ).all()
    db.session.execute(insert(LifecycleStage), [
        {
            "project_id": project_id,
            "kind": kind,
            "position": STAGE_ORDER.index(kind) + 1,
            "status": StageStatus.AWAITING_APPROVAL if i % 3 == 0 else StageStatus.IN_PROGRESS,
            "actual_start_on": park_today() - timedelta(days=60),
            "version": 1,
        }
        for i, (project_id, kind) in enumerate(rows)
    ])
    overdue_on = park_today() - timedelta(days=30)
    db.session.execute(insert(Milestone), [
        {"project_id": project_id, "name": "Concept review", "due_on": overdue_on}
        for i, (project_id, _kind) in enumerate(rows) if i % 10 == 0
    ])
    db.session.commit()
    return [project_id for project_id, _kind in rows]
