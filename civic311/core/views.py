from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from civic311.open311.queries import public_services


def home(request: HttpRequest) -> HttpResponse:
    """What this server offers, until the resident portal takes the root."""
    services = public_services().only("service_code", "service_name", "group")
    context = {
        "city": settings.CITY,
        "services": services,
        "site_url": settings.SITE_URL,
    }
    return render(request, "core/home.html", context)
