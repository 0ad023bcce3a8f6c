"""What every portal page is rendered with."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from civic311.console.queries.phone import phone_line
from civic311.core.vendor import vendored
from civic311.lib.problems import Problem


def page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render a portal page with the city, its phone line, and USWDS when
    it was installed."""
    base = {
        "city": settings.CITY,
        "phone": phone_line(),
        "uswds": vendored("uswds"),
    }
    return render(request, template, {**base, **(context or {})}, status=status)


def language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def errors_by_field(problems: list[Problem]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in problems:
        found.setdefault(problem.field, []).append(problem.message)
    return found
