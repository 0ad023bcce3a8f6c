"""Measure the emergency detector, ``civic311.triage.assess``.

(a) On the labelled set ``evaluation/emergencies.csv`` (sentences written
    by hand, ordinary rows chosen as near misses): recall on emergencies,
    overall, per kind and per language; the false-flag rate on ordinary
    rows; the misses and false flags. The set has three parts, told apart
    by the start of the ``note`` column: the original rows, rows marked
    ``added:`` (written after the first version of the patterns, then used
    to widen them) and rows marked ``held out:`` (written after that and
    never used to change a pattern). Only the last part says how the
    patterns fare on phrasing they were not fitted to.
(b) On real NYC 311 descriptions (PublicStuff, 2010-2013) from the shared
    data folder next to the repository, all filed as ordinary requests:
    how many are flagged, per kind and per request type. Each flag is
    listed by request id, type and kinds so that a person can look it up
    and judge it; residents' text is shown only with ``--show-text``, cut
    to its first 60 characters.

Run from the repository root:

    .venv/bin/python evaluation/triage_eval.py [--misses] [--show-text]
        [--data FILE]

Without the NYC data, part (a) still runs and the script exits with
status 2.
"""

import argparse
import csv
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from civic311.triage import KINDS, Assessment, assess

LABELLED = Path(__file__).resolve().parent / "emergencies.csv"
NYC = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "nyc-publicstuff-2010-2013"
    / "publicstuff_nyc_2010-2013.csv"
)
# What the PublicStuff export puts in place of an empty description.
NYC_PLACEHOLDER = "This request was submitted to NYC 311 without a description."
SNIPPET = 60
PARTS = ("original", "added", "held out")


@dataclass(frozen=True)
class Labelled:
    text: str
    emergency: bool
    kind: str
    language: str
    note: str

    @property
    def part(self) -> str:
        for part in PARTS[1:]:
            if self.note.startswith(part + ":"):
                return part
        return PARTS[0]


@dataclass(frozen=True)
class Checked:
    row: Labelled
    found: Assessment

    @property
    def miss(self) -> bool:
        return self.row.emergency and not self.found.emergency

    @property
    def false_flag(self) -> bool:
        return self.found.emergency and not self.row.emergency


def read_labelled(path: Path) -> list[Labelled]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            Labelled(
                text=line["text"],
                emergency=line["label"] == "emergency",
                kind=line["kind"],
                language=line["language"],
                note=line["note"],
            )
            for line in csv.DictReader(handle)
        ]


def rate(part: int, whole: int) -> str:
    if not whole:
        return "-"
    return f"{part / whole:.1%}"


def table(header: tuple[str, ...], rows: Iterable[tuple[object, ...]]) -> None:
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    print()


def scores(label: str, checked: list[Checked]) -> tuple[object, ...]:
    """One summary row: emergencies, flagged, recall, ordinary rows,
    false flags, false-flag rate."""
    urgent = sum(item.row.emergency for item in checked)
    caught = urgent - sum(item.miss for item in checked)
    ordinary = len(checked) - urgent
    false = sum(item.false_flag for item in checked)
    return (
        label,
        urgent,
        caught,
        rate(caught, urgent),
        ordinary,
        false,
        rate(false, ordinary),
    )


def recall_rows(
    urgent: list[Checked], key: str, values: Iterable[str]
) -> list[tuple[object, ...]]:
    """One row per value of ``key``: emergencies, flagged, recall, and how
    many were flagged with the expected kind among the kinds found."""
    rows: list[tuple[object, ...]] = []
    for value in values:
        group = [item for item in urgent if getattr(item.row, key) == value]
        flagged = sum(item.found.emergency for item in group)
        right = sum(item.row.kind in item.found.kinds for item in group)
        rows.append((value, len(group), flagged, rate(flagged, len(group)), right))
    return rows


