"""Peak Python memory and time of the projects export (CSV and XLSX) at 5,000 and 50,000
projects: the export streams, so ten times the rows should not take ten times the memory.

    .venv/bin/python benchmarks/export_memory.py [--sizes 5000 50000] [--keep]

It builds a throwaway SQLite database (bulk inserts: firms, clients, and projects with their
stages and milestones from the large demo set's generator, park.demo.large), logs an
administrator in through the Flask test client and reads
/admin/reports/projects.<fmt>?period=all chunk by chunk, the way a browser would, measuring the
peak with tracemalloc (a separate untraced run gives the time). Exit status 1 when the
largest size's peak exceeds 1.5 times the smallest's.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PARK_ENV", "testing")

from sqlalchemy import insert, select  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from park import create_app  # noqa: E402
from park.accounts.models import Organisation, OrgKind, OrgStatus, User  # noqa: E402
from park.demo.large import insert_projects  # noqa: E402
from park.directory.models import Specialty  # noqa: E402
from park.extensions import db  # noqa: E402

TODAY = date(2026, 11, 29)  # fixed, so every run exports the same projects
PASSWORD = "benchmark-password"  # noqa: S105  (a throwaway database)
LIMIT_RATIO = 1.5


def seed_base() -> None:
    now = datetime.now(UTC)
    db.session.execute(insert(User), [{
        "email": "admin@bench.example", "name": "Admin", "is_admin": True, "active": True,
        "locale": "en", "password_hash": generate_password_hash(PASSWORD),
        "created_at": now, "updated_at": now,
    }])
    db.session.execute(insert(Organisation), [{
        "slug": f"org-{n}", "name": f"Organisation {n}", "name_zh": f"组织{n}",
        "kind": OrgKind.DESIGN_FIRM if n % 4 else OrgKind.MANUFACTURER,
        "status": OrgStatus.APPROVED, "created_at": now, "updated_at": now,
    } for n in range(200)])
    db.session.execute(insert(Specialty), [{
        "code": f"s{n}", "name": f"Specialty {n}", "name_zh": f"专业{n}", "position": n,
        "created_at": now, "updated_at": now,
    } for n in range(8)])
    db.session.commit()


def add_projects(count: int, rng: random.Random) -> None:
    """`count` more projects with their stages, as the large demo set makes them
    (park.demo.large), a few thousand rows per statement."""
    organisations = db.session.execute(
        select(Organisation.id, Organisation.name).order_by(Organisation.id)).all()
    firms, clients = organisations[1::4] + organisations[2::4], organisations[0::4]
    specialties = db.session.scalars(select(Specialty.id)).all()
    insert_projects(rng, count, firms=[tuple(row) for row in firms],
                    clients=[tuple(row) for row in clients], specialties=specialties,
                    today=TODAY)


def download(client, fmt: str) -> int:
    """Read the export chunk by chunk; return its size in bytes."""
    response = client.get(f"/admin/reports/projects.{fmt}?period=all", buffered=False)
    assert response.status_code == 200, response.status_code
    size = 0
    for chunk in response.response:
        size += len(chunk)
    response.close()
    return size


def measure(app, fmt: str) -> tuple[float, int, int]:
    """(seconds untraced, peak bytes traced, file bytes)."""
    client = app.test_client()
    response = client.post("/login", data={"email": "admin@bench.example",
                                           "password": PASSWORD})
    assert response.status_code == 302, "could not log in"
    started = time.perf_counter()
    size = download(client, fmt)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    tracemalloc.reset_peak()
    baseline = tracemalloc.get_traced_memory()[0]
    download(client, fmt)
    peak = tracemalloc.get_traced_memory()[1] - baseline
    tracemalloc.stop()
    return seconds, peak, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000])
    parser.add_argument("--keep", action="store_true", help="keep the database file")
    args = parser.parse_args()
    sizes = sorted(args.sizes)

    directory = tempfile.mkdtemp(prefix="park-bench-")
    path = Path(directory) / "export.sqlite3"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "UPLOAD_FOLDER": str(Path(directory) / "uploads")})
    rng = random.Random(7)
    results = []
    # Requests run outside any app context of ours, each with its own, as in production.
    with app.app_context():
        db.create_all()
        seed_base()
        add_projects(50, rng)
    for fmt in ("csv", "xlsx"):  # warm up: imports, compiled queries, template caches
        measure(app, fmt)
    have = 50
    for size in sizes:
        started = time.perf_counter()
        with app.app_context():
            add_projects(size - have, rng)
        have = size
        print(f"seeded {size} projects in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
        for fmt in ("csv", "xlsx"):
            seconds, peak, file_size = measure(app, fmt)
            results.append((size, fmt, seconds, peak, file_size))
    with app.app_context():
        db.engine.dispose()
    if not args.keep:
        path.unlink()
        os.rmdir(directory)

    print(f"machine: {' '.join(platform.uname())}")
    print(f"python: {platform.python_version()}")
    print()
    print("| projects | format | time (s) | peak Python memory (MiB) | file (MiB) |")
    print("| ---: | --- | ---: | ---: | ---: |")
    for size, fmt, seconds, peak, file_size in results:
        print(f"| {size:,} | {fmt} | {seconds:.2f} | {peak / 2**20:.2f} | "
              f"{file_size / 2**20:.2f} |")
    print()
    failed = False
    for fmt in ("csv", "xlsx"):
        peaks = {size: peak for size, f, _s, peak, _b in results if f == fmt}
        ratio = peaks[sizes[-1]] / peaks[sizes[0]]
        verdict = "ok" if ratio <= LIMIT_RATIO else "TOO HIGH"
        failed |= ratio > LIMIT_RATIO
        print(f"{fmt}: peak at {sizes[-1]:,} / peak at {sizes[0]:,} = {ratio:.2f} "
              f"(limit {LIMIT_RATIO}) {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
