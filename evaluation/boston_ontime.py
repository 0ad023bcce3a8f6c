"""Check the SLA clock against Boston's own targets and on-time flags.

Reads the Boston 311 animal and pest cases of 2013-2017 (Analyze Boston
schema) from the shared data folder next to the repository, and prints
Markdown tables:

(a) for closed cases with a target, how often ``verdict(target, closed)``
    agrees with Boston's ONTIME/OVERDUE flag;
(b) per case type, the timeframe Boston appears to have used, each target
    computed again with the clock, and how often it equals Boston's.

Run from the repository root:

    .venv/bin/python evaluation/boston_ontime.py [--data DIR]

The published timestamps look shifted: they read as if local times had
been taken for UTC and converted to Eastern time once more. Both readings
are measured; see ``evaluation/boston-ontime.md``.
"""

import argparse
import csv
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from civic311.calendars.clock import (
    Calendar,
    add_business_time,
    business_time_between,
    deadline,
    make_calendar,
    verdict,
)

DATA = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "boston-311-animal-2013-2017"
)
BOSTON = ZoneInfo("America/New_York")

# Working hours read off the data: targets of requests filed outside them
# are set at 08:30, those filed from 08:30 to 16:59 keep their time of day.
OPENS, CLOSES = time(8, 30), time(17)
WORKING_DAY = timedelta(hours=8, minutes=30)
CALENDAR = make_calendar(
    "America/New_York",
    [(day, OPENS, CLOSES) for day in range(5)],
    holiday_country="US",
    holiday_subdivision="MA",
)
# Boston stamps the target a few seconds after the case opens.
CLOSE_ENOUGH = timedelta(minutes=1)

Reading = Callable[[str], datetime]


@dataclass(frozen=True)
class Case:
    type: str
    opened: datetime
    target: datetime | None
    closed: datetime | None
    flag: str


def published(text: str) -> datetime:
    """The timestamp as printed, taken as Boston local time."""
    day, clock = text.split(" ")
    year, month, date_of_month = (int(part) for part in day.split("-"))
    hour, minute, second = (int(part) for part in clock.split(":"))
    return datetime(year, month, date_of_month, hour, minute, second, tzinfo=BOSTON)


def corrected(text: str) -> datetime:
    """Undo the suspected shift: the printed time is the true local time
    converted from UTC to Eastern, so convert it back and read the result
    as local time."""
    return published(text).astimezone(UTC).replace(tzinfo=BOSTON)


READINGS: dict[str, Reading] = {"as published": published, "corrected": corrected}


def load(folder: Path, reading: Reading) -> list[Case]:
    cases = []
    for row in _rows(folder):
        cases.append(
            Case(
                type=row["type"],
                opened=reading(row["open_dt"]),
                target=reading(row["sla_target_dt"]) if row["sla_target_dt"] else None,
                closed=reading(row["closed_dt"]) if row["closed_dt"] else None,
                flag=row["on_time"],
            )
        )
    return cases


