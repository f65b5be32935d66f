"""The directory of design service providers, their profiles, and the taxonomies behind it."""

from __future__ import annotations

from flask import Blueprint

from park.directory import models  # noqa: F401  (the tables belong to the app's metadata)

bp = Blueprint("directory", __name__)
