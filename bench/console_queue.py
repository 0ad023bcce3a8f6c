"""Time the console's work queue with a department of 100,000 open requests.

    .venv/bin/python bench/console_queue.py --databases sqlite postgresql
    .venv/bin/python bench/console_queue.py --open 10000 --repeat 10    # quick

For each database: a fresh database, ``civic311 migrate`` and the bulk fill
of bench/fill.py, sized so that about ``--open`` requests are open. Then
every open request is routed to Transportation (as a routing rule could do),
a staff member of that department and a 311 agent are made, and each queue
page is rendered ``--repeat`` times in-process through Django's test client
(the whole view: middleware, queries, template), after three renders to
warm up. The table goes to stdout and to bench/results/queue.md.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: bench/console_queue.py
    sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402
    DEFAULT_POSTGRES,
    _environment,
    _fill,
    _fresh_database,
    _timed,
)

RESULTS = ROOT / "bench" / "results"
DEPARTMENT = "tes"
# bench/fill.py leaves about this share of its requests open.
OPEN_SHARE = 0.41
WARM_UP = 3

# (label, who looks, query string)
PAGES = (
    ("first page, own department", "staff", ""),
    ("overdue only", "staff", "due=overdue"),
    ("one service", "staff", "service=pothole"),
    ("page 100", "staff", "page=100"),
    ("newest first", "staff", "sort=newest"),
    ("all departments, as an agent", "agent", "department=all"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--open", type=int, default=100_000, dest="open_count")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES + "_queue")
    args = parser.parse_args(argv)

    results = [_run(database, args) for database in args.databases]
    table = _table(results)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "queue.md").write_text(table)
    (RESULTS / "queue.json").write_text(json.dumps(results, indent=2))
    print(table)
    return 0


def _run(database: str, args: argparse.Namespace) -> dict[str, Any]:
    size = round(args.open_count / OPEN_SHARE)
    with tempfile.TemporaryDirectory(prefix="civic311-queue-") as folder:
        workdir = Path(folder)
        with _fresh_database(database, workdir, args.postgres_url) as url:
            env = _environment(url, workdir)
            env["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
            _timed([sys.executable, "-m", "civic311", "migrate", "-v0"], env)
            print(f"== {database}: filling {size:,} requests", flush=True)
            _fill(env, size, workdir)
            out = workdir / "queue.json"
            command = [sys.executable, "-m", "bench.console_queue_measure"]
            command += ["--repeat", str(args.repeat), "--out", str(out)]
            subprocess.run(command, env=env, cwd=ROOT, check=True)
            measured: dict[str, Any] = json.loads(out.read_text())
    measured["database"] = database
    return measured


def _table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| database | open in the department | page | rows | queries | "
        "p50 ms | p90 ms | max ms |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        for page in result["pages"]:
            lines.append(
                f"| {result['database']} | {result['open']:,} | {page['label']} "
                f"| {page['rows']} | {page['queries']} | {page['p50']:.1f} "
                f"| {page['p90']:.1f} | {page['max']:.1f} |"
            )
    return "\n".join(lines) + "\n"


def timings(seconds: list[float]) -> dict[str, float]:
    """Milliseconds: median, 90th percentile and slowest."""
    ordered = sorted(seconds)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return {
        "p50": statistics.median(ordered) * 1000,
        "p90": p90 * 1000,
        "max": ordered[-1] * 1000,
    }


def clock() -> float:
    return time.perf_counter()


if __name__ == "__main__":
    sys.exit(main())
