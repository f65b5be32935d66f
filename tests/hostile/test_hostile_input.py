"""Hostile input at every endpoint: markup, SQL fragments, very long and non-UTF-8 strings in
query strings and form bodies never cause a server error, are never stored past a column's
size, and are shown only escaped on every page that displays them."""

from __future__ import annotations

from markupsafe import escape
from sqlalchemy import String, func, select
from werkzeug.exceptions import HTTPException

from park.extensions import db as _db
from tests.conftest import csrf_token
from tests.hostile.support import (
    DESTRUCTIVE,
    HOSTILE_VALUES,
    LONG,
    MARKUP,
    NON_UTF8,
    SCRIPT,
    filled,
    form_field_names,
    forms_on,
    is_html,
    raw_markup_in,
    rules,
)

# Every query parameter a view or a filter form reads.
QUERY_NAMES = [
    "q", "page", "per_page", "sort", "status", "kind", "stage", "visibility", "specialty",
    "service", "client", "scope", "view", "state", "when", "from", "to", "on", "month",
    "period", "next", "action", "object_type", "user", "organisation", "discipline",
    "available", "in_park", "show", "slot", "due", "closed", "balanced", "invitee",
    "overdue", "completed_from", "completed_to", "achieved_from", "achieved_to",
    "filed_from", "filed_to", "granted_from", "granted_to", "year", "specialties",
    "services", "building", "floor",
]


def _api_headers(world) -> dict:
    return {"Authorization": f"Bearer {world.api_token}"}


def _server_errors(responses) -> str:
    """The requests that got a 5xx, one a line (empty when there are none)."""
    return "\n".join(sorted({
        f"{response.status_code} {what}: {getattr(response, 'park_error', '')}"
        for what, response in responses if response.status_code >= 500}))


# Query strings ---------------------------------------------------------------------------------


def _rotated(names, shift: int) -> dict:
    """Each name a different hostile value; `shift` moves every name on to the next ones."""
    return {name: HOSTILE_VALUES[(index + shift) % len(HOSTILE_VALUES)]
            for index, name in enumerate(names)}


# Requests per URL: each parameter gets this many different hostile values at each URL.
SHIFTS = range(0, len(HOSTILE_VALUES), 6)


def test_hostile_query_strings_never_cause_server_errors(hostile_app, world, browser):
    responses = []
    for rule, _method in rules(hostile_app, api=None):
        path = world.url_for_rule(rule)
        headers = _api_headers(world) if path.startswith("/api/") else {}
        for shift in SHIFTS:
            query = _rotated(QUERY_NAMES, shift + rule.rule.count("/"))
            response = browser.get(path, query_string=query, headers=headers)
            responses.append(((path, query), response))
    errors = _server_errors(responses)
    assert not errors, errors


def test_non_utf8_query_strings_never_cause_server_errors(hostile_app, world, browser):
    # A WSGI query string is bytes held as latin-1 text.
    raw = "&".join(f"{name}={NON_UTF8.decode('latin-1')}" for name in QUERY_NAMES)
    escaped = "&".join(f"{name}=%FF%FE%C3%28" for name in QUERY_NAMES)
    responses = []
    for rule, _method in rules(hostile_app, api=None):
        path = world.url_for_rule(rule)
        headers = _api_headers(world) if path.startswith("/api/") else {}
        for query in (raw, escaped):
            responses.append(((path, query[:10]),
                              browser.get(path, query_string=query, headers=headers)))
    errors = _server_errors(responses)
    assert not errors, errors


def test_hostile_query_strings_are_never_reflected_as_markup(hostile_app, world, browser):
    reflected = []
    for rule, _method in rules(hostile_app):
        path = world.url_for_rule(rule)
        response = browser.get(path, query_string={name: MARKUP for name in QUERY_NAMES})
        if is_html(response) and raw_markup_in(response):
            reflected.append(path)
    assert not reflected


# Form bodies -----------------------------------------------------------------------------------


def test_hostile_form_bodies_never_cause_server_errors(hostile_app, world, browser):
    names = sorted(form_field_names(hostile_app))
    responses = []
    # Destructive actions last, so that the others still find their objects.
    posts = sorted(rules(hostile_app, methods=("POST",)),
                   key=lambda item: item[0].endpoint in DESTRUCTIVE)
    for rule, _method in posts:
        path = world.url_for_rule(rule)
        for shift in SHIFTS:
            body = _rotated(names, shift + rule.rule.count("/"))
            responses.append(((path, f"shift {shift}"), browser.post(path, data=body)))
    errors = _server_errors(responses)
    assert not errors, errors


