"""The dashboard screens, one module per audience: the park office's dashboard, an
organisation's dashboard, and reports with their exports. They share this blueprint."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)

from park.dashboard.views import organisations, park, reports  # noqa: E402,F401  (routes register on import)
