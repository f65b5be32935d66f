"""Migrations: one head; `upgrade` on an empty database yields exactly the models' schema; and
every revision downgrades and upgrades again cleanly, on SQLite and on PostgreSQL."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from park import create_app
from park.extensions import db
from tests.databases import KINDS, scratch_database


@pytest.fixture
def migrated_app(request, tmp_path):
    """An app on an empty scratch database of the kind the test is parametrised with."""
    with scratch_database(request.param, "park_migrations", tmp_path) as url:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            yield app
            db.session.remove()
            db.engine.dispose()


def _script() -> ScriptDirectory:
    from flask import current_app

    return ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())


def _current_revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _differences_from_the_models() -> list:
    """What `flask db check` would report: the models' schema against the database's."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def _revisions_from_base() -> list[str]:
    return [script.revision for script in reversed(list(_script().walk_revisions()))]


def _tables() -> set[str]:
    with db.engine.connect() as connection:
        return set(inspect(connection).get_table_names())


def test_migrations_have_a_single_head(tmp_path):
    app = create_app({"TESTING": True,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'heads.sqlite3'}"})
    with app.app_context():
        assert len(_script().get_heads()) == 1


@pytest.mark.parametrize("migrated_app", KINDS, indirect=True)
def test_upgrade_on_an_empty_database_matches_the_models(migrated_app):
    upgrade()

    assert _differences_from_the_models() == []


@pytest.mark.parametrize("migrated_app", KINDS, indirect=True)
def test_every_revision_downgrades_one_step_at_a_time_and_upgrades_again(migrated_app):
    revisions = _revisions_from_base()
    for revision in revisions:
        upgrade(revision="+1")
        assert _current_revision() == revision

    for expected in [*reversed(revisions[:-1]), None]:
        downgrade(revision="-1")
        assert _current_revision() == expected
    assert _tables() <= {"alembic_version"}

    # Nothing a downgrade left behind (an index, a type, a constraint) gets in the way.
    upgrade()
    assert _differences_from_the_models() == []
