"""Seed the demo park's design projects (`park.demo.project_data`): stages advanced to where
each project stands on the reference day, with the history, files, milestones and IP records
that go with it.

Projects are built the way `park.projects.services.create_project` builds them (stages from
the template, planned evenly between start and target end, the required deliverables, the
lead as member), then their stages are set directly, keeping the model's rules: a stage that
started has its start date, an approved one its end date and its required files, every move
is in the history, and the next stage starts the day the previous gate was approved. Rows are
added in bulk: the whole seed stays one transaction and a few reads.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select, tuple_

from park.accounts.models import Organisation, User
from park.core import storage
from park.core.time import park_zone
from park.demo.data import INSTITUTE_SLUG
from park.demo.project_data import PROJECTS, DemoProject, owner
from park.directory.models import Specialty
from park.extensions import db
from park.projects.lifecycle import (
    TEMPLATES,
    DeliverableKind,
    StageKind,
    StageStatus,
)
from park.projects.models import (
    CONTRIBUTING_ROLES,
    Deliverable,
    DeliverableVersion,
    IpRecord,
    LifecycleStage,
    Milestone,
    Project,
    ProjectMember,
    ProjectRole,
    StageTransition,
)
from park.projects.services import planned_stages

# How long each kind of stage takes, relative to the others, when a project's elapsed time is
# shared out among the stages it has been through.
STAGE_WEIGHTS = {
    StageKind.BRIEF: 2, StageKind.CONCEPT: 4, StageKind.DETAILED_DESIGN: 5,
    StageKind.MOULD_DESIGN: 4, StageKind.PROTOTYPE: 4, StageKind.INSPECTION: 2,
    StageKind.TESTING: 3, StageKind.HANDOVER: 2,
}
# The gates a client decides when the project has one (the lead decides the others).
CLIENT_GATES = frozenset({StageKind.CONCEPT, StageKind.PROTOTYPE, StageKind.HANDOVER})
# A stage awaiting approval was submitted this many days before the reference day.
SUBMITTED_DAYS_BEFORE = 4


@dataclass
class ProjectsReport:
    created: int = 0
    existing: int = 0
    files: int = 0


@dataclass
class _Event:
    """One move of a stage, kept until the rows have ids."""

    stage: LifecycleStage
    at: datetime
    actor: User | None
    from_status: StageStatus | None
    to_status: StageStatus
    comment: str = ""


@dataclass
class _Built:
    project: Project
    events: list[_Event] = field(default_factory=list)
    ip_records: list[IpRecord] = field(default_factory=list)


def seed_projects(organisations: dict[str, Organisation], specialties: dict[str, Specialty],
                  users: dict[str, User], *, reference_day: date) -> ProjectsReport:
    """Add the demo projects a firm does not have yet (matched by firm and title)."""
    report = ProjectsReport()
    db.session.flush()  # every organisation and user has its id from here on
    wanted = [(organisations[spec.firm].id, spec.title) for spec in PROJECTS]
    existing = {tuple(row) for row in db.session.execute(
        select(Project.firm_id, Project.title)
        .where(tuple_(Project.firm_id, Project.title).in_(wanted))
    )}
    missing = [spec for spec, key in zip(PROJECTS, wanted, strict=True) if key not in existing]
    report.existing = len(PROJECTS) - len(missing)
    if not missing:
        return report

    # An IP number someone has since used for a record of their own is left out, not clashed.
    numbers = [(ip.kind, ip.number) for spec in missing for ip in spec.ip if ip.number]
    taken = {tuple(row) for row in db.session.execute(
        select(IpRecord.kind, IpRecord.application_number)
        .where(tuple_(IpRecord.kind, IpRecord.application_number).in_(numbers))
    )} if numbers else set()

    files = _DemoFiles()
    built = [_build(spec, organisations, specialties, users, taken, files, reference_day)
             for spec in missing]
    db.session.add_all(b.project for b in built)
    db.session.add_all(record for b in built for record in b.ip_records)
    db.session.flush()  # ids for the history rows
    db.session.add_all(
        StageTransition(project_id=b.project.id, stage_id=event.stage.id,
                        actor_id=event.actor.id if event.actor else None, created_at=event.at,
                        from_status=event.from_status, to_status=event.to_status,
                        comment=event.comment)
        for b in built for event in b.events
    )
    report.created = len(built)
    report.files = files.count
    return report


# One project ---------------------------------------------------------------------------------


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment of a day in the park's zone, stored as UTC."""
    return datetime.combine(day, time(hour, minute), tzinfo=park_zone()).astimezone(UTC)


@dataclass
class _Team:
    lead: User
    contributors: list[User]
    client: User | None

    def contributor(self, index: int) -> User:
        return self.contributors[index % len(self.contributors)]

    def approver(self, kind: StageKind) -> User:
        return self.client if self.client and kind in CLIENT_GATES else self.lead


