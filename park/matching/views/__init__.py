"""The matching screens, one module per concern: needs and their ranked providers, a match's
moves with the inbox and the funnel, and people and teams. They share this blueprint."""

from flask import Blueprint

from park.matching import models  # noqa: F401  (the tables belong to the app's metadata)

bp = Blueprint("matching", __name__)

from park.matching.views import matches, needs, teams  # noqa: E402,F401  (routes register on import)
