"""The API's conventions: its OpenAPI document and local docs, the error shape, the list
envelope, UTC times and the per-token rate limit."""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate

from park import create_app
from park.api.tokens import create_token
from park.extensions import db as _db
from tests.api.support import error_of
from tests.factories import ProviderProfileFactory, UserFactory


def test_the_openapi_document_is_valid_openapi_3(client):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.")
    validate(document)


def test_every_api_route_is_in_the_openapi_document(app, client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    documented = {(path, method.upper()) for path, item in paths.items() for method in item}

    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method) in documented, (path, method)


def test_the_docs_page_serves_swagger_ui_from_park_itself(client):
    html = client.get("/api/docs").get_data(as_text=True)

    assert 'data-spec-url="/api/openapi.json"' in html
    assets = re.findall(r'(?:src|href)="([^"]+swagger[^"]+)"', html)
    assert assets and all(asset.startswith("/api/docs/assets/") for asset in assets)
    assert "https://" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', html))
    for asset in assets:
        assert client.get(asset).status_code == 200


def test_only_swagger_uis_own_files_are_served_as_docs_assets(client):
    assert client.get("/api/docs/assets/index.html").status_code == 404
    assert client.get("/api/docs/assets/..%2F__init__.py").status_code == 404


def test_an_unknown_api_path_answers_404_in_the_error_shape(api):
    response = api.get("/nothing-here")

    assert response.status_code == 404
    assert error_of(response) == {"code": "not_found", "fields": {},
                                  "message": "We could not find the page you asked for."}


def test_a_wrong_method_answers_405_with_allow(api):
    response = api.delete("/organisations")

    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


def test_bad_query_arguments_answer_422_naming_the_field(api):
    response = api.get("/organisations", query={"per_page": 1000, "sort": "sideways"})

    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_failed"
    assert set(error["fields"]) == {"per_page", "sort"}


def test_lists_come_in_the_page_envelope(api):
    ProviderProfileFactory.create_batch(3)

    body = api.get("/organisations", query={"per_page": 2, "page": 2}).get_json()

    assert set(body) == {"items", "page", "per_page", "total"}
    assert (body["page"], body["per_page"], body["total"], len(body["items"])) == (2, 2, 3, 1)


def test_times_are_iso_8601_in_utc(api):
    ProviderProfileFactory()

    created_at = api.get("/organisations").get_json()["items"][0]["created_at"]

    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", created_at)


# Rate limits: Flask-Limiter reads RATELIMIT_ENABLED when the app is built.


@pytest.fixture
def limited_app(app, _schema, database_url):
    limited = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                          "RATELIMIT_ENABLED": True, "API_RATE_LIMIT": "2 per minute"})
    yield limited
    with limited.app_context():
        _db.session.remove()
        _db.engine.dispose()


def test_a_token_over_its_limit_gets_429_with_retry_after(limited_app):
    _, plaintext = create_token(UserFactory(), name="busy", expires_on=None)
    client = limited_app.test_client()
    headers = {"Authorization": f"Bearer {plaintext}"}

    statuses = [client.get("/api/v1/organisations", headers=headers).status_code
                for _ in range(3)]
    response = client.get("/api/v1/organisations", headers=headers)

    assert statuses == [200, 200, 429]
    assert error_of(response)["code"] == "rate_limited"
    assert 0 < int(response.headers["Retry-After"]) <= 60


def test_each_token_has_a_limit_of_its_own(limited_app):
    _, busy = create_token(UserFactory(), name="busy", expires_on=None)
    _, other = create_token(UserFactory(), name="other", expires_on=None)
    client = limited_app.test_client()
    for _ in range(3):
        client.get("/api/v1/organisations", headers={"Authorization": f"Bearer {busy}"})

    response = client.get("/api/v1/organisations", headers={"Authorization": f"Bearer {other}"})

    assert response.status_code == 200
