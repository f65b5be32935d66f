"""API area: needs (being written)."""

from park.api.setup import api_blueprint

blp = api_blueprint("api_needs", __name__, "needs")
