"""Summarise a locust run (its --csv files) as a Markdown table; exit 1 on any failure or
error.

    .venv/bin/python benchmarks/load_report.py PREFIX    # PREFIX_stats.csv, PREFIX_exceptions.csv
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path


def _rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _ms(value: str) -> str:
    return "n/a" if value in ("", "N/A") else f"{float(value):.0f}"


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    prefix = sys.argv[1]
    stats = _rows(Path(f"{prefix}_stats.csv"))
    exceptions = _rows(Path(f"{prefix}_exceptions.csv"))
    if not stats:
        print(f"no locust statistics at {prefix}_stats.csv", file=sys.stderr)
        return 1
    print("| request | count | failures | req/s | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    total = None
    for row in stats:
        if row["Name"] == "Aggregated":
            total = row
            continue
        label = f"{row['Type']} {row['Name']}"
        print(f"| {label} | {row['Request Count']} | {row['Failure Count']} | "
              f"{float(row['Requests/s']):.1f} | {_ms(row['50%'])} | {_ms(row['95%'])} | "
              f"{_ms(row['99%'])} | {_ms(row['Max Response Time'])} |")
    if total is None:
        print("no aggregated row in the statistics", file=sys.stderr)
        return 1
    print(f"| **all** | **{total['Request Count']}** | **{total['Failure Count']}** | "
          f"**{float(total['Requests/s']):.1f}** | **{_ms(total['50%'])}** | "
          f"**{_ms(total['95%'])}** | **{_ms(total['99%'])}** | "
          f"**{_ms(total['Max Response Time'])}** |")
    errors = sum(int(row.get("Count") or 0) for row in exceptions)
    failures = int(total["Failure Count"])
    print()
    print(f"throughput {float(total['Requests/s']):.1f} requests/s; "
          f"latency p50 {_ms(total['50%'])} ms, p95 {_ms(total['95%'])} ms, "
          f"p99 {_ms(total['99%'])} ms; {failures} failed requests, "
          f"{errors} errors in the simulated users")
    for row in _rows(Path(f"{prefix}_failures.csv")):
        print(f"FAILURE x{row.get('Occurrences')}: {row.get('Method')} {row.get('Name')}: "
              f"{row.get('Error')}")
    for row in exceptions:
        print(f"ERROR x{row.get('Count')}: {row.get('Message')}\n{row.get('Traceback')}")
    return 0 if failures == 0 and errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
