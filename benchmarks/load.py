"""A realistic mix of Park traffic for locust; benchmarks/load-test sets it all up and runs it.

    PARK_LOAD_ACCOUNTS=accounts.json locust -f benchmarks/load.py --headless \
        -u 40 -r 10 -t 60s --host http://127.0.0.1:8000

accounts.json comes from benchmarks/load_accounts.py. Three kinds of simulated people:

- anonymous visitors browse the directory (search with facets and words, profiles) and the
  event calendar (month, list, one event);
- project workers, each with a login of their own, look at their project list, board and
  projects, add a milestone, edit it and delete it again through the real forms (CSRF tokens
  from the pages), and list projects through the API with a token of their own;
- event registrants, each with a login of their own, open an event, register (on the
  waitlist when it is full) and cancel again, through the real forms.

Each logged-in person logs in once. A page that answers but says no (a flash of the danger
kind, a form shown again) counts as a failure, not only a 4xx or 5xx.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from collections import deque
from datetime import date, timedelta
from pathlib import Path

from locust import HttpUser, between, task
from locust.exception import StopUser

ACCOUNTS = json.loads(Path(os.environ["PARK_LOAD_ACCOUNTS"]).read_text(encoding="utf-8"))
_WORKERS = deque(ACCOUNTS["workers"])
_REGISTRANTS = deque(ACCOUNTS["registrants"])
_RUN = itertools.count(1)

WAIT = between(float(os.environ.get("LOAD_WAIT_MIN", "0.5")),
               float(os.environ.get("LOAD_WAIT_MAX", "2")))

# WTForms writes the type after the name; the templates' own hidden inputs write it first.
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
DANGER = 'class="alert alert-danger'
SUCCESS = 'class="alert alert-success'
INFO = 'class="alert alert-info'
PROFILE = re.compile(r'href="/directory/([a-z0-9-]+)"')
FACET = re.compile(r'type="checkbox" name="(specialty|service|kind|in_park)" value="([^"]+)"')
EVENT = re.compile(r'href="/events/(\d+)"')
WORDS = ["design", "mould", "motorcycle", "prototype", "CMF", "汽车", "testing", "EV"]


def csrf_token(html: str) -> str:
    found = CSRF.search(html)
    if not found:
        raise ValueError("no CSRF token on the page")
    return found.group(1)


def _take(pool: deque, kind: str) -> dict:
    try:
        return pool.popleft()
    except IndexError:
        raise StopUser(f"no {kind} account left: lower -u or the fixed counts") from None


class AnonymousVisitor(HttpUser):
    """Browses the public directory and event calendar."""

    weight = 1
    wait_time = WAIT

    def on_start(self) -> None:
        directory = self.client.get("/directory", name="/directory").text
        self.profiles = sorted(set(PROFILE.findall(directory)))
        self.facets = sorted(set(FACET.findall(directory)))
        calendar = self.client.get("/events?view=list", name="/events?view=list").text
        self.events = sorted(set(EVENT.findall(calendar)))

    @task(4)
    def search_directory(self) -> None:
        params = random.sample(self.facets, k=min(len(self.facets), random.randint(0, 2)))
        if random.random() < 0.4:
            params.append(("q", random.choice(WORDS)))
        if random.random() < 0.3:
            params.append(("sort", random.choice(["newest", "in_park"])))
        self.client.get("/directory", params=params, name="/directory?facets")

    @task(3)
    def view_profile(self) -> None:
        if self.profiles:
            self.client.get(f"/directory/{random.choice(self.profiles)}",
                            name="/directory/<slug>")

    @task(2)
    def view_calendar(self) -> None:
        if random.random() < 0.5:
            self.client.get("/events", name="/events")
        else:
            self.client.get("/events?view=list", name="/events?view=list")

    @task(2)
    def view_event(self) -> None:
        if self.events:
            self.client.get(f"/events/{random.choice(self.events)}", name="/events/<id>")

    @task(1)
    def home(self) -> None:
        self.client.get("/", name="/")


class LoggedIn(HttpUser):
    abstract = True
    wait_time = WAIT

    def log_in(self, email: str) -> None:
        page = self.client.get("/login", name="/login").text
        with self.client.post("/login", name="/login [POST]", catch_response=True, data={
            "csrf_token": csrf_token(page), "email": email,
            "password": ACCOUNTS["password"], "next": "",
        }) as response:
            if response.url.rstrip("/").endswith("/login") or DANGER in response.text:
                response.failure(f"login refused for {email}")
                raise StopUser()

    def post_form(self, url: str, data: dict, name: str, expect=(SUCCESS,)) -> str:
        """POST like the browser does; fail unless the page after the redirect shows one of
        the expected flashes and no danger flash."""
        with self.client.post(url, data=data, name=name, catch_response=True) as response:
            text = response.text
            if response.ok and DANGER not in text and any(flash in text for flash in expect):
                response.success()
            elif response.ok:
                response.failure(f"{name}: the page refused the form")
        return text


class ProjectWorker(LoggedIn):
    """A design-firm person at work on their projects."""

    fixed_count = int(os.environ.get("LOAD_PROJECT_WORKERS", "8"))

    def on_start(self) -> None:
        self.account = _take(_WORKERS, "project worker")
        self.log_in(self.account["email"])

    @task(3)
    def project_list(self) -> None:
        self.client.get("/projects", name="/projects")

    @task(2)
    def board(self) -> None:
        if self.account["boards"]:
            slug = random.choice(self.account["boards"])
            self.client.get(f"/orgs/{slug}/projects/board", name="/orgs/<slug>/projects/board")

    @task(4)
    def project_page(self) -> None:
        project_id = random.choice(self.account["projects"])
        self.client.get(f"/projects/{project_id}", name="/projects/<id>")

    @task(2)
    def keep_a_milestone(self) -> None:
        """Add a milestone, edit it, delete it: three writes through the page's forms."""
        project_id = random.choice(self.account["projects"])
        page = self.client.get(f"/projects/{project_id}", name="/projects/<id>").text
        name = f"Load check {next(_RUN)}"
        due = date.today() + timedelta(days=random.randint(7, 60))
        page = self.post_form(f"/projects/{project_id}/milestones", {
            "csrf_token": csrf_token(page), "name": name, "due_on": due.isoformat(),
        }, "/projects/<id>/milestones [POST]")
        milestone_id = self._milestone_id(page, name)
        if milestone_id is None:
            return
        edit_url = f"/projects/{project_id}/milestones/{milestone_id}/edit"
        form = self.client.get(edit_url, name="/projects/<id>/milestones/<id>/edit").text
        page = self.post_form(edit_url, {
            "csrf_token": csrf_token(form), "name": name + " (moved)",
            "due_on": (due + timedelta(days=7)).isoformat(), "achieved_on": "",
        }, "/projects/<id>/milestones/<id>/edit [POST]")
        self.post_form(f"/projects/{project_id}/milestones/{milestone_id}/delete",
                       {"csrf_token": csrf_token(page)},
                       "/projects/<id>/milestones/<id>/delete [POST]")

    @staticmethod
    def _milestone_id(page: str, name: str) -> int | None:
        for item in page.split('<li class="milestone')[1:]:
            if f'<span class="fw-semibold">{name}</span>' in item:
                found = re.search(r"/milestones/(\d+)/delete", item)
                return int(found.group(1)) if found else None
        return None

    @task(2)
    def api_projects(self) -> None:
        with self.client.get("/api/v1/projects", params={"per_page": 25},
                             headers={"Authorization": f"Bearer {self.account['token']}"},
                             name="/api/v1/projects", catch_response=True) as response:
            if response.ok and "items" not in response.json():
                response.failure("no list envelope")


class EventRegistrant(LoggedIn):
    """Someone signing up for an event and changing their mind."""

    fixed_count = int(os.environ.get("LOAD_EVENT_REGISTRANTS", "6"))

    def on_start(self) -> None:
        self.account = _take(_REGISTRANTS, "event registrant")
        self.log_in(self.account["email"])

    @task(2)
    def my_events(self) -> None:
        self.client.get("/my/events", name="/my/events")

    @task(3)
    def register_and_cancel(self) -> None:
        event_id = random.choice(self.account["events"])
        page = self.client.get(f"/events/{event_id}", name="/events/<id>").text
        page = self.post_form(f"/events/{event_id}/register",
                              {"csrf_token": csrf_token(page), "organisation": "0"},
                              "/events/<id>/register [POST]", expect=(SUCCESS, INFO))
        self.post_form(f"/events/{event_id}/registration/cancel",
                       {"csrf_token": csrf_token(page)},
                       "/events/<id>/registration/cancel [POST]")
