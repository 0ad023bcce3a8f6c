"""Load-test the Open311 server on SQLite and PostgreSQL; see README.md.

    .venv/bin/python bench/run.py --sizes 10000 1000000 \
        --databases sqlite postgresql --duration 10
    .venv/bin/python bench/run.py --quick

For each database and size: a fresh database, ``civic311 migrate``, a bulk
fill, the production server with two workers, then wrk against each URL.
The table goes to stdout and to bench/results/latest.md.
"""

import argparse
import hashlib
import importlib.util
import json
import logging
import os
import platform
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: bench/run.py
    sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402
from bench.load import (  # noqa: E402
    Load,
    Outcome,
    Scenario,
    Watch,
    fetch,
    measure,
    same_documents,
)
from civic311.lib import publicid  # noqa: E402

logger = logging.getLogger("bench")

RESULTS = ROOT / "bench" / "results"
NINJA = "django-ninja==1.7.1"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/civic311_bench"
DETAIL_IDS = 1000
OPEN311 = "/open311/v2"
# The system checks accept only development, test, staging and production
# (civic311.E005). A benchmark is a site that must reach no real department,
# which is what staging means.
ENVIRONMENT = "staging"
# Measurements of one URL when other processes disturb it.
ATTEMPTS = 3


@dataclass
class Run:
    """The figures of one database at one size."""

    database: str
    size: int
    migrate_seconds: float
    fill: dict[str, Any]
    outcomes: list[Outcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    code: str = ""


def main(argv: list[str] | None = None) -> int:
    # Stopped by a signal, the run still stops its server (the finally
    # blocks run); a shell starts background jobs with SIGINT ignored.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    args = _arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    _check_tools()
    load = Load(
        args.connections,
        args.threads,
        args.duration,
        args.warmup,
        quiet=args.quiet,
        patience=args.patience,
        rounds=args.rounds,
    )
    server = _server_kind(args.server)
    started = time.perf_counter()

    runs = []
    with tempfile.TemporaryDirectory(prefix="civic311-bench-") as workdir:
        for database in args.databases:
            for size in args.sizes:
                runs.append(_run_one(database, size, Path(workdir), args, load, server))

    minutes = (time.perf_counter() - started) / 60
    machine = _machine(server, args)
    text = report.render(runs, load, machine, " ".join(sys.argv), minutes)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(text)
    (RESULTS / "latest.json").write_text(
        json.dumps([asdict(run) for run in runs], indent=2, default=str)
    )
    return 1 if any(o.failed for run in runs for o in run.outcomes) else 0


def _interrupt(number: int, frame: Any) -> None:
    raise KeyboardInterrupt(signal.Signals(number).name)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument(
        "--databases",
        nargs="+",
        choices=["sqlite", "postgresql"],
        default=["sqlite", "postgresql"],
    )
    parser.add_argument("--duration", type=float, default=10, help="seconds per URL")
    parser.add_argument("--warmup", type=float, default=2, help="seconds per URL")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="measure each URL this many times, in turn, and keep the median",
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--quiet",
        type=float,
        default=0.15,
        help="before each URL, wait until the machine is at most this busy",
    )
    parser.add_argument(
        "--patience", type=float, default=60, help="seconds to wait for quiet"
    )
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument(
        "--server",
        choices=["auto", "serve", "gunicorn"],
        default="auto",
        help="civic311 serve when the command exists, else gunicorn",
    )
    parser.add_argument(
        "--quick", action="store_true", help="smoke check: 10k rows, 3 s per URL"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.duration, args.warmup = [10_000], 3, 1
    return args


def _check_tools() -> None:
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk (Debian) or brew install wrk")
    if importlib.util.find_spec("ninja") is None:
        logger.info("installing %s for the comparison endpoint", NINJA)
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", NINJA], check=True
        )


def _server_kind(asked: str) -> str:
    if asked != "auto":
        return asked
    found = list((ROOT / "civic311").glob("*/management/commands/serve.py"))
    return "serve" if found else "gunicorn"


