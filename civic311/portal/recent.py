"""The public list and map of recent requests: what was reported where,
with nothing that names a resident (see queries.recent_requests)."""

from django.http import HttpRequest, HttpResponse

from civic311.console.access import map_settings
from civic311.lib import publicid
from civic311.portal import queries
from civic311.portal.pages import language, page
from civic311.servicerequests.models import Status


def recent(request: HttpRequest) -> HttpResponse:
    service_code = request.GET.get("service", "")[:100]
    status = request.GET.get("status", "")
    before = publicid.decode(request.GET.get("before", "")[:40])
    found = queries.recent_requests(
        language(),
        service_code=service_code,
        status=status if status in Status.values else "",
        before=before,
    )
    points = [
        {
            "id": row.public_id,
            "lat": row.lat,
            "long": row.long,
            "label": f"{row.public_id}: {row.service_name}",
        }
        for row in found.requests
        if row.lat is not None and row.long is not None
    ]
    context = {
        "found": found,
        "older": publicid.encode(found.older) if found.older else "",
        "services": queries.service_choices(language()),
        "service_code": service_code,
        "status": status,
        "statuses": Status.choices,
        "map": map_settings(),
        "points": points,
    }
    return page(request, "portal/recent.html", context)