def _build(spec: DemoProject, organisations: dict[str, Organisation],
           specialties: dict[str, Specialty], users: dict[str, User],
           taken: set, files: _DemoFiles, reference_day: date) -> _Built:
    lead = users[spec.lead]
    members = [ProjectMember(user_id=lead.id, role=ProjectRole.LEAD)]
    members += [ProjectMember(user_id=users[email].id, role=role) for email, role in spec.members]
    team = _Team(
        lead=lead,
        contributors=[lead] + [users[email] for email, role in spec.members
                               if role in CONTRIBUTING_ROLES],
        client=users[owner(spec.client)] if spec.client else None,
    )
    completed = spec.stage is None
    project = Project(
        firm=organisations[spec.firm],
        client=organisations[spec.client] if spec.client else None,
        title=spec.title, summary=spec.summary, specialty=specialties[spec.specialty],
        template=spec.template, start_on=spec.start_on, target_end_on=spec.target_end_on,
        completed_on=spec.since if completed else None, status=spec.status,
        visibility=spec.visibility, current_stage=spec.stage, created_by_id=lead.id,
        partners=[organisations[INSTITUTE_SLUG]] if spec.academic else [],
        members=members,
        milestones=[Milestone(name=m.name, due_on=m.due_on, achieved_on=m.achieved_on)
                    for m in spec.milestones],
        created_at=_at(spec.start_on, 9),
    )
    built = _Built(project)
    _build_stages(spec, built, team, files, reference_day)
    project.updated_at = max(event.at for event in built.events)
    for ip in spec.ip:
        if ip.number and (ip.kind, ip.number) in taken:
            continue
        built.ip_records.append(IpRecord(
            project=project, kind=ip.kind, title=ip.title, application_number=ip.number,
            status=ip.status, filed_on=ip.filed_on, granted_on=ip.granted_on,
            expires_on=ip.expires_on, renewal_due_on=ip.renewal_due_on,
            owners=organisations[spec.firm].name, notes=ip.notes,
            created_at=_at(ip.filed_on or spec.start_on, 11),
        ))
    return built


