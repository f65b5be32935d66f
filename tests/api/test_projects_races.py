"""Saves of one project through the API at the same moment, under real threads: one wins, the
others get 409 and nothing is silently overwritten (SQLite and PostgreSQL alike)."""

from __future__ import annotations

from park.accounts.models import OrgRole
from park.extensions import db
from park.projects.models import Project
from tests.factories import member_of
from tests.helpers import race
from tests.projects.pages import make_team

RACERS = 4


def test_concurrent_saves_of_one_version_keep_exactly_one(app, api):
    team = make_team()
    editors = [team.lead] + [member_of(team.firm, OrgRole.MANAGER) for _ in range(RACERS - 1)]
    path = f"/api/v1/projects/{team.project.id}"
    headers = [api.headers(editor) for editor in editors]
    # Each token's first use is noted once; do it before the race so the racers only save.
    seen = {api.client.get(path, headers=h).get_json()["version"] for h in headers}
    assert len(seen) == 1
    (version,) = seen
    project_id = team.project.id
    db.session.remove()

    def saving(index):
        browser = app.test_client()
        return lambda: browser.patch(path, headers=headers[index],
                                     json={"version": version, "title": f"Title {index}"})

    responses = race(app, RACERS, saving)

    statuses = sorted(getattr(r, "status_code", r) for r in responses)
    assert statuses == [200] + [409] * (RACERS - 1), responses
    winner = next(r for r in responses if r.status_code == 200).get_json()
    db.session.expire_all()
    saved = db.session.get(Project, project_id)
    assert (saved.version, saved.title) == (version + 1, winner["title"])
