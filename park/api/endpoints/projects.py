"""API area: projects (being written)."""

from park.api.setup import api_blueprint

blp = api_blueprint("api_projects", __name__, "projects")
