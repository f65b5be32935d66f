"""What schemathesis cannot send the JSON API: bodies that are no UTF-8 or no JSON at all, the
wrong content types, JSON nested too deep, and bodies over the request size limit. Each gets
a 4xx in the API's error shape, never a 5xx, and stores nothing."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from park.extensions import db
from park.matching.models import Need
from park.projects.models import IpRecord, Milestone, Project
from tests.hostile.support import LIMITS, MARKUP, NON_UTF8, rules

BODIES = {
    "non-utf8 json": (NON_UTF8, "application/json"),
    "bom and garbage": (b"\xef\xbb\xbf{\"title\": \"\xff\"}", "application/json"),
    "truncated json": (b'{"title": "Half', "application/json"),
    "json null": (b"null", "application/json"),
    "json list": (b"[1, 2, 3]", "application/json"),
    "json string": (b'"just a string"', "application/json"),
    "nan and infinity": (b'{"budget_min": NaN, "budget_max": Infinity}', "application/json"),
    "huge integer": (b'{"budget_min": ' + b"9" * 4000 + b"}", "application/json"),
    "deep nesting": (b"[" * 50_000 + b"]" * 50_000, "application/json"),
    "deep objects": (b'{"a":' * 20_000 + b"1" + b"}" * 20_000, "application/json"),
    "markup": (json.dumps({"title": MARKUP, "name": MARKUP, "description": MARKUP}).encode(),
               "application/json"),
    "plain text": (b"title=Hello", "text/plain"),
    "form encoded": (b"title=Hello&name=%FF", "application/x-www-form-urlencoded"),
    "xml": (b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
            b"<project><title>&e;</title></project>", "application/xml"),
    "multipart": (b"--x\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n\xff\r\n--x--",
                  "multipart/form-data; boundary=x"),
    "no content type": (b'{"title": "Hello"}', None),
    "charset lies": ('{"title": "héllo"}'.encode("utf-16"), "application/json; charset=utf-8"),
}


def _api_writes(app):
    for rule, method in rules(app, methods=("POST", "PATCH"), api=True):
        if rule.rule.startswith("/api/v1/"):
            yield rule, method


def _counts():
    return [db.session.scalar(select(func.count()).select_from(model))
            for model in (Project, Milestone, IpRecord, Need)]


@pytest.mark.parametrize("kind", sorted(BODIES))
def test_malformed_api_bodies_get_a_client_error_and_store_nothing(hostile_app, world, kind):
    client = hostile_app.test_client()
    data, content_type = BODIES[kind]
    before = _counts()
    failures = []
    for rule, method in _api_writes(hostile_app):
        path = world.url_for_rule(rule)
        headers = {"Authorization": f"Bearer {world.api_token}"}
        if content_type:
            headers["Content-Type"] = content_type
        response = client.open(path, method=method, data=data, headers=headers)
        body = response.get_json(silent=True) or {}
        # An action that reads no body (cancel, accept...) may succeed; a refusal has the shape.
        if response.status_code >= 500 or (response.status_code >= 400 and "error" not in body):
            failures.append((method, path, response.status_code))
    assert not failures
    assert _counts() == before


def test_api_body_over_the_size_limit_gets_413_in_the_api_error_shape(hostile_app, world):
    client = hostile_app.test_client()
    huge = json.dumps({"title": "x" * (LIMITS["MAX_CONTENT_LENGTH"] + 1)})
    response = client.post("/api/v1/projects", data=huge, content_type="application/json",
                           headers={"Authorization": f"Bearer {world.api_token}"})
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def test_api_query_strings_that_are_no_utf8_get_a_client_error(hostile_app, world):
    client = hostile_app.test_client()
    failures = []
    for rule, _method in rules(hostile_app, methods=("GET",), api=True):
        path = world.url_for_rule(rule)
        for query in (b"page=" + NON_UTF8 + b"&q=" + NON_UTF8, b"per_page=%FF%FE&page=1e999",
                      b"page=99999999999999999999999&per_page=-1"):
            # A WSGI query string is bytes held as latin-1 text.
            response = client.get(path, query_string=query.decode("latin-1"),
                                  headers={"Authorization": f"Bearer {world.api_token}"})
            if response.status_code >= 500:
                failures.append((path, query, response.status_code))
    assert not failures


@pytest.mark.parametrize("header", [
    "Bearer " + "A" * 10_000,
    "Bearer \xff\xfe",
    "Bearer ' OR 1=1 --",
    "Basic Zm9vOmJhcg==",
    "Bearer",
    "",
])
def test_hostile_authorization_headers_are_refused_without_server_errors(
        hostile_app, world, header):
    client = hostile_app.test_client()
    response = client.get("/api/v1/needs", headers={"Authorization": header})
    assert response.status_code == 401