def _rows(folder: Path) -> Iterator[dict[str, str]]:
    for path in sorted(folder.glob("boston311_animal_*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            yield from csv.DictReader(handle)


def evidence(cases: list[Case]) -> tuple[float, float]:
    """Share of cases opened 08:00-17:59 local, and share of dead-animal
    targets set at exactly 08:30."""
    daytime = sum(8 <= case.opened.hour < 18 for case in cases) / len(cases)
    targets = [
        case.target
        for case in cases
        if case.target and case.type == "Pick up Dead Animal"
    ]
    half_past_eight = sum(t.time() == OPENS for t in targets) / len(targets)
    return daytime, half_past_eight


def flag_agreement(cases: Iterable[Case]) -> Counter[str]:
    """Part (a): the clock's verdict on Boston's own target, against the
    flag. Keys are 'agree', or how they disagree."""
    outcome: Counter[str] = Counter()
    for case in cases:
        if case.target is None or case.closed is None:
            continue
        mine = "ONTIME" if verdict(case.target, case.closed) == "on_time" else "OVERDUE"
        outcome["agree" if mine == case.flag else f"mine {mine}, flag {case.flag}"] += 1
    return outcome


@dataclass(frozen=True)
class Rule:
    """A way to compute a target: a name and a function of the opening."""

    name: str
    target: Callable[[datetime], datetime]


def infer_rules(cases: list[Case]) -> list[Rule]:
    """The timeframe Boston used for a type: the most common whole number
    of business days, or of calendar days, from opening to target; the
    unit whose most common count covers more cases wins."""
    days = Counter(_calendar_days(case) for case in _targeted(cases))
    work = Counter(_working_days(case) for case in _targeted(cases))
    (n_days, in_days), (n_work, in_work) = (
        days.most_common(1)[0],
        work.most_common(1)[0],
    )
    if in_days >= in_work:
        return [
            Rule(
                f"{n_days} calendar days",
                lambda t: deadline(t, n_days, "calendar_days", CALENDAR),
            )
        ]
    return [
        Rule(
            f"{n_work} business days (close of day)",
            lambda t: deadline(t, n_work, "business_days", CALENDAR),
        ),
        Rule(
            f"{n_work} x 8.5 working hours",
            lambda t: add_business_time(t, n_work * WORKING_DAY, CALENDAR),
        ),
    ]


def _targeted(cases: Iterable[Case]) -> Iterator[Case]:
    return (case for case in cases if case.target is not None)


def _calendar_days(case: Case) -> int:
    assert case.target is not None
    return (case.target.date() - case.opened.date()).days


def _working_days(case: Case) -> int:
    """Working days after the opening date, up to the target's date."""
    assert case.target is not None
    day, last = case.opened.date(), case.target.date()
    count = 0
    while day < last:
        day += timedelta(days=1)
        count += CALENDAR.is_working_day(day)
    return count


@dataclass
class Score:
    cases: int = 0
    to_the_second: int = 0
    within_a_minute: int = 0
    same_date: int = 0
    no_work_between: int = 0
    closed: int = 0
    flag_agrees: int = 0

    def add(self, case: Case, mine: datetime, calendar: Calendar) -> None:
        assert case.target is not None
        theirs = case.target
        gap = abs(mine.astimezone(UTC) - theirs.astimezone(UTC))
        self.cases += 1
        self.to_the_second += gap == timedelta(0)
        self.within_a_minute += gap <= CLOSE_ENOUGH
        self.same_date += mine.astimezone(BOSTON).date() == theirs.date()
        early, late = sorted([mine, theirs])
        self.no_work_between += (
            business_time_between(early, late, calendar) <= CLOSE_ENOUGH
        )
        if case.closed is not None:
            self.closed += 1
            ontime = verdict(mine, case.closed) == "on_time"
            self.flag_agrees += ontime == (case.flag == "ONTIME")


def recompute(cases: list[Case]) -> list[tuple[str, str, Score]]:
    """Part (b), per type and rule."""
    by_type: dict[str, list[Case]] = defaultdict(list)
    for case in _targeted(cases):
        by_type[case.type].append(case)
    rows = []
    for kind, group in sorted(by_type.items(), key=lambda item: -len(item[1])):
        for rule in infer_rules(group):
            score = Score()
            for case in group:
                score.add(case, rule.target(case.opened), CALENDAR)
            rows.append((kind, rule.name, score))
    return rows


def by_year(cases: list[Case], kind: str, calendar: Calendar) -> dict[int, Score]:
    """Boston's rule for dead animals (one working day of business time)
    on ``calendar``, per year."""
    scores: dict[int, Score] = defaultdict(Score)
    for case in _targeted(cases):
        if case.type == kind:
            mine = add_business_time(case.opened, WORKING_DAY, calendar)
            scores[case.opened.year].add(case, mine, calendar)
    return dict(sorted(scores.items()))


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def print_evidence(all_readings: dict[str, list[Case]]) -> None:
    print("## Which reading of the timestamps\n")
    print("| reading | opened 08:00-17:59 | dead-animal targets at 08:30 |")
    print("|---|---:|---:|")
    for name, cases in all_readings.items():
        daytime, half_past = evidence(cases)
        print(f"| {name} | {daytime:.1%} | {half_past:.1%} |")
    print()


def print_agreement(all_readings: dict[str, list[Case]]) -> None:
    print("## (a) verdict(Boston's target, closed) against Boston's flag\n")
    print("| reading | closed with target | agree | disagreements |")
    print("|---|---:|---:|---|")
    for name, cases in all_readings.items():
        outcome = flag_agreement(cases)
        total = sum(outcome.values())
        others = ", ".join(f"{k}: {v}" for k, v in outcome.items() if k != "agree")
        print(
            f"| {name} | {total} | {outcome['agree']} "
            f"({percent(outcome['agree'], total)}) | {others or 'none'} |"
        )
    cases = next(iter(all_readings.values()))
    print("\n| case | has target | Boston's flag | cases |")
    print("|---|---|---|---:|")
    flags = Counter(
        (case.closed is not None, case.target is not None, case.flag) for case in cases
    )
    for (closed, target, flag), count in sorted(flags.items()):
        state = "closed" if closed else "open"
        print(f"| {state} | {'yes' if target else 'no'} | {flag} | {count} |")
    print()


def print_recomputed(name: str, cases: list[Case]) -> None:
    print(f"## (b) targets computed again, {name} timestamps\n")
    print(
        "| type | inferred rule | cases | to the second | within 1 min "
        "| same date | no working time between | verdict = flag (closed) |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for kind, rule, s in recompute(cases):
        print(
            f"| {kind} | {rule} | {s.cases} | {percent(s.to_the_second, s.cases)} "
            f"| {percent(s.within_a_minute, s.cases)} "
            f"| {percent(s.same_date, s.cases)} "
            f"| {percent(s.no_work_between, s.cases)} "
            f"| {percent(s.flag_agrees, s.closed)} of {s.closed} |"
        )
    print()


def print_years(cases: list[Case]) -> None:
    kind = "Pick up Dead Animal"
    plain = Calendar(time_zone=CALENDAR.time_zone, week=CALENDAR.week)
    with_holidays = by_year(cases, kind, CALENDAR)
    without = by_year(cases, kind, plain)
    print(f"## {kind}, 8.5 working hours, by year (corrected timestamps)\n")
    print(
        "| year | cases | within 1 min | no working time between "
        "| the same, Massachusetts holidays ignored |"
    )
    print("|---|---:|---:|---:|---:|")
    for year, score in with_holidays.items():
        other = without[year]
        print(
            f"| {year} | {score.cases} "
            f"| {percent(score.within_a_minute, score.cases)} "
            f"| {percent(score.no_work_between, score.cases)} "
            f"| {percent(other.no_work_between, other.cases)} |"
        )
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder of the CSVs")
    folder = parser.parse_args().data
    if not any(folder.glob("boston311_animal_*.csv")):
        print(
            f"No boston311_animal_*.csv in {folder}. Give the folder with --data.",
            file=sys.stderr,
        )
        return 2

    all_readings = {name: load(folder, read) for name, read in READINGS.items()}
    print_evidence(all_readings)
    print_agreement(all_readings)
    for name, cases in all_readings.items():
        print_recomputed(name, cases)
    print_years(all_readings["corrected"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
