"""The /api/v1 endpoints, one module (and one blueprint, one tag in the docs) per area."""

from park.api.endpoints.events import blp as events
from park.api.endpoints.needs import blp as needs
from park.api.endpoints.organisations import blp as organisations
from park.api.endpoints.projects import blp as projects

BLUEPRINTS = (organisations, projects, needs, events)
