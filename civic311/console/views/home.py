"""Signing in and out, and the first page after it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path

from civic311.console.access import console_view, role
from civic311.people.models import Role


@console_view
def home(request: HttpRequest) -> HttpResponse:
    """Agents start where calls are taken; everyone else at the queue."""
    if role(request) == Role.AGENT:
        return redirect("console:intake")
    return redirect("console:queue")


urlpatterns: list[URLPattern] = [path("", home, name="home")]
