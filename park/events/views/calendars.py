"""placeholder"""

from park.events.views import bp  # noqa: F401
