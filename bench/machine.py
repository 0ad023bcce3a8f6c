"""How busy the machine is, and how much of it is someone else's work.

A benchmark on a shared machine is only worth its figures if nothing else
ran meanwhile. Before each URL the run waits for the machine to go quiet;
during it, the CPU time of every process that is not the server, wrk or the
benchmark's own database sessions is counted, so a disturbed figure is
marked instead of silently reported. Linux only (/proc); elsewhere nothing
is measured.
"""

import os
import resource
import time
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass
class Snapshot:
    busy: int
    total: int
    ours: dict[int, int] = field(default_factory=dict)
    children: float = 0.0


def measurable() -> bool:
    return (PROC / "stat").exists()


def machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of all cores since boot."""
    numbers = [
        int(n) for n in (PROC / "stat").read_text().split("\n", 1)[0].split()[1:9]
    ]
    idle = numbers[3] + numbers[4]  # idle and iowait
    total = sum(numbers)
    return total - idle, total


def busy_share(seconds: float = 1.0) -> float:
    busy, total = machine_ticks()
    time.sleep(seconds)
    busy_after, total_after = machine_ticks()
    return (busy_after - busy) / max(1, total_after - total)


def wait_until_quiet(limit: float, patience: float) -> float:
    """Wait until the machine is at most ``limit`` busy over one second, for
    ``patience`` seconds at most; return the last share seen."""
    if not measurable():
        return 0.0
    deadline = time.monotonic() + patience
    share = busy_share()
    while share > limit and time.monotonic() < deadline:
        time.sleep(1)
        share = busy_share()
    return share


def snapshot(server_group: int, database: str) -> Snapshot:
    if not measurable():
        return Snapshot(0, 0)
    busy, total = machine_ticks()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Snapshot(
        busy,
        total,
        _our_processes(server_group, database),
        usage.ru_utime + usage.ru_stime,
    )


def other_share(before: Snapshot, after: Snapshot) -> float:
    """Share of the machine's CPU capacity used by other processes between
    the two snapshots. wrk's time comes from the children's usage, as wrk
    has ended by the second snapshot."""
    total = after.total - before.total
    if total <= 0:
        return 0.0
    ours = sum(ticks - before.ours.get(pid, 0) for pid, ticks in after.ours.items())
    ours += round((after.children - before.children) * TICKS_PER_SECOND)
    others = (after.busy - before.busy) - ours
    return max(0.0, others / total)


def _our_processes(server_group: int, database: str) -> dict[int, int]:
    """CPU ticks of the server's processes and of the PostgreSQL sessions
    connected to the benchmark's database."""
    found = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat.rsplit(")", 1)[1].split()
            ours = int(fields[2]) == server_group
            if not ours and database and "postgres" in stat.split(")", 1)[0]:
                ours = database in (entry / "cmdline").read_bytes().decode(
                    errors="ignore"
                )
        except (OSError, IndexError, ValueError):
            continue  # the process ended meanwhile
        if ours:
            found[int(entry.name)] = int(fields[11]) + int(fields[12])
    return found
