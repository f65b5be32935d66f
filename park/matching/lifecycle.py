"""The moves a match can make, from which states, by whom: one table the services check and
the pages read to offer buttons."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from park.matching.models import MatchStatus, NeedStatus


class MatchAction(enum.Enum):
    SHORTLIST = "shortlist"
    REQUEST_INTRO = "request-intro"
    INTRODUCE = "introduce"
    PROPOSE_MEETING = "propose-meeting"
    CONVERT = "convert"
    DECLINE = "decline"
    WITHDRAW = "withdraw"

    @property
    def label(self):
        return MATCH_ACTION_LABELS[self]


MATCH_ACTION_LABELS = {
    MatchAction.SHORTLIST: _l("Shortlist"),
    MatchAction.REQUEST_INTRO: _l("Ask the park to introduce"),
    MatchAction.INTRODUCE: _l("Introduce them"),
    MatchAction.PROPOSE_MEETING: _l("Propose a meeting"),
    MatchAction.CONVERT: _l("Convert to a project"),
    MatchAction.DECLINE: _l("Decline"),
    MatchAction.WITHDRAW: _l("Withdraw interest"),
}


@dataclass(frozen=True)
class Move:
    sources: frozenset[MatchStatus]
    target: MatchStatus
    who: str  # "owner" (the need's organisation), "provider" or "park" (the park office)


_OPEN = frozenset({MatchStatus.INTERESTED, MatchStatus.SHORTLISTED, MatchStatus.INTRO_REQUESTED,
                   MatchStatus.INTRODUCED, MatchStatus.MEETING})

MOVES: dict[MatchAction, Move] = {
    MatchAction.SHORTLIST: Move(frozenset({MatchStatus.INTERESTED}), MatchStatus.SHORTLISTED,
                                "owner"),
    MatchAction.REQUEST_INTRO: Move(frozenset({MatchStatus.INTERESTED, MatchStatus.SHORTLISTED}),
                                    MatchStatus.INTRO_REQUESTED, "owner"),
    MatchAction.INTRODUCE: Move(frozenset({MatchStatus.INTRO_REQUESTED}), MatchStatus.INTRODUCED,
                                "park"),
    MatchAction.PROPOSE_MEETING: Move(
        frozenset({MatchStatus.INTERESTED, MatchStatus.SHORTLISTED, MatchStatus.INTRODUCED,
                   MatchStatus.MEETING}),
        MatchStatus.MEETING, "owner"),
    MatchAction.CONVERT: Move(
        frozenset({MatchStatus.INTERESTED, MatchStatus.SHORTLISTED, MatchStatus.INTRODUCED,
                   MatchStatus.MEETING}),
        MatchStatus.CONVERTED, "owner"),
    MatchAction.DECLINE: Move(_OPEN, MatchStatus.DECLINED, "owner"),
    MatchAction.WITHDRAW: Move(_OPEN, MatchStatus.WITHDRAWN, "provider"),
}

# When a match first reaches a status, this column records the time (for the funnel).
REACHED_COLUMNS = {
    MatchStatus.INTERESTED: "interested_at",
    MatchStatus.SHORTLISTED: "shortlisted_at",
    MatchStatus.INTRODUCED: "introduced_at",
    MatchStatus.MEETING: "meeting_at",
    MatchStatus.CONVERTED: "converted_at",
    MatchStatus.DECLINED: "closed_at",
    MatchStatus.WITHDRAWN: "closed_at",
}

# The owner taking a match forward puts its need in discussion.
DISCUSSION_STATUSES = frozenset({MatchStatus.SHORTLISTED, MatchStatus.INTRO_REQUESTED,
                                 MatchStatus.INTRODUCED, MatchStatus.MEETING})

# Needs move only along these lines: converting is the match's move, closing the owner's.
NEED_MOVES: dict[NeedStatus, frozenset[NeedStatus]] = {
    NeedStatus.OPEN: frozenset({NeedStatus.IN_DISCUSSION, NeedStatus.CONVERTED,
                                NeedStatus.CLOSED}),
    NeedStatus.IN_DISCUSSION: frozenset({NeedStatus.CONVERTED, NeedStatus.CLOSED}),
    NeedStatus.CLOSED: frozenset({NeedStatus.OPEN}),
    NeedStatus.CONVERTED: frozenset(),
}


def move_for(action: MatchAction) -> Move:
    return MOVES[action]


def allows(action: MatchAction, status: MatchStatus) -> bool:
    return status in MOVES[action].sources
