"""Server time and SQL query count of Park's main pages on the small and the large demo park,
against a floor route that renders the bare layout, in one run.

    .venv/bin/python benchmarks/pages.py [--database sqlite|postgresql|both] [--reuse]
                                         [--repeat 30] [--cache simple|redis|null]

It builds (or, with --reuse, keeps) two databases per engine: the small demo park
(`flask --app app seed-demo`) and the city-scale one (`seed-demo --scale large`), always
bringing their schema to the newest migration. Then, in this process, it builds the app with
production-like settings (no debug, TESTING off, rate limits off, the cache on), logs the demo
people in through the Flask test client, and for every page measures:

* the first request after the cache is cleared ("cold": time and queries),
* then `--repeat` warm requests, the small and the large park taking turns (each followed by
  a floor request) so that noise on a shared machine falls on all alike: the median time and
  the queries of a warm request; "floor ms" is the floor's median over the same rounds.

Queries are the statements SQLAlchemy sends (`before_cursor_execute`). The floor is a route
registered here only (not in the product), rendering a template that extends base.html for an
anonymous visitor: the layout with no query.

Targets, per page: no more queries on the large park than on the small one (cold and warm);
large-park time within 1.5x the small-park time and within 5x the floor. The exit status is 1
when a target fails.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PARK_ENV", "development")

from flask import render_template  # noqa: E402
from sqlalchemy import event, func, select, text  # noqa: E402

from config import Base  # noqa: E402
from park import create_app  # noqa: E402

SCALES = ("small", "large")
LIMIT_SMALL = 1.5
LIMIT_FLOOR = 5.0
FLOOR_TEMPLATE = """{% extends "base.html" %}
{% block title %}Floor{% endblock %}
{% block content %}<h1>Floor</h1><p>The layout and nothing else.</p>{% endblock %}"""
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                     r'name="csrf_token" value="([^"]+)"')


# Databases ----------------------------------------------------------------------------------


def database_url(engine: str, scale: str, args) -> str:
    if engine == "sqlite":
        return f"sqlite:///{Path(args.data_dir) / f'park-{scale}.sqlite3'}"
    return f"{args.postgres.rstrip('/')}/park_bench_{scale}"


def _postgres_admin(url: str):
    import psycopg

    server, name = url.rsplit("/", 1)
    server = server.replace("postgresql+psycopg://", "postgresql://")
    return psycopg.connect(f"{server}/postgres", autocommit=True), name


def database_exists(url: str) -> bool:
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///")).exists()
    connection, name = _postgres_admin(url)
    with connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  (name,)).fetchone() is not None


def recreate_database(url: str) -> None:
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    connection, name = _postgres_admin(url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def flask_command(url: str, *arguments: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "PARK_ENV": "development"}
    flask = Path(sys.executable).parent / "flask"
    subprocess.run([str(flask), "--app", "app", *arguments],  # noqa: S603 (our own command)
                   cwd=ROOT, env=env, check=True)


def prepare_database(url: str, scale: str, reuse: bool) -> None:
    fresh = not (reuse and database_exists(url))
    if fresh:
        print(f"building the {scale} park at {url} ...", flush=True)
        recreate_database(url)
    started = time.perf_counter()
    flask_command(url, "db", "upgrade")
    if fresh:
        flask_command(url, "seed-demo", "--quiet", *(["--scale", "large"] if scale == "large"
                                                       else []))
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    if url.startswith("postgresql"):
        # Fresh statistics, as autovacuum would have them on a park that has been running.
        connection, name = _postgres_admin(url)
        connection.close()
        import psycopg

        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"),
                             autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
            # Write the vacuum's pages out now, not while the pages are being timed.
            conn.execute("CHECKPOINT")
    else:
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            conn.execute("ANALYZE")


# The app under test -------------------------------------------------------------------------


def bench_settings(url: str, scale: str, cache: str) -> type[Base]:
    settings = {
        "NAME": "benchmark",
        "DEBUG": False,
        "TESTING": False,
        "SECRET_KEY": "benchmark-only-" + scale,
        "SQLALCHEMY_DATABASE_URI": url,
        "RATELIMIT_ENABLED": False,
        "MAIL_BACKEND": "locmem",
    }
    if cache == "redis":
        settings.update(CACHE_TYPE="RedisCache",
                        CACHE_REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
                        # Both parks share one Redis: their entries must not meet.
                        CACHE_KEY_PREFIX=f"park-bench-{scale}-")
    elif cache == "simple":
        settings.update(CACHE_TYPE="SimpleCache")
    else:
        settings.update(CACHE_TYPE="NullCache")
    return type(f"Bench{scale.title()}", (Base,), settings)


def build_app(url: str, scale: str, cache: str):
    app = create_app(bench_settings(url, scale, cache))
    # Only here, never in the product: the layout with nothing behind it. The template is
    # compiled once, as a page's template is (render_template_string would compile it on
    # every request and make the floor slower than it is).
    floor = app.jinja_env.from_string(FLOOR_TEMPLATE)
    app.add_url_rule("/_floor", "benchmark_floor", lambda: render_template(floor))
    return app


def clear_cache(app) -> None:
    try:
        from park.extensions import cache
    except ImportError:
        return
    with app.app_context():
        cache.clear()


def login(app, email: str, password: str):
    client = app.test_client()
    body = client.get("/login").get_data(as_text=True)
    match = CSRF_RE.search(body)
    if not match:
        raise SystemExit("no CSRF token on /login")
    response = client.post("/login", data={"csrf_token": match.group(1) or match.group(2),
                                           "email": email, "password": password})
    if response.status_code != 302:
        raise SystemExit(f"could not log in as {email} (status {response.status_code})")
    return client


@dataclass
class Page:
    name: str
    url: str
    client: object
    headers: dict = field(default_factory=dict)


def pages_of(app) -> list[Page]:
    """The pages to measure, with the same people and the same kind of object on each park."""
    from park.accounts.models import Membership, Organisation, OrgRole, User
    from park.api.tokens import create_token, revoke_token, tokens_of
    from park.demo.data import ADMIN_EMAIL, DEMO_PASSWORD
    from park.directory.models import ServiceType, Specialty, profile_service_types
    from park.extensions import db
    from park.matching.models import Need
    from park.projects.models import Project

    with app.app_context():
        firm = db.session.scalar(select(Organisation).where(Organisation.slug == "toway"))
        firm_owner = db.session.scalar(
            select(User).join(Membership, Membership.user_id == User.id)
            .where(Membership.organisation_id == firm.id, Membership.role == OrgRole.OWNER)
            .order_by(User.id).limit(1))
        project_id = db.session.scalar(
            select(func.min(Project.id)).where(Project.firm_id == firm.id))
        need = db.session.scalar(select(Need).order_by(Need.id).limit(1))
        need_owner = db.session.scalar(
            select(User).join(Membership, Membership.user_id == User.id)
            .where(Membership.organisation_id == need.owner_id, Membership.role == OrgRole.OWNER)
            .order_by(User.id).limit(1))
        # The specialty and the service type most providers offer: the widest facet search.
        specialty = db.session.scalar(select(Specialty.code).order_by(Specialty.position)
                                      .limit(1))
        service = db.session.scalar(
            select(ServiceType.code)
            .join(profile_service_types,
                  profile_service_types.c.service_type_id == ServiceType.id)
            .group_by(ServiceType.id, ServiceType.code)
            .order_by(func.count().desc(), ServiceType.id).limit(1))
        admin = db.session.scalar(select(User).where(User.email == ADMIN_EMAIL))
        for earlier in tokens_of(admin):  # an earlier run's, on a reused park
            if earlier.name == "benchmark":
                revoke_token(admin, earlier)
        _token, plaintext = create_token(admin, name="benchmark", expires_on=None)
        db.session.commit()
        firm_email, need_email = firm_owner.email, need_owner.email
        need_id = need.id

    anonymous = app.test_client()
    admin_client = login(app, ADMIN_EMAIL, DEMO_PASSWORD)
    firm_client = login(app, firm_email, DEMO_PASSWORD)
    need_client = login(app, need_email, DEMO_PASSWORD)
    return [
        Page("floor (layout, no query)", "/_floor", anonymous),
        Page("directory search with facets",
             f"/directory?specialty={specialty}&service={service}", anonymous),
        Page("tenant list", "/admin/tenants", admin_client),
        Page("project board", "/orgs/toway/projects/board", firm_client),
        Page("project page", f"/projects/{project_id}", firm_client),
        Page("event calendar (month)", "/events", anonymous),
        Page("need with ranked matches", f"/needs/{need_id}", need_client),
        Page("admin dashboard", "/admin/dashboard", admin_client),
        Page("API project list", "/api/v1/projects", app.test_client(),
             {"Authorization": f"Bearer {plaintext}"}),
    ]


class Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, *_args, **_kwargs):
        self.count += 1


@dataclass
class Measure:
    cold_ms: float = 0.0
    cold_queries: int = 0
    times: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times)

    @property
    def warm_queries(self) -> int:
        return max(self.queries)


@dataclass
class Park:
    scale: str
    app: object
    counter: Counter
    pages: list[Page]


def request(park: Park, page: Page) -> tuple[float, int]:
    park.counter.count = 0
    started = time.perf_counter()
    response = page.client.get(page.url, headers=page.headers)
    response.get_data()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{park.scale} {page.url}: status {response.status_code}")
    return elapsed, park.counter.count


def measure(parks: list[Park], repeat: int, warmup: int) -> dict[tuple[str, str], Measure]:
    results: dict[tuple[str, str], Measure] = {}
    for index, _ in enumerate(parks[0].pages):
        for park in parks:
            page = park.pages[index]
            clear_cache(park.app)
            result = results[(park.scale, page.name)] = Measure()
            result.cold_ms, result.cold_queries = request(park, page)
            for _ in range(warmup):
                request(park, page)
        for _ in range(repeat):
            for park in parks:
                page = park.pages[index]
                elapsed, queries = request(park, page)
                results[(park.scale, page.name)].times.append(elapsed)
                results[(park.scale, page.name)].queries.append(queries)
                # The floor again in the same rounds, so a page is compared with the floor
                # under the same load (other work on a shared machine comes and goes).
                floor = results.setdefault((park.scale, "floor@" + page.name), Measure())
                elapsed, queries = request(park, park.pages[0])
                floor.times.append(elapsed)
                floor.queries.append(queries)
        print(f"  measured {parks[0].pages[index].name}", file=sys.stderr, flush=True)
    return results


def park_size(app) -> str:
    from park.accounts.models import Organisation
    from park.events.models import Event, Registration
    from park.extensions import db
    from park.matching.models import Need
    from park.projects.models import Project

    with app.app_context():
        counts = [db.session.scalar(select(func.count()).select_from(model))
                  for model in (Organisation, Project, Event, Registration, Need)]
    return ("{:,} organisations, {:,} projects, {:,} events, {:,} registrations, "
            "{:,} needs").format(*counts)


def report(engine: str, parks: list[Park], results) -> tuple[str, bool]:
    small, large = parks
    lines = [
        f"### {engine}",
        "",
        f"- small: {park_size(small.app)}",
        f"- large: {park_size(large.app)}",
        "",
        "| page | ms small | ms large | large/small | floor ms | large/floor | queries small "
        "| queries large | cold queries small / large | cold ms small / large | targets |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    ok = True
    for page in small.pages:
        s, g = results[("small", page.name)], results[("large", page.name)]
        ratio_small = g.median_ms / s.median_ms
        floor = results[("large", "floor@" + page.name)].median_ms
        ratio_floor = g.median_ms / floor
        failures = []
        if g.warm_queries > s.warm_queries or g.cold_queries > s.cold_queries:
            failures.append("more queries")
        if ratio_small > LIMIT_SMALL:
            failures.append(f"> {LIMIT_SMALL}x small")
        if ratio_floor > LIMIT_FLOOR:
            failures.append(f"> {LIMIT_FLOOR:g}x floor")
        ok = ok and not failures
        verdict = "ok" if not failures else "MISS: " + ", ".join(failures)
        lines.append(
            f"| {page.name} | {s.median_ms:.1f} | {g.median_ms:.1f} | {ratio_small:.2f} "
            f"| {floor:.1f} | {ratio_floor:.2f} | {s.warm_queries} | {g.warm_queries} "
            f"| {s.cold_queries} / {g.cold_queries} | {s.cold_ms:.0f} / {g.cold_ms:.0f} "
            f"| {verdict} |"
        )
    lines.append("")
    lines.append("URLs: " + ", ".join(f"{p.name}: `{p.url}`" for p in large.pages))
    return "\n".join(lines), ok


def machine() -> str:
    uname = platform.uname()
    return (f"machine: {uname.system} {uname.node} {uname.release} {uname.machine}; "
            f"{os.cpu_count()} CPUs; Python {platform.python_version()}")


def run_engine(engine: str, args) -> tuple[str, bool]:
    parks = []
    for scale in SCALES:
        url = database_url(engine, scale, args)
        prepare_database(url, scale, args.reuse)
        app = build_app(url, scale, args.cache)
        counter = Counter()
        with app.app_context():
            from park.extensions import db

            event.listen(db.engine, "before_cursor_execute", counter)
            db.session.execute(text("SELECT 1"))
        parks.append(Park(scale, app, counter, pages_of(app)))
    print(f"measuring on {engine} ...", file=sys.stderr, flush=True)
    results = measure(parks, args.repeat, args.warmup)
    return report(engine, parks, results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--reuse", action="store_true",
                        help="keep databases built by an earlier run (migrations still run)")
    parser.add_argument("--repeat", type=int, default=30, help="warm requests per page")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--cache", choices=("simple", "redis", "null"), default="simple",
                        help="the cache backend (production uses redis)")
    parser.add_argument("--data-dir", default=str(ROOT / "instance" / "benchmarks"),
                        help="where the SQLite databases go")
    parser.add_argument("--postgres", default=os.environ.get(
        "BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432"),
        help="the PostgreSQL server (databases park_bench_small and park_bench_large)")
    args = parser.parse_args()

    engines = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    print("## Pages on the small and the large park\n")
    print(machine())
    print(f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; repeat {args.repeat} after "
          f"{args.warmup} warm-up; cache {args.cache}\n")
    all_ok = True
    for engine in engines:
        table, ok = run_engine(engine, args)
        print(table + "\n", flush=True)
        all_ok = all_ok and ok
    print("all targets hold" if all_ok else "some targets MISS")
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
