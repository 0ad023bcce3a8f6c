"""Open311 errors: ``<errors><error><code/><description/></error></errors>``
in XML, an array of ``{"code", "description"}`` in JSON."""

from django.http import HttpResponse

from civic311.lib.problems import Problem
from civic311.open311.render import respond


class Open311Error(Exception):
    """Raised inside a view; turned into an error document by the view."""

    def __init__(self, status: int, *descriptions: str):
        super().__init__("; ".join(descriptions))
        self.status = status
        self.descriptions = descriptions

    @classmethod
    def from_problems(cls, problems: list[Problem]) -> "Open311Error":
        """404 when everything wrong is something missing, else 400."""
        status = 404 if all(p.status == 404 for p in problems) else 400
        error = cls(status, *(p.message for p in problems))
        error.fields = [p.field for p in problems]
        return error

    fields: list[str] = []


def error_response(error: Open311Error, fmt: str) -> HttpResponse:
    fields = error.fields or [""] * len(error.descriptions)
    document = [
        _entry(error.status, description, field)
        for description, field in zip(error.descriptions, fields, strict=False)
    ]
    return respond(document, fmt, root="errors", status=error.status)


def _entry(status: int, description: str, field: str) -> dict[str, object]:
    # ``code`` is the HTTP status, as most clients expect; the field the
    # error is about travels in the description's wording and, for clients
    # that want it, in ``field``.
    entry: dict[str, object] = {"code": status, "description": description}
    if field:
        entry["field"] = field
    return entry
