"""The API's wiring: the OpenAPI generator (flask-smorest, on apispec and marshmallow), the
blueprints of /api/v1 with their rate limit, and how they join the app."""

from __future__ import annotations

import json

from flask import Flask, current_app
from flask_smorest import Api as SmorestApi
from flask_smorest import Blueprint
from webargs.flaskparser import FlaskParser

from park.api.auth import rate_limit_key, refuse_unusable_tokens
from park.api.schemas import Error
from park.extensions import csrf, limiter

API_TITLE = "Park API"
API_VERSION = "v1"
URL_PREFIX = "/api/v1"

DESCRIPTION = """\
Park's data for the park's partners: organisations, projects with their stages, milestones
and IP records, manufacturers' needs and their ranked matches, events, registrations and
one-to-one meetings.

**Authentication.** Create a personal API token on your profile page and send it as
`Authorization: Bearer <token>`. Without a token a request is anonymous and sees what the
public site shows. The same rules apply as on the site: a token acts as its person.

**Conventions.** JSON in and out. Lists are `{"items": [...], "page", "per_page", "total"}`
with `?page=&per_page=` (at most 100). Times are ISO 8601 in UTC. Errors are
`{"error": {"code", "message", "fields"}}` with 400, 401, 403, 404, 409 (a conflict: a stale
`version`, a full slot, something already done) or 422 (validation; `fields` says where).
Saves of a project carry the `version` they were read at; a stale one gets 409.

**Rate limits** count per token (per address without one); over the limit a request gets 429
with `Retry-After`.
"""


class Api(SmorestApi):
    """flask-smorest, documenting errors in Park's shape; the errors themselves are answered
    by park.core.errors for the whole app, so the site and the API say them one way."""

    ERROR_SCHEMA = Error

    def _register_error_handlers(self):
        pass


class JsonParser(FlaskParser):
    """webargs' parser, refusing JSON nested too deep to parse (the standard library raises
    RecursionError) as an invalid body, 400, rather than failing with a 500."""

    def _raw_load_json(self, req):
        try:
            return super()._raw_load_json(req)
        except RecursionError:
            self._handle_invalid_json_error(
                json.JSONDecodeError("JSON nested too deeply", "", 0), req)


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = JsonParser()


def _api_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


def tag_title(blueprint_name: str) -> str:
    """The docs' section for a blueprint: "api_projects" -> "Projects"."""
    return blueprint_name.removeprefix("api_").replace("_", " ").capitalize()


def openapi_document(api: Api) -> dict:
    """The OpenAPI document, its sections named for people rather than blueprints."""
    document = api.spec.to_dict()
    for tag in document.get("tags", []):
        tag["name"] = tag_title(tag["name"])
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, dict) and "tags" in operation:
                operation["tags"] = [tag_title(tag) for tag in operation["tags"]]
    return document


def api_blueprint(name: str, import_name: str, description: str) -> ApiBlueprint:
    """A blueprint of /api/v1 (its docs section is `tag_title(name)`): rate-limited per token,
    free of CSRF (it knows no cookies)."""
    blueprint = ApiBlueprint(name, import_name, url_prefix=URL_PREFIX,
                             description=description)
    limiter.limit(_api_limit, key_func=rate_limit_key)(blueprint)
    blueprint.before_request(refuse_unusable_tokens)
    csrf.exempt(blueprint)
    return blueprint


def api_settings(app: Flask) -> None:
    app.config.setdefault("API_TITLE", API_TITLE)
    app.config.setdefault("API_VERSION", API_VERSION)
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("API_SPEC_OPTIONS", {
        "info": {"description": DESCRIPTION},
        "components": {"securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer",
                           "description": "A personal API token from your profile page."},
        }},
        # A token is optional: without one a request is anonymous.
        "security": [{"bearerAuth": []}, {}],
    })


def init_api(app: Flask) -> Api:
    from park.api.endpoints import BLUEPRINTS
    from park.api.views import bp as api_pages

    api_settings(app)
    api = Api(app)
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    app.register_blueprint(api_pages)
    app.extensions["park_api"] = api
    return api