def _build_stages(spec: DemoProject, built: _Built, team: _Team, files: _DemoFiles,
                  reference_day: date) -> None:
    kinds = TEMPLATES[spec.template].stages
    current = kinds.index(spec.stage) if spec.stage else len(kinds)
    skipped, returned = dict(spec.skipped), dict(spec.returned)
    worked = [kind for kind in kinds[:current] if kind not in skipped]
    total = sum(STAGE_WEIGHTS[kind] for kind in worked) or 1
    span = (spec.since - spec.start_on).days
    stages = planned_stages(spec.template, spec.start_on, spec.target_end_on, team.lead.id)

    cursor, weight, started_by = spec.start_on, 0, team.lead
    moment = _at(spec.start_on, 9, 30)  # of the last move; each next one comes after it
    for index, (kind, stage) in enumerate(zip(kinds, stages, strict=True)):
        for deliverable in stage.deliverables:
            deliverable.created_at = _at(spec.start_on, 9)
        built.project.stages.append(stage)
        if index > current:
            continue
        if kind in skipped and index < current:
            stage.status = StageStatus.SKIPPED
            moment = _event(built, stage, moment, team.lead, StageStatus.PENDING,
                            StageStatus.SKIPPED, skipped[kind])
            continue
        stage_owner = team.contributor(index)
        stage.owner_id = stage_owner.id
        stage.actual_start_on = cursor
        stage.status = StageStatus.IN_PROGRESS
        moment = _event(built, stage, moment, started_by,
                        None if index == 0 else StageStatus.PENDING, StageStatus.IN_PROGRESS)
        if index == current:
            if spec.awaiting:
                submitted = max(cursor, reference_day - timedelta(days=SUBMITTED_DAYS_BEFORE))
                moment = _submit(built, stage, stage_owner, _at(submitted, 15), moment, files, spec)
                stage.status = StageStatus.AWAITING_APPROVAL
            continue
        weight += STAGE_WEIGHTS[kind]
        end = spec.start_on + timedelta(days=span * weight // total)
        approver = team.approver(kind)
        if kind in returned:
            moment = _submit(built, stage, stage_owner, _at(end - timedelta(days=12), 15), moment,
                             files, spec)
            moment = _event(built, stage, max(moment, _at(end - timedelta(days=9), 10)),
                            approver, StageStatus.AWAITING_APPROVAL, StageStatus.IN_PROGRESS,
                            returned[kind])
        moment = _submit(built, stage, stage_owner, _at(end - timedelta(days=2), 15), moment, files,
                         spec, revision=kind in returned)
        moment = _event(built, stage, max(moment, _at(end, 17)), approver,
                        StageStatus.AWAITING_APPROVAL, StageStatus.APPROVED)
        stage.status = StageStatus.APPROVED
        # The end date is the day of the approval (a short stage's may slip a day).
        stage.actual_end_on = max(end, moment.astimezone(park_zone()).date())
        cursor, started_by = stage.actual_end_on, approver


def _event(built: _Built, stage: LifecycleStage, at: datetime, actor: User | None,
           from_status: StageStatus | None, to_status: StageStatus,
           comment: str = "") -> datetime:
    """Record a move at `at` (or just after the previous one); return its moment."""
    if built.events and at <= built.events[-1].at:
        at = built.events[-1].at + timedelta(minutes=30)
    built.events.append(_Event(stage, at, actor, from_status, to_status, comment))
    return at


def _submit(built: _Built, stage: LifecycleStage, who: User, at: datetime, after: datetime,
            files: _DemoFiles, spec: DemoProject, *, revision: bool = False) -> datetime:
    """Upload the stage's required files (a new version each when revising), then submit."""
    at = max(at, after + timedelta(hours=2))
    for deliverable in stage.deliverables:
        number = len(deliverable.versions) + 1
        deliverable.versions.append(files.version(
            spec, deliverable, number=number, by=who, at=at - timedelta(hours=1),
            note="Revised after the gate review." if revision else "",
        ))
    return _event(built, stage, at, who, StageStatus.IN_PROGRESS, StageStatus.AWAITING_APPROVAL)


# Small real files, so downloads work --------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "project"


def english_title(title: str) -> str:
    """The part of a bilingual demo title before its Chinese name."""
    return title.split(" · ")[0]


class _DemoFiles:
    """Writes each version's file: a one-page PDF naming the project and the deliverable, a
    small PNG rendering, or a STEP header, a few hundred bytes each."""

    def __init__(self):
        self.count = 0
        self._png: bytes | None = None

    def version(self, spec: DemoProject, deliverable: Deliverable, *, number: int, by: User,
                at: datetime, note: str) -> DeliverableVersion:
        title = english_title(spec.title)
        if deliverable.kind is DeliverableKind.DRAWING and deliverable.code == \
                "concept-renderings":
            data, content_type, suffix = self.png(), "image/png", ".png"
        elif deliverable.kind is DeliverableKind.CAD:
            data, content_type, suffix = step_file(title), "model/step", ".step"
        else:
            lines = [f"{deliverable.name}, version {number}", f"Project: {title}",
                     "Demo file seeded by Park."]
            data, content_type, suffix = pdf_file(title, lines), "application/pdf", ".pdf"
        stored = storage.store(data, content_type)
        self.count += 1
        name = f"{_slug(title)}-{deliverable.code or _slug(deliverable.name)}"
        return DeliverableVersion(
            number=number, stored_name=stored.name,
            original_name=f"{name}{'-v' + str(number) if number > 1 else ''}{suffix}",
            content_type=content_type, size_bytes=stored.size, note=note, uploaded_at=at,
            uploaded_by_id=by.id,
        )

    def png(self) -> bytes:
        if self._png is None:
            self._png = png_file()
        return self._png


def _pdf_text(text: str) -> str:
    ascii_text = text.encode("ascii", "replace").decode("ascii")
    return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_file(title: str, lines: list[str]) -> bytes:
    """A valid one-page PDF (Helvetica, ASCII text) with a title and a few lines."""
    text = [f"BT /F1 20 Tf 56 770 Td ({_pdf_text(title)}) Tj ET"]
    for row, line in enumerate(lines):
        text.append(f"BT /F1 12 Tf 56 {735 - 20 * row} Td ({_pdf_text(line)}) Tj ET")
    stream = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def png_file(width: int = 240, height: int = 150) -> bytes:
    """A small PNG: a sketch-like rendering (a body line over a ground line) on paper."""
    paper, ink, accent = (248, 246, 240), (40, 48, 70), (200, 80, 40)
    pixels = [[paper] * width for _ in range(height)]
    for x in range(20, width - 20):
        ground = height - 30
        pixels[ground][x] = ink
        # A gentle body curve with a highlight.
        y = int(ground - 40 - 30 * (1 - ((x - width / 2) / (width / 2 - 20)) ** 2))
        for thickness in range(2):
            pixels[y + thickness][x] = ink
        if (x // 12) % 2 == 0:
            pixels[min(y + 10, ground - 1)][x] = accent
    raw = b"".join(b"\x00" + bytes(channel for pixel in row for channel in pixel)
                   for row in pixels)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (len(body).to_bytes(4, "big") + kind + body
                + zlib.crc32(kind + body).to_bytes(4, "big"))

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + b"\x08\x02\x00\x00\x00"
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def step_file(title: str) -> bytes:
    """The header of a STEP (ISO 10303-21) file with an empty data section."""
    name = _pdf_text(title).replace("'", "")
    return (
        "ISO-10303-21;\nHEADER;\n"
        f"FILE_DESCRIPTION(('{name} - demo CAD export'),'2;1');\n"
        f"FILE_NAME('{_slug(title)}.step','2026-01-01T00:00:00',('Park demo'),(''),"
        "'','','');\n"
        "FILE_SCHEMA(('AUTOMOTIVE_DESIGN'));\nENDSEC;\nDATA;\nENDSEC;\n"
        "END-ISO-10303-21;\n"
    ).encode("ascii")
