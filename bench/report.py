"""The Markdown report of a benchmark run, with the targets checked."""

from collections.abc import Iterable
from typing import Any

from bench.load import Load, Outcome

READ_SHARE_OF_BARE = 0.5
POSTS_PER_SECOND = 150
# Two runs of the same URL differ by a few percent; a read counts as slower
# at the large size only past this ratio.
SLOWER_BELOW = 0.9
# Other processes taking more than this share of the machine's CPU during a
# measurement make its figure doubtful.
DISTURBED_ABOVE = 0.05
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def render(
    runs: list[Any], load: Load, machine: dict[str, str], command: str, minutes: float
) -> str:
    lines = [
        "# civic311 Open311 load benchmark",
        "",
        f"Run {machine['date']} on {machine['cpu']}, {machine['cores']} cores; "
        f"Python {machine['python']}, Django {machine['django']}, "
        f"SQLite {machine['sqlite']}, PostgreSQL {machine['postgresql']}, "
        f"{machine['wrk']}. Server: {machine['server']}, 2 workers, DEBUG off. "
        f"Code: {machine['commit']}.",
        f"wrk: {load.threads} threads, {load.connections} connections, "
        f"{load.duration:g} s per URL after {load.warmup:g} s of warm-up, "
        f"once the machine was under {load.quiet:.0%} busy (waiting up to "
        f"{load.patience:g} s); each URL measured up to 3 times while other "
        f"processes took over {DISTURBED_ABOVE:.0%} of the CPU, the cleanest kept. "
        + _rounds_sentence(load),
        "",
        f"Command: `{command}` ({minutes:.1f} minutes in all)",
        "",
        *_ninja_check(runs),
        *_fill_table(runs),
        "",
        *_load_table(runs),
        "",
        *_scaling_table(runs),
        "",
        *_targets(runs),
        *_problems(runs),
    ]
    return "\n".join(lines) + "\n"


def _rounds_sentence(load: Load) -> str:
    if load.rounds < 2:
        return "One round: each figure is a single measurement."
    return (
        f"{load.rounds} rounds: the reads measured in turn, round after round, "
        "then the POST; each figure (req/s and latency) is the median round's."
    )


def _ninja_check(runs: list[Any]) -> list[str]:
    if any("ninja" in note for run in runs for note in run.notes):
        return []
    return [
        "Before each load, the ninja page was checked to be the same JSON "
        "document as the Open311 page: it was, in every run.",
        "",
    ]