def _run_one(
    database: str,
    size: int,
    workdir: Path,
    args: argparse.Namespace,
    load: Load,
    server: str,
) -> Run:
    logger.info("== %s, %s requests", database, f"{size:,}")
    with _fresh_database(database, workdir, args.postgres_url) as url:
        env = _environment(url, workdir)
        migrate_seconds = _timed(
            [sys.executable, "-m", "civic311", "migrate", "--no-input", "-v0"], env
        )
        fill = _fill(env, size, workdir)
        logger.info("filled in %.1f s", fill["fill_seconds"])
        run = Run(database, size, round(migrate_seconds, 1), fill)
        run.code = _code_fingerprint()
        scenarios = _scenarios(fill, workdir)
        name = _database_name(database, url)
        log = workdir / "server.log"

        # First the reads with the answer cache off: what a miss costs, and
        # how that grows with the table. Then the site as deployed.
        uncached_env = {**env, "OPEN311_CACHE_SECONDS": "0"}
        with _serving(uncached_env, server, log) as (base, group):
            uncached = _measure_all(
                base,
                load,
                Watch(group, name),
                [s.uncached() for s in scenarios if s.kind == "read"],
            )
        with _serving(env, server, log) as (base, group):
            difference = _compare_ninja(base)
            if difference:
                run.notes.append(f"ninja page differs from Open311: {difference}")
            else:
                logger.info("  the ninja page equals the Open311 page")
            run.outcomes = _measure_all(base, load, Watch(group, name), scenarios)
        run.outcomes += uncached
    return run


