"""Errors in a caller's input, collected rather than raised one at a time,
so that an API client or a form can show all of them at once."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input.

    ``field`` names the input as the caller sent it (``lat``,
    ``attribute[size]``); ``status`` is the HTTP status an API answers with:
    404 when something named does not exist, 400 otherwise.
    """

    field: str
    message: str
    status: int = 400


class InvalidInput(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = problems