def _fill_table(runs: list[Any]) -> list[str]:
    lines = [
        "## Fill",
        "",
        "| database | requests | history rows | contacts | migrate (s) | fill (s) |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for run in runs:
        fill = run.fill
        lines.append(
            f"| {NAMES[run.database]} | {run.size:,} | {fill['events']:,} | "
            f"{fill['contacts']:,} | {run.migrate_seconds:.1f} | "
            f"{fill['fill_seconds']:.1f} |"
        )
    return lines


def _load_table(runs: list[Any]) -> list[str]:
    lines = [
        "## Throughput and latency",
        "",
        "| database | requests | endpoint | answer (KB) | req/s | rounds (req/s) "
        "| p50 (ms) | p99 (ms) | non-2xx / errors | of bare | other CPU |",
        "|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for run in runs:
        bare = _bare(run)
        for outcome in run.outcomes:
            lines.append(_load_row(run, outcome, bare))
    return lines


def _load_row(run: Any, outcome: Outcome, bare: float) -> str:
    head = f"| {NAMES[run.database]} | {run.size:,} | {outcome.label} |"
    if outcome.problem and not outcome.requests:
        return f"{head} - | - | - | - | - | failed: {_cell(outcome.problem)} | - | - |"
    head += f" {outcome.body_bytes / 1024:.1f} |"
    errors = outcome.bad_answers + outcome.socket_errors
    share = f"{outcome.requests_per_second / bare:.0%}" if bare else "-"
    if outcome.kind in {"floor", "write"}:
        share = "-"
    spread = " / ".join(f"{rate:,.0f}" for rate in outcome.rounds)
    return (
        f"{head} {outcome.requests_per_second:,.0f} | {spread or '-'} | "
        f"{outcome.p50_ms:.1f} | "
        f"{outcome.p99_ms:.1f} | {errors if errors else 0}"
        f"{' **FAILED**' if outcome.failed else ''} | {share} | "
        f"{outcome.other_load:.0%}{' (disturbed)' if _disturbed(outcome) else ''} |"
    )


def _scaling_table(runs: list[Any]) -> list[str]:
    pairs = list(_size_pairs(runs))
    if not pairs:
        return []
    lines = [
        "## Large table against small",
        "",
        "| database | endpoint | req/s small | req/s large | large / small |",
        "|---|---|--:|--:|--:|",
    ]
    for small, large in pairs:
        for before in small.outcomes:
            after = _outcome(large, before.scenario)
            if after is None or not before.requests_per_second:
                continue
            ratio = after.requests_per_second / before.requests_per_second
            lines.append(
                f"| {NAMES[small.database]} ({small.size:,} → {large.size:,}) | "
                f"{before.label} | {before.requests_per_second:,.0f} | "
                f"{after.requests_per_second:,.0f} | {ratio:.2f} |"
            )
    return lines


def _targets(runs: list[Any]) -> list[str]:
    lines = ["## Targets", ""]
    for cached, how in ((True, "as deployed"), (False, "with the answer cache off")):
        if not any(_reads(run, cached) for run in runs):
            continue
        share_checked, share_misses = _share_check(runs, cached)
        lines.append(
            _verdict(
                f"Every Open311 read, {how}, at least {READ_SHARE_OF_BARE:.0%} "
                "of the bare view's throughput",
                share_checked,
                share_misses,
            )
        )
        scale_checked, scale_misses = _scale_check(runs, cached)
        lines.append(
            _verdict(
                f"No read, {how}, slower on the large table than on the small "
                f"one (slower: under {SLOWER_BELOW:.2f}x the small table's req/s)",
                scale_checked,
                scale_misses,
            )
        )
    post_checked, post_misses = _post_check(runs)
    lines.append(
        _verdict(
            f"POST at least {POSTS_PER_SECOND} per second", post_checked, post_misses
        )
    )
    return lines


def _share_check(runs: list[Any], cached: bool) -> tuple[int, list[str]]:
    checked, misses = 0, []
    for run in runs:
        bare = _bare(run)
        for outcome in _reads(run, cached):
            checked += 1
            share = outcome.requests_per_second / bare if bare else 0
            if outcome.failed or share < READ_SHARE_OF_BARE:
                misses.append(f"{_where(run, outcome)}: {share:.1%} of bare")
    return checked, misses


def _scale_check(runs: list[Any], cached: bool) -> tuple[int, list[str]]:
    checked, misses = 0, []
    for small, large in _size_pairs(runs):
        for before in _reads(small, cached):
            after = _outcome(large, before.scenario)
            if after is None or not before.requests_per_second:
                continue
            checked += 1
            ratio = after.requests_per_second / before.requests_per_second
            if ratio < SLOWER_BELOW:
                misses.append(
                    f"{NAMES[small.database]} {before.label}: {ratio:.2f}x "
                    f"at {large.size:,} against {small.size:,}"
                )
    return checked, misses


def _post_check(runs: list[Any]) -> tuple[int, list[str]]:
    checked, misses = 0, []
    for run in runs:
        for outcome in run.outcomes:
            if outcome.kind != "write":
                continue
            checked += 1
            rate = outcome.requests_per_second
            if outcome.failed or rate < POSTS_PER_SECOND:
                misses.append(f"{_where(run, outcome)}: {rate:,.0f}/s")
    return checked, misses


def _verdict(target: str, checked: int, misses: list[str]) -> str:
    if not checked:
        return f"- {target}: not measured."
    if not misses:
        return f"- {target}: **met** ({checked} of {checked})."
    return f"- {target}: **missed** in {len(misses)} of {checked}: " + "; ".join(misses)


def _problems(runs: list[Any]) -> list[str]:
    lines = []
    codes = dict.fromkeys(run.code for run in runs)
    if len(codes) > 1:
        lines.append(
            "- The project's code changed during the run (digests "
            + ", ".join(f"{NAMES[r.database]} {r.size:,}: {r.code}" for r in runs)
            + "): figures of different runs may not compare."
        )
    for run in runs:
        for note in run.notes:
            lines.append(f"- {NAMES[run.database]}, {run.size:,}: {note}")
        for outcome in run.outcomes:
            if outcome.failed:
                lines.append(
                    f"- {_where(run, outcome)}: {outcome.problem or 'failed'}"
                    f" ({outcome.socket_errors} socket errors)"
                )
            if _disturbed(outcome):
                lines.append(
                    f"- {_where(run, outcome)}: other processes took "
                    f"{outcome.other_load:.0%} of the CPU during the measurement"
                )
    return ["", "## Problems seen", "", *lines] if lines else []


def _disturbed(outcome: Outcome) -> bool:
    return outcome.other_load > DISTURBED_ABOVE


def _size_pairs(runs: list[Any]) -> Iterable[tuple[Any, Any]]:
    """(smallest, largest) run of each database that ran at two sizes."""
    for database in dict.fromkeys(run.database for run in runs):
        mine = sorted((r for r in runs if r.database == database), key=lambda r: r.size)
        if len(mine) > 1:
            yield mine[0], mine[-1]


def _bare(run: Any) -> float:
    found = _outcome(run, "bare")
    return found.requests_per_second if found else 0.0


def _outcome(run: Any, scenario: str) -> Outcome | None:
    return next((o for o in run.outcomes if o.scenario == scenario), None)


def _reads(run: Any, cached: bool) -> list[Outcome]:
    return [o for o in run.outcomes if o.kind == "read" and o.cached == cached]


def _where(run: Any, outcome: Outcome) -> str:
    return f"{NAMES[run.database]} {run.size:,} {outcome.label}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")[:120]