@contextmanager
def _fresh_database(database: str, workdir: Path, postgres_url: str) -> Iterator[str]:
    if database == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="sqlite-", dir=workdir))
        try:
            yield f"sqlite:///{folder / 'civic311.sqlite3'}"
        finally:
            shutil.rmtree(folder)
        return

    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    name = conninfo_to_dict(postgres_url)["dbname"]
    admin = make_conninfo(postgres_url, dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    # Left in place afterwards, for EXPLAIN; the next run drops it.
    yield postgres_url


def _database_name(database: str, url: str) -> str:
    """The name PostgreSQL shows in the title of the run's sessions."""
    if database != "postgresql":
        return ""
    from psycopg.conninfo import conninfo_to_dict

    return str(conninfo_to_dict(url)["dbname"])


def _environment(database_url: str, workdir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DEBUG_FILE", "CITY_PROFILE", "SITE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.benchsite.settings",
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1",
        ENVIRONMENT=ENVIRONMENT,
        CIVIC311_VAR_DIR=str(workdir / "var"),
        MEDIA_ROOT=str(workdir / "media"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    )
    return env


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, check=True)
    return time.perf_counter() - started


def _fill(env: dict[str, str], size: int, workdir: Path) -> dict[str, Any]:
    out = workdir / "fill.json"
    command = [sys.executable, "-m", "bench.fill", "--size", str(size)]
    subprocess.run([*command, "--out", str(out)], env=env, cwd=ROOT, check=True)
    info: dict[str, Any] = json.loads(out.read_text())
    return info


@contextmanager
def _serving(
    env: dict[str, str], server: str, log_path: Path
) -> Iterator[tuple[str, int]]:
    """The server's base URL and process group, while it runs."""
    port = _free_port()
    bind = f"127.0.0.1:{port}"
    if server == "serve":
        command = [sys.executable, "-m", "civic311", "serve", "--bind", bind]
        command += ["--workers", "2"]
    else:
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        command = [gunicorn, "civic311.wsgi", "--workers", "2", "--bind", bind]
    logger.info("starting %s", " ".join(command[1:]))
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            command,
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base = f"http://{bind}"
        _wait_until_up(base, process, log_path)
        yield base, process.pid
    finally:
        _stop(process)


def _code_fingerprint() -> str:
    """A digest of the project's Python files as the server loads them, so
    that a report can tell when the code changed between two runs."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "civic311").rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text()[-2000:]}")
        try:
            fetch(base + "/bench/bare.json", timeout=2)
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.25)
    raise RuntimeError("the server did not answer within 60 s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End the server and every worker it started (its process group)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _measure_all(
    base: str, load: Load, watch: Watch, scenarios: list[Scenario]
) -> list[Outcome]:
    """Each scenario measured ``load.rounds`` times, the reads in turn
    (round after round, so that a slow spell of the machine hits every URL
    alike) and the writes at the end; the median round is kept."""
    reads = [s for s in scenarios if s.method == "GET"]
    writes = [s for s in scenarios if s.method != "GET"]
    tries: dict[str, list[Outcome]] = {s.key: [] for s in scenarios}
    for _ in range(load.rounds):
        for scenario in reads:
            tries[scenario.key].append(_measure_one(base, scenario, load, watch))
    for scenario in writes:
        for _ in range(load.rounds):
            tries[scenario.key].append(_measure_one(base, scenario, load, watch))
    return [_median(tries[scenario.key]) for scenario in scenarios]


def _measure_one(base: str, scenario: Scenario, load: Load, watch: Watch) -> Outcome:
    outcome = _least_disturbed(base, scenario, load, watch)
    logger.info(
        "  %-17s %7.1f req/s  p50 %6.2f ms  p99 %6.2f ms  others %3.0f%%  %s",
        scenario.key,
        outcome.requests_per_second,
        outcome.p50_ms,
        outcome.p99_ms,
        outcome.other_load * 100,
        outcome.problem or "ok",
    )
    return outcome


def _median(tries: list[Outcome]) -> Outcome:
    """The round with the median throughput, carrying every round's figure;
    a failure in any round fails the scenario."""
    ordered = sorted(tries, key=lambda outcome: outcome.requests_per_second)
    kept = ordered[(len(ordered) - 1) // 2]
    kept.rounds = [round(o.requests_per_second, 1) for o in tries]
    failed = next((o for o in tries if o.failed), None)
    if failed is not None and not kept.failed:
        kept.problem = failed.problem or "a round failed"
        kept.bad_answers = failed.bad_answers
        kept.socket_errors = failed.socket_errors
    return kept


def _least_disturbed(
    base: str, scenario: Scenario, load: Load, watch: Watch
) -> Outcome:
    """Measure, and measure again while other processes took a noticeable
    share of the CPU; keep the cleanest of the tries."""
    tries = []
    for _ in range(ATTEMPTS):
        outcome = measure(base, scenario, load, watch)
        tries.append(outcome)
        if outcome.requests == 0 or outcome.other_load <= report.DISTURBED_ABOVE:
            break
        logger.info(
            "  %s disturbed (others took %.0f%% of the CPU); measuring again",
            scenario.key,
            outcome.other_load * 100,
        )
    return min(tries, key=lambda outcome: outcome.other_load)


def _compare_ninja(base: str) -> str:
    try:
        return same_documents(
            base,
            f"{OPEN311}/requests.json?page_size=100",
            "/bench/ninja/requests.json?page_size=100",
        )
    except (urllib.error.URLError, ValueError) as error:
        return f"could not compare ({error})"


def _scenarios(fill: dict[str, Any], workdir: Path) -> list[Scenario]:
    """The URLs in the order they are loaded; the POST last, so that the
    rows it adds cannot change what the reads find."""
    common = fill["service_codes"][0]
    ids_file = workdir / "ids.txt"
    rng = random.Random(fill["size"])
    picks = [rng.randint(fill["first_id"], fill["last_id"]) for _ in range(DETAIL_IDS)]
    ids_file.write_text("\n".join(publicid.encode(pk) for pk in picks) + "\n")
    listing = f"{OPEN311}/requests.json?page_size=100"
    post_form = {
        "api_key": fill["api_key"],
        "service_code": common,
        "lat": "38.8051",
        "long": "-77.0428",
        "description": "Probe before the load",
        "email": "probe@example.org",
    }
    return [
        Scenario("bare", "GET /bench/bare.json", "floor", "/bench/bare.json"),
        Scenario("list", "GET requests.json?page_size=100", "read", listing),
        Scenario(
            "filtered",
            f"GET … &service_code={common}&status=open",
            "read",
            f"{listing}&service_code={common}&status=open",
        ),
        Scenario("deep", "GET … &page=50", "read", f"{listing}&page=50"),
        Scenario(
            "detail",
            "GET requests/ID.json (1,000 ids)",
            "read",
            f"{OPEN311}/requests/{publicid.encode(picks[0])}.json",
            script="detail.lua",
            script_args=[f"{OPEN311}/requests/", str(ids_file)],
        ),
        Scenario(
            "ninja",
            "GET /bench/ninja/requests.json",
            "compare",
            "/bench/ninja/requests.json?page_size=100",
        ),
        Scenario(
            "post",
            "POST requests.json",
            "write",
            f"{OPEN311}/requests.json",
            method="POST",
            script="post.lua",
            script_args=[
                f"{OPEN311}/requests.json",
                fill["api_key"],
                ",".join(fill["service_codes"][:10]),
            ],
            form=post_form,
        ),
    ]


def _machine(server: str, args: argparse.Namespace) -> dict[str, str]:
    import sqlite3

    import django

    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": _postgres_version(args.postgres_url)
        if "postgresql" in args.databases
        else "-",
        "wrk": (wrk.stdout or wrk.stderr).split("\n")[0].split(" [")[0],
        "server": "civic311 serve" if server == "serve" else "gunicorn (sync)",
        "commit": _commit(),
    }


def _commit() -> str:
    """The checked-out commit, marked when civic311/ has changes on top."""
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    ).stdout.strip()
    changed = subprocess.run(
        ["git", "status", "--porcelain", "--", "civic311"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    ).stdout.strip()
    return f"{head or 'unknown'}{' with uncommitted changes' if changed else ''}"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _postgres_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as connection:
        row = connection.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "unknown"


if __name__ == "__main__":
    sys.exit(main())
