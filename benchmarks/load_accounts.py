"""Pick the demo logins a load test uses and write them to a JSON file for benchmarks/load.py.

    .venv/bin/python benchmarks/load_accounts.py accounts.json   # DATABASE_URL picks the park

Run after `seed-demo` against the database the server uses. Each account appears once, so no
two simulated users share a login: project workers (with the projects they may keep
milestones on, found by the same policy the pages use, and an API token made for the run) and
event registrants (with the events whose registration is open to them and where they hold no
registration yet). A registrant registers and cancels in turn, so the data stays as found.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from park import create_app  # noqa: E402
from park.accounts.models import User  # noqa: E402
from park.api.tokens import create_token  # noqa: E402
from park.demo.data import DEMO_PASSWORD  # noqa: E402
from park.events.lists import own_registration  # noqa: E402
from park.events.models import Event, EventStatus  # noqa: E402
from park.events.registration import audience_allows, registration_open  # noqa: E402
from park.extensions import db  # noqa: E402
from park.projects.models import Project  # noqa: E402
from park.projects.policy import can_contribute, can_view_organisation_projects  # noqa: E402

DEMO_DOMAIN = "demo.park.example"


def pick_accounts() -> dict:
    users = [user for user in db.session.scalars(select(User).order_by(User.id))
             if user.active and not user.is_admin and user.email.endswith(DEMO_DOMAIN)]
    projects = list(db.session.scalars(select(Project).order_by(Project.id)))
    events = [event for event in db.session.scalars(
        select(Event).where(Event.status == EventStatus.PUBLISHED).order_by(Event.starts_at))
        if registration_open(event)]

    candidates = []
    for user in users:
        own = [project.id for project in projects if can_contribute(user, project)]
        open_to_them = [event.id for event in events
                        if audience_allows(event, user) and own_registration(user, event) is None]
        candidates.append((user, own, open_to_them))
    # Those who can do only one thing do it; the others even out the two groups.
    candidates.sort(key=lambda item: bool(item[1]) and bool(item[2]))
    workers, registrants = [], []
    for user, own, open_to_them in candidates:
        if own and (not open_to_them or len(workers) <= len(registrants)):
            _, token = create_token(user, name="load test", expires_on=None)
            firms = {project.firm for project in projects if project.id in own}
            boards = sorted(firm.slug for firm in firms
                            if can_view_organisation_projects(user, firm))
            workers.append({"email": user.email, "projects": own, "boards": boards,
                            "token": token})
        elif open_to_them:
            registrants.append({"email": user.email, "events": open_to_them})
    return {"password": DEMO_PASSWORD, "workers": workers, "registrants": registrants}


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    app = create_app()
    with app.app_context():
        accounts = pick_accounts()
    Path(sys.argv[1]).write_text(json.dumps(accounts, indent=1))
    print(f"{len(accounts['workers'])} project workers, "
          f"{len(accounts['registrants'])} event registrants")
    return 0


if __name__ == "__main__":
    sys.exit(main())
