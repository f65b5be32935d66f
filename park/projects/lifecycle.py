"""The lifecycle as data: stage kinds, the templates projects are made from, the deliverables
each stage needs, and the stage-gate state machine the services check every move against."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext


class StageKind(enum.Enum):
    BRIEF = "brief"
    CONCEPT = "concept"
    DETAILED_DESIGN = "detailed_design"
    MOULD_DESIGN = "mould_design"
    PROTOTYPE = "prototype"
    INSPECTION = "inspection"
    TESTING = "testing"
    HANDOVER = "handover"

    @property
    def label(self):
        return STAGE_KIND_LABELS[self]


STAGE_KIND_LABELS = {
    StageKind.BRIEF: _l("Brief"),
    StageKind.CONCEPT: _l("Concept design"),
    StageKind.DETAILED_DESIGN: _l("Detailed design"),
    StageKind.MOULD_DESIGN: _l("Mould design"),
    StageKind.PROTOTYPE: _l("Prototype production"),
    StageKind.INSPECTION: _l("Inspection"),
    StageKind.TESTING: _l("Testing"),
    StageKind.HANDOVER: _l("Production handover"),
}

STAGE_ORDER = list(StageKind)


class StageStatus(enum.Enum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    SKIPPED = "skipped"

    @property
    def label(self):
        return STAGE_STATUS_LABELS[self]

    @property
    def done(self) -> bool:
        return self in DONE_STATUSES


STAGE_STATUS_LABELS = {
    StageStatus.PENDING: lazy_pgettext("stage status", "Pending"),
    StageStatus.IN_PROGRESS: lazy_pgettext("stage status", "In progress"),
    StageStatus.AWAITING_APPROVAL: lazy_pgettext("stage status", "Awaiting approval"),
    StageStatus.APPROVED: lazy_pgettext("stage status", "Approved"),
    StageStatus.SKIPPED: lazy_pgettext("stage status", "Skipped"),
}

# A stage in one of these lets the next one start.
DONE_STATUSES = frozenset({StageStatus.APPROVED, StageStatus.SKIPPED})


class StageAction(enum.Enum):
    """What a person does to a stage. Each action is one edge of the state machine."""

    START = "start"
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    SKIP = "skip"

    @property
    def label(self):
        return STAGE_ACTION_LABELS[self]


STAGE_ACTION_LABELS = {
    StageAction.START: _l("Start stage"),
    StageAction.SUBMIT: _l("Submit for approval"),
    StageAction.APPROVE: _l("Approve gate"),
    StageAction.RETURN: _l("Request changes"),
    StageAction.SKIP: _l("Skip stage"),
}


@dataclass(frozen=True)
class Transition:
    source: StageStatus
    target: StageStatus
    # Who may take it: "contributor" (people working on the project), "lead" (the project
    # lead or the firm's managers), "approver" (the project lead or the client).
    who: str
    needs_comment: bool = False


# The stage-gate state machine. Anything not listed is refused and changes nothing.
STAGE_TRANSITIONS: dict[StageAction, tuple[Transition, ...]] = {
    StageAction.START: (Transition(StageStatus.PENDING, StageStatus.IN_PROGRESS, "contributor"),),
    StageAction.SUBMIT: (
        Transition(StageStatus.IN_PROGRESS, StageStatus.AWAITING_APPROVAL, "contributor"),
    ),
    StageAction.APPROVE: (
        Transition(StageStatus.AWAITING_APPROVAL, StageStatus.APPROVED, "approver"),
    ),
    StageAction.RETURN: (
        Transition(StageStatus.AWAITING_APPROVAL, StageStatus.IN_PROGRESS, "approver",
                   needs_comment=True),
    ),
    StageAction.SKIP: (
        Transition(StageStatus.PENDING, StageStatus.SKIPPED, "lead", needs_comment=True),
        Transition(StageStatus.IN_PROGRESS, StageStatus.SKIPPED, "lead", needs_comment=True),
    ),
}


def transition_for(action: StageAction, status: StageStatus) -> Transition | None:
    return next((t for t in STAGE_TRANSITIONS[action] if t.source is status), None)


class DeliverableKind(enum.Enum):
    DOCUMENT = "document"
    DRAWING = "drawing"
    CAD = "cad"
    REPORT = "report"
    IMAGE = "image"
    OTHER = "other"

    @property
    def label(self):
        return DELIVERABLE_KIND_LABELS[self]


DELIVERABLE_KIND_LABELS = {
    DeliverableKind.DOCUMENT: _l("Document"),
    DeliverableKind.DRAWING: _l("Drawing"),
    DeliverableKind.CAD: _l("CAD export"),
    DeliverableKind.REPORT: _l("Report"),
    DeliverableKind.IMAGE: _l("Image"),
    DeliverableKind.OTHER: _l("Other"),
}


@dataclass(frozen=True)
class RequiredDeliverable:
    code: str
    name: object  # a lazy string, shown in the reader's language
    kind: DeliverableKind


def required_deliverable(code: str | None) -> RequiredDeliverable | None:
    return next((item for items in REQUIRED_DELIVERABLES.values() for item in items
                 if item.code == code), None)


# What each stage must carry before it can be submitted for approval.
REQUIRED_DELIVERABLES: dict[StageKind, tuple[RequiredDeliverable, ...]] = {
    StageKind.BRIEF: (RequiredDeliverable("design-brief", _l("Design brief"),
                                          DeliverableKind.DOCUMENT),),
    StageKind.CONCEPT: (RequiredDeliverable("concept-renderings",
                                            _l("Concept sketches and renderings"),
                                            DeliverableKind.DRAWING),),
    StageKind.DETAILED_DESIGN: (
        RequiredDeliverable("cad-model", _l("CAD model"), DeliverableKind.CAD),
        RequiredDeliverable("engineering-drawings", _l("Engineering drawings"),
                            DeliverableKind.DRAWING),
    ),
    StageKind.MOULD_DESIGN: (RequiredDeliverable("mould-drawings", _l("Mould design drawings"),
                                                 DeliverableKind.DRAWING),),
    StageKind.PROTOTYPE: (RequiredDeliverable("prototype-report", _l("Prototype build report"),
                                              DeliverableKind.REPORT),),
    StageKind.INSPECTION: (RequiredDeliverable("inspection-report", _l("Inspection report"),
                                               DeliverableKind.REPORT),),
    StageKind.TESTING: (RequiredDeliverable("test-report", _l("Test report"),
                                            DeliverableKind.REPORT),),
    StageKind.HANDOVER: (RequiredDeliverable("handover-package", _l("Production handover package"),
                                             DeliverableKind.DOCUMENT),),
}


@dataclass(frozen=True)
class LifecycleTemplate:
    code: str
    name: object
    description: object
    stages: tuple[StageKind, ...]


_ALL = tuple(STAGE_ORDER)
TEMPLATES: dict[str, LifecycleTemplate] = {
    template.code: template
    for template in (
        LifecycleTemplate("full", _l("Full product development"),
                          _l("Every stage from brief to production handover."), _ALL),
        LifecycleTemplate("soft-goods", _l("Apparel and soft goods"),
                          _l("No mould: patterns go straight to prototype samples."),
                          tuple(k for k in _ALL if k is not StageKind.MOULD_DESIGN)),
        LifecycleTemplate("digital", _l("Digital design"),
                          _l("Interfaces and digital products: no mould and no inspection."),
                          tuple(k for k in _ALL
                                if k not in (StageKind.MOULD_DESIGN, StageKind.INSPECTION))),
        LifecycleTemplate("concept-study", _l("Concept study"),
                          _l("Brief, concept and a handover of the design package."),
                          (StageKind.BRIEF, StageKind.CONCEPT, StageKind.HANDOVER)),
    )
}
DEFAULT_TEMPLATE = "full"
