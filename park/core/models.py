"""Column helpers every model shares."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, Enum
from sqlalchemy.orm import Mapped, mapped_column

from park.core.time import now_utc

# The largest id a row can have (PostgreSQL's integer): a URL's larger numbers name nothing,
# and PostgreSQL would refuse to compare its integers with them.
MAX_ID = 2**31 - 1


def storable_id(value: int) -> bool:
    """Whether `value` can be a row's id."""
    return 0 < value <= MAX_ID


def enum_column(enum_class: type[enum.Enum], name: str) -> Enum:
    """Store an enum by its value as a string, with a CHECK constraint named `name`."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum_class),
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=now_utc, nullable=False
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=now_utc, onupdate=now_utc, nullable=False
    )
