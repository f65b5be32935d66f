"""Rendered HTML shared between readers through the cache: CSRF tokens go in as a placeholder
and come out as each reader's own; a fragment holding a real token is never kept; a commit
touching a watched model starts its namespace afresh, a rollback does not."""

from __future__ import annotations

import pytest
from flask import g, render_template_string
from flask_wtf.csrf import generate_csrf

from park.accounts.models import Organisation
from park.core import caching
from park.core.caching import CSRF_PLACEHOLDER, cache_key, shared_fragment, watch
from park.extensions import cache, db
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.app_settings(CACHE_TYPE="SimpleCache")


@pytest.fixture(autouse=True)
def empty_cache(app):
    cache.clear()


def _form() -> str:
    return render_template_string(
        '<form><input name="csrf_token" value="{{ csrf_token() }}"></form>')


def test_a_shared_fragment_is_kept_with_a_placeholder_and_served_with_the_readers_token(app):
    with app.test_request_context("/"):
        html = shared_fragment("fragment", _form, timeout=60)
        assert generate_csrf() in html
        assert CSRF_PLACEHOLDER in cache.get("fragment")
        assert generate_csrf() not in cache.get("fragment")


def test_a_fragment_holding_a_real_token_is_served_but_never_kept(app):
    def leaky() -> str:
        return f'<input name="csrf_token" value="{generate_csrf()}">'

    with app.test_request_context("/"):
        generate_csrf()
        html = shared_fragment("leaky", leaky, timeout=60)
        assert g.csrf_token in html
        assert cache.get("leaky") is None


@pytest.fixture
def watching(monkeypatch):
    """`watch` for this test only."""
    monkeypatch.setattr(caching, "_watches", list(caching._watches))
    return watch


def test_a_commit_touching_a_watched_model_starts_its_namespace_afresh(app, watching):
    watching(Organisation, namespace="test-watched")
    before = cache_key("test-watched", "page")
    OrganisationFactory()
    db.session.commit()
    assert cache_key("test-watched", "page") != before


def test_a_rolled_back_change_leaves_the_namespace_as_it_was(app, watching):
    organisation = OrganisationFactory()
    watching(Organisation, namespace="test-rolled-back")
    before = cache_key("test-rolled-back", "page")
    organisation.name = "Changed, then rolled back"
    db.session.flush()
    db.session.rollback()
    assert cache_key("test-rolled-back", "page") == before