def report_labelled(rows: list[Labelled], detail: bool) -> None:
    checked = [Checked(row, assess(row.text)) for row in rows]
    urgent = [item for item in checked if item.row.emergency]
    languages = sorted({row.language for row in rows})

    print(f"## (a) Labelled set: {LABELLED.name}, {len(rows)} rows\n")
    table(
        ("part", "emergencies", "flagged", "recall", "ordinary", "false flags", "rate"),
        [
            *(
                scores(part, [c for c in checked if c.row.part == part])
                for part in PARTS
            ),
            *(
                scores(code, [c for c in checked if c.row.language == code])
                for code in languages
            ),
            scores("all", checked),
        ],
    )
    header = ("kind", "emergencies", "flagged", "recall", "with this kind")
    table(header, recall_rows(urgent, "kind", KINDS))
    held_out = [item for item in urgent if item.row.part == "held out"]
    print("Held-out part only:\n")
    table(header, recall_rows(held_out, "kind", KINDS))

    list_mistakes("Misses", [item for item in checked if item.miss], detail)
    list_mistakes("False flags", [item for item in checked if item.false_flag], detail)


def list_mistakes(title: str, mistakes: list[Checked], detail: bool) -> None:
    print(f"{title}: {len(mistakes)}")
    for item in mistakes:
        line = f"- {item.row.text}"
        if detail:
            found = ", ".join(item.found.kinds) or "-"
            line = (
                f"- [{item.row.part}, {item.row.kind or '-'}, {item.row.language}]"
                f" {item.row.text} | found: {found} | note: {item.row.note or '-'}"
            )
        print(line)
    print()


def report_nyc(path: Path, show_text: bool) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    written = [row for row in records if row["Description"].strip()]
    real = [row for row in written if row["Description"].strip() != NYC_PLACEHOLDER]
    found = [assess(row["Description"]) for row in written]
    flagged = [
        (row, seen) for row, seen in zip(written, found, strict=True) if seen.emergency
    ]

    print("## (b) NYC PublicStuff 2010-2013 (all filed as ordinary 311)\n")
    print(f"Rows: {len(records)}; non-empty descriptions: {len(written)}")
    print(f"  NYC's no-description placeholder: {len(written) - len(real)}")
    print(f"  real free text: {len(real)}")
    share = rate(len(flagged), len(written)), rate(len(flagged), len(real))
    print(f"Flagged: {len(flagged)}, {share[0]} of non-empty, {share[1]} of real text")
    median, slow = microseconds([row["Description"] for row in real])
    print(
        f"Time per assess() on real text: median {median:.0f} us, p90 {slow:.0f} us\n"
    )

    kinds = Counter(kind for _, seen in flagged for kind in seen.kinds)
    table(("kind", "flagged"), kinds.most_common())
    titles = Counter(row["Title"] for row, _ in flagged)
    table(("request type (Title)", "flagged"), titles.most_common())
    list_flags(flagged, show_text)


def microseconds(texts: list[str], rounds: int = 20) -> tuple[float, float]:
    """Median and 90th percentile of the time ``assess`` takes per text."""
    times = []
    for text in texts:
        started = time.perf_counter()
        for _ in range(rounds):
            assess(text)
        times.append(1e6 * (time.perf_counter() - started) / rounds)
    if not times:
        return 0.0, 0.0
    times.sort()
    return statistics.median(times), times[int(0.9 * (len(times) - 1))]


def list_flags(
    flagged: list[tuple[dict[str, str], Assessment]], show_text: bool
) -> None:
    print("Flags to judge (request id | type | kinds):")
    for row, seen in flagged:
        line = f"- {row['ID']} | {row['Title']} | {', '.join(seen.kinds)}"
        if show_text:
            line += " | " + " ".join(row["Description"].split())[:SNIPPET]
        print(line)
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--misses", action="store_true", help="detail misses and false flags"
    )
    parser.add_argument(
        "--show-text",
        action="store_true",
        help=f"show the first {SNIPPET} characters of each flagged NYC text",
    )
    parser.add_argument("--data", type=Path, default=NYC, help="the NYC CSV file")
    options = parser.parse_args()

    report_labelled(read_labelled(LABELLED), options.misses)
    if not options.data.is_file():
        print(
            "NYC data not found, part (b) skipped (see shared/data/SOURCES.md):",
            options.data,
            file=sys.stderr,
        )
        return 2
    report_nyc(options.data, options.show_text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
