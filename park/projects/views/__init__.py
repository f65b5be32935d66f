"""The project screens, one module per concern: lists and the board, one project's pages, its
stages and files, and IP records. They share this blueprint."""

from flask import Blueprint

from park.projects import models  # noqa: F401  (the tables belong to the app's metadata)

bp = Blueprint("projects", __name__)

from park.projects.views import ip, lists, project, stages  # noqa: E402,F401  (routes register on import)
