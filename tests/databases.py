"""Scratch databases for tests that must own a whole database (migrations, restores), created
beside TEST_DATABASE_URL's PostgreSQL database or as an SQLite file, and dropped afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from tests.conftest import ON_POSTGRES, TEST_DATABASE_URL

# Each CI run covers its own database: SQLite in the SQLite run, PostgreSQL in the other.
KINDS = [
    pytest.param("sqlite", id="sqlite", marks=pytest.mark.skipif(
        ON_POSTGRES, reason="the run without TEST_DATABASE_URL covers SQLite")),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.skipif(
        not ON_POSTGRES,
        reason="needs PostgreSQL: set TEST_DATABASE_URL=postgresql+psycopg://... (CI does)")),
]


@contextmanager
def scratch_postgres_database(prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database on TEST_DATABASE_URL's server; its URL."""
    base = make_url(TEST_DATABASE_URL)
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def scratch_database(kind: str, prefix: str, folder: Path) -> Iterator[str]:
    """A new, empty database of `kind` ("sqlite" or "postgresql"); its URL."""
    if kind == "postgresql":
        with scratch_postgres_database(prefix) as url:
            yield url
    else:
        yield f"sqlite:///{folder / f'{prefix}.sqlite3'}"
