"""The park office's tenant screens: tenants, leases, buildings, units and floor plans."""

from __future__ import annotations

from flask import Blueprint

from park.tenants import models  # noqa: F401  (the tables belong to the app's metadata)

bp = Blueprint("tenants", __name__)
