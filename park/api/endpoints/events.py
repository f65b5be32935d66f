"""API area: events (being written)."""

from park.api.setup import api_blueprint

blp = api_blueprint("api_events", __name__, "events")
