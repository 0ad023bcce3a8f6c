"""Small builders for test data: each makes one valid row, overridable."""

import itertools
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from civic311.apiclients.models import ApiClient
from civic311.catalog.models import (
    AttributeValue,
    Datatype,
    Department,
    Service,
    ServiceAttribute,
)
from civic311.lib.actors import Actor
from civic311.people.models import Role, StaffMember
from civic311.servicerequests.actions import submit_request
from civic311.servicerequests.intake import Contact, Intake, Location
from civic311.servicerequests.models import Channel, ServiceRequest

_counter = itertools.count(1)

# A point inside the demo city.
CITY_HALL = (38.8051, -77.0428)


def make_department(**fields: Any) -> Department:
    n = next(_counter)
    fields.setdefault("slug", f"dept-{n}")
    fields.setdefault("name", f"Department {n}")
    return Department.objects.create(**fields)


def make_service(**fields: Any) -> Service:
    n = next(_counter)
    fields.setdefault("service_code", f"service-{n}")
    fields.setdefault("service_name", f"Service {n}")
    fields.setdefault("description", f"Report problem number {n}.")
    if "department" not in fields:
        fields["department"] = make_department()
    return Service.objects.create(**fields)


def make_attribute(
    service: Service, *, choices: list[tuple[str, str]] | None = None, **fields: Any
) -> ServiceAttribute:
    n = next(_counter)
    fields.setdefault("code", f"question-{n}")
    fields.setdefault("datatype", Datatype.STRING)
    fields.setdefault("description", f"Question {n}?")
    fields.setdefault("order", service.attributes.count() + 1)
    attribute = ServiceAttribute.objects.create(service=service, **fields)
    for order, (key, name) in enumerate(choices or [], start=1):
        AttributeValue.objects.create(
            attribute=attribute, key=key, name=name, order=order
        )
    return attribute


def make_api_client(**fields: Any) -> tuple[ApiClient, str]:
    """Return a client and its key."""
    n = next(_counter)
    client = ApiClient(name=fields.pop("name", f"app-{n}"), **fields)
    key = client.set_new_key()
    client.save()
    return client, key


def make_request(
    service: Service | None = None,
    *,
    requested_at: datetime | None = None,
    contact: Contact | None = None,
    actor: Actor | None = None,
    **fields: Any,
) -> ServiceRequest:
    """File a request through the real intake action."""
    location = fields.pop("location", None) or Location(
        lat=CITY_HALL[0], long=CITY_HALL[1], address="301 King St"
    )
    intake = Intake(
        service=service or make_service(),
        channel=fields.pop("channel", Channel.WEB),
        location=location,
        contact=contact or Contact(),
        requested_at=requested_at or timezone.now(),
        **fields,
    )
    return submit_request(actor=actor or Actor.system("test"), intake=intake)


def make_staff(
    role: Role, department: Department | None = None, **fields: Any
) -> "User":
    """A city account with ``role``; staff and managers need a department."""
    n = next(_counter)
    user = User.objects.create_user(
        username=fields.pop("username", f"{role}-{n}"), password="x", **fields
    )
    StaffMember.objects.create(user=user, role=role, department=department)
    return User.objects.select_related("staff").get(pk=user.pk)