def test_non_utf8_form_bodies_never_cause_server_errors(hostile_app, world, browser):
    names = sorted(form_field_names(hostile_app))
    urlencoded = b"&".join(name.encode() + b"=" + NON_UTF8 for name in names)
    responses = []
    posts = sorted(rules(hostile_app, methods=("POST",)),
                   key=lambda item: item[0].endpoint in DESTRUCTIVE)
    for rule, _method in posts:
        path = world.url_for_rule(rule)
        responses.append(((path, "urlencoded"), browser.post(
            path, data=urlencoded, content_type="application/x-www-form-urlencoded")))
        responses.append(((path, "garbage multipart"), browser.post(
            path, data=NON_UTF8 * 10, content_type="multipart/form-data; boundary=xyz")))
    errors = _server_errors(responses)
    assert not errors, errors


def _bounded_string_columns():
    for table in _db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String) and column.type.length:
                yield table, column


def test_over_long_values_are_refused_not_stored(hostile_app, world, browser):
    long_bodies = [{name: LONG for name in form_field_names(hostile_app)}]
    for rule, _method in rules(hostile_app, methods=("POST",)):
        if rule.endpoint not in DESTRUCTIVE:
            for body in long_bodies:
                browser.post(world.url_for_rule(rule), data=body)
    too_long = []
    for table, column in _bounded_string_columns():
        longest = _db.session.scalar(select(func.max(func.length(column))))
        if longest and longest > column.type.length:
            too_long.append(f"{table.name}.{column.name}: {longest} > {column.type.length}")
    assert not too_long


# Stored text, shown escaped --------------------------------------------------------------------


def _fill_every_form(hostile_app, world, browser) -> list:
    """Submit every (non-destructive) form of every page with MARKUP in its free-text fields;
    fields the payload cannot fill (a slug, a code) get a plain value on a second try."""
    seen: set[str] = set()
    responses = []
    for rule, _method in rules(hostile_app):
        page = world.url_for_rule(rule)
        response = browser.get(page)
        if not is_html(response) or response.status_code != 200:
            continue
        for form in forms_on(response, page):
            if form.method != "post" or form.action in seen:
                continue
            seen.add(form.action)
            adapter = hostile_app.url_map.bind("park.test")
            try:
                endpoint, _ = adapter.match(form.action.split("?")[0], method="POST")
            except HTTPException:  # a form posting elsewhere is not ours to fill
                continue
            if endpoint in DESTRUCTIVE:
                continue
            result = browser.post(form.action, data=filled(form, MARKUP))
            responses.append(((form.action, "markup"), result))
            if result.status_code == 200 and is_html(result):
                invalid = {f.name for again in forms_on(result, form.action)
                           for f in again.fields if f.invalid}
                if invalid:
                    retry = browser.post(form.action, data=filled(form, MARKUP, plain=invalid))
                    responses.append(((form.action, "markup, plain retry"), retry))
    return responses


def test_markup_stored_through_every_form_is_shown_escaped_on_every_page(
        hostile_app, world, browser):
    responses = _fill_every_form(hostile_app, world, browser)
    errors = _server_errors(responses)
    assert not errors, errors

    unescaped = []
    for rule, _method in rules(hostile_app):
        path = world.url_for_rule(rule)
        response = browser.get(path)
        if is_html(response) and raw_markup_in(response):
            unescaped.append(path)
    assert not unescaped

    # The sweep did store the payload: the pages of the things it edited show it, escaped.
    escaped = str(escape(SCRIPT))
    for path in (f"/orgs/{world.firm.slug}", f"/projects/{world.arguments['project_id']}",
                 f"/needs/{world.arguments['need_id']}",
                 f"/events/{world.arguments['event_id']}",
                 f"/teams/{world.arguments['team_id']}"):
        assert escaped in browser.get(path).get_data(as_text=True), path


# CSRF stays on outside this sweep --------------------------------------------------------------


def test_csrf_still_refuses_a_form_without_its_token(app, client, login):
    from park.accounts.models import OrgRole
    from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

    owner = UserFactory()
    firm = OrganisationFactory(name="Calm Firm")
    MembershipFactory(user=owner, organisation=firm, role=OrgRole.OWNER)
    login(owner)
    csrf_token(client, f"/orgs/{firm.slug}/edit")
    response = client.post(f"/orgs/{firm.slug}/edit", data={"name": MARKUP})
    assert response.status_code == 400
    _db.session.refresh(firm)
    assert firm.name == "Calm Firm"
