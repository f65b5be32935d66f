"""The API's own pages: its OpenAPI document, the browsable docs, and the profile page's
personal API tokens."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from swagger_ui_bundle import swagger_ui_path

from park.api import tokens
from park.api.models import ApiToken
from park.api.policy import can_manage_api_tokens, can_revoke_api_token
from park.api.setup import openapi_document
from park.core.authz import authorize, guard
from park.core.errors import found_or_404
from park.core.policy import anyone
from park.extensions import db

bp = Blueprint("api", __name__)

# Swagger UI's files, from the swagger-ui-bundle package: nothing comes from a CDN.
SWAGGER_FILES = {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js",
                 "favicon-32x32.png"}


@bp.route("/api/openapi.json")
@guard(anyone)
def openapi_json():
    return jsonify(openapi_document(current_app.extensions["park_api"]))


@bp.route("/api/docs")
@guard(anyone)
def docs():
    return render_template("api/docs.html")


@bp.route("/api/docs/assets/<name>")
@guard(anyone)
def docs_asset(name: str):
    if name not in SWAGGER_FILES:
        return found_or_404(None)
    return send_from_directory(swagger_ui_path, name, max_age=60 * 60 * 24)


# Personal API tokens: listed and made on the profile page (accounts.profile) ---------------


@bp.route("/profile/tokens/<int:token_id>/revoke", methods=["POST"])
@guard(can_manage_api_tokens)
def revoke_token(token_id: int):
    token = found_or_404(db.session.get(ApiToken, token_id))
    authorize(can_revoke_api_token, token)
    tokens.revoke_token(current_user, token)
    flash(_("The token \"%(name)s\" is revoked: requests with it now get 401.",
            name=token.name), "success")
    return redirect(url_for("accounts.profile", _anchor="api-tokens"))
