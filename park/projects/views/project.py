"""placeholder"""

from park.projects.views import bp  # noqa: F401
