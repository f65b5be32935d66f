"""Any text at all, typed into the forms that keep and show free text: it is refused at the
field, or stored as typed and shown escaped, and never causes a server error."""

from __future__ import annotations

import pytest
from flask import render_template_string
from flask_babel import lazy_gettext as _l
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from park.extensions import db
from park.matching.models import Need
from park.projects.models import Project
from tests.hostile.support import MARKUP, SCRIPT, SQL, filled, forms_on

# Printable text, with markup, SQL and the odd characters (control, bidi, astral) mixed in.
TEXT = st.one_of(
    st.text(min_size=0, max_size=300),
    st.sampled_from([MARKUP, *SQL, "\u202e\u200b\ufeff", "\r\n\t", "😀" * 60]),
    st.lists(st.sampled_from(["<", ">", "&", '"', "'", "`", "{{", "}}", "{%", "\\", "é", "中"]),
             min_size=1, max_size=40).map("".join),
)
HYPOTHESIS = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture,
                                             HealthCheck.too_slow])


def _submit(browser, edit_path: str, values: dict):
    page = browser.get(edit_path)
    form = next(f for f in forms_on(page, edit_path) if f.action == edit_path)
    body = filled(form, "Plain 7")
    body.update(values)
    return browser.post(edit_path, data=body)


@pytest.mark.parametrize("model, key, edit, show, fields", [
    (Project, "project_id", "/projects/{}/edit", "/projects/{}", ("title", "summary")),
    (Need, "need_id", "/needs/{}/edit", "/needs/{}", ("title", "description")),
])
@HYPOTHESIS
@given(first=TEXT, second=TEXT)
def test_any_text_is_refused_or_stored_and_shown_escaped(
        hostile_app, world, browser, model, key, edit, show, fields, first, second):
    thing_id = world.arguments[key]
    values = dict(zip(fields, (first, second), strict=True))
    response = _submit(browser, edit.format(thing_id), values)
    assert response.status_code < 500
    if response.status_code == 302:
        thing = db.session.get(model, thing_id)
        db.session.refresh(thing)
        page = browser.get(show.format(thing_id)).get_data(as_text=True)
        assert str(escape(getattr(thing, fields[0]))) in page
    else:
        assert response.status_code in (200, 400, 409, 422)


def test_a_translated_message_carrying_typed_text_is_escaped_on_the_page(app):
    # Flask-Babel's lazy strings call themselves safe HTML; park.core.i18n escapes them.
    message = _l("%(name)s would like to get in touch", name=MARKUP)
    with app.test_request_context():
        page = render_template_string("<p>{{ message }}</p>", message=message)
    assert page == f"<p>{escape(str(message))}</p>"
    assert SCRIPT not in page
