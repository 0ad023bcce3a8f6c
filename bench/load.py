"""Drive wrk against one URL and read its figures back."""

import json
import re
import subprocess
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field, replace
from pathlib import Path

from bench import machine

LUA_DIR = Path(__file__).resolve().parent / "lua"

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
LATENCY_LINE = re.compile(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m|h)\s*$", re.M)
SOCKET_ERRORS = re.compile(
    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"
)


@dataclass
class Scenario:
    """One URL to load. ``kind`` is floor (the bare view), read, write or
    compare (the ninja endpoint, outside the targets)."""

    key: str
    label: str
    kind: str
    path: str
    method: str = "GET"
    script: str | None = None
    script_args: list[str] = field(default_factory=list)
    form: dict[str, str] = field(default_factory=dict)
    # False: measured on a server started with OPEN311_CACHE_SECONDS=0.
    cached: bool = True

    def uncached(self) -> "Scenario":
        return replace(
            self,
            key=f"{self.key}-uncached",
            label=f"{self.label} (cache off)",
            cached=False,
        )


@dataclass
class Outcome:
    scenario: str
    label: str
    kind: str
    cached: bool = True
    requests_per_second: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    body_bytes: int = 0
    bad_answers: int = 0
    socket_errors: int = 0
    problem: str = ""
    # Machine busy share just before the warm-up, and share of its CPU that
    # other processes took during the measurement.
    busy_before: float = 0.0
    other_load: float = 0.0
    # Requests per second of every round, when measured more than once.
    rounds: list[float] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.problem or self.bad_answers or self.socket_errors)


@dataclass
class Load:
    connections: int
    threads: int
    duration: float
    warmup: float
    # Wait before each URL until the machine is at most this busy...
    quiet: float = 0.15
    # ...for at most this many seconds.
    patience: float = 60
    rounds: int = 1


@dataclass
class Watch:
    """What counts as the benchmark's own processes."""

    server_group: int
    database: str


def fetch(
    url: str, data: bytes | None = None, timeout: float = 30
) -> tuple[int, bytes]:
    """The status and body of one plain HTTP request to the local server."""
    if not url.startswith("http://"):
        raise ValueError(f"not a local http URL: {url}")
    request = urllib.request.Request(url, data=data)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def probe(base: str, scenario: Scenario) -> tuple[int, bytes]:
    """One request before the load, to see that the URL answers at all."""
    data = None
    if scenario.method == "POST":
        data = urllib.parse.urlencode(scenario.form).encode()
    return fetch(base + scenario.path, data)


def measure(base: str, scenario: Scenario, load: Load, watch: Watch) -> Outcome:
    outcome = Outcome(scenario.key, scenario.label, scenario.kind, scenario.cached)
    status, body = probe(base, scenario)
    if not 200 <= status < 300:
        outcome.problem = f"HTTP {status}: {body[:200].decode(errors='replace')}"
        return outcome
    outcome.body_bytes = len(body)

    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_script(scenario))
    try:
        outcome.busy_before = machine.wait_until_quiet(load.quiet, load.patience)
        if load.warmup > 0:
            _wrk(base, scenario, load, script.name, load.warmup)
        before = machine.snapshot(watch.server_group, watch.database)
        output = _wrk(base, scenario, load, script.name, load.duration)
        after = machine.snapshot(watch.server_group, watch.database)
    finally:
        Path(script.name).unlink()
    outcome.other_load = machine.other_share(before, after)
    return _read(output, outcome)


def _script(scenario: Scenario) -> str:
    text = (LUA_DIR / "common.lua").read_text()
    if scenario.script:
        text += "\n" + (LUA_DIR / scenario.script).read_text()
    return text


def _wrk(base: str, scenario: Scenario, load: Load, script: str, seconds: float) -> str:
    command = [
        "wrk",
        f"--threads={load.threads}",
        f"--connections={load.connections}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=10s",
        "--latency",
        f"--script={script}",
        base + scenario.path,
    ]
    if scenario.script_args:
        command += ["--", *scenario.script_args]
    finished = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    if finished.returncode != 0:
        raise RuntimeError(f"wrk failed: {finished.stderr.strip()}")
    return finished.stdout


def _read(output: str, outcome: Outcome) -> Outcome:
    """Fill ``outcome`` from wrk's report (with --latency and common.lua)."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    latencies = {
        percent: float(number) * UNITS_MS[unit]
        for percent, number, unit in LATENCY_LINE.findall(output)
    }
    if not rate or not total or "50" not in latencies:
        outcome.problem = "could not read wrk's output: " + output[-300:]
        return outcome

    outcome.requests_per_second = float(rate.group(1))
    outcome.requests = int(total.group(1))
    outcome.p50_ms = latencies["50"]
    outcome.p99_ms = latencies["99"]
    errors = SOCKET_ERRORS.search(output)
    if errors:
        outcome.socket_errors = sum(int(count) for count in errors.groups())
    bad = re.search(r"BENCH bad_answers=(\d+) first_bad_status=(\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    outcome.bad_answers = max(
        int(bad.group(1)) if bad else 0, int(non_2xx.group(1)) if non_2xx else 0
    )
    if bad and outcome.bad_answers:
        outcome.problem = f"{outcome.bad_answers} answers outside 2xx " + (
            f"(first: HTTP {bad.group(2)})"
        )
    return outcome


def same_documents(base: str, first: str, second: str) -> str:
    """'' when the two URLs answer the same JSON, else what differs."""
    documents = []
    for path in (first, second):
        status, body = fetch(base + path)
        if status != 200:
            return f"{path} answered HTTP {status}"
        documents.append(json.loads(body))
    left, right = documents
    if left == right:
        return ""
    if len(left) != len(right):
        return f"{len(left)} items against {len(right)}"
    for index, (one, other) in enumerate(zip(left, right, strict=True)):
        if one != other:
            keys = sorted(
                key
                for key in set(one) | set(other)
                if one.get(key, "<absent>") != other.get(key, "<absent>")
            )
            return f"item {index} differs in {', '.join(keys)}"
    return "different documents"
