import pytest

from civic311.catalog.models import Datatype
from civic311.lib.problems import InvalidInput
from civic311.servicerequests.intake import Contact, Location
from civic311.servicerequests.models import RequestContact, RequestEvent, ServiceRequest
from tests.builders import make_attribute, make_request, make_service

pytestmark = pytest.mark.django_db


def test_a_request_is_filed_with_its_history_and_private_contact():
    request = make_request(
        description="Pothole by the curb",
        contact=Contact(first_name="Ana", email="ana@example.org"),
    )

    stored = ServiceRequest.objects.get(pk=request.pk)
    assert stored.status == "open"
    assert stored.department_id == stored.service.department_id
    assert RequestContact.objects.get(request=stored).email == "ana@example.org"
    assert list(
        RequestEvent.objects.filter(request=stored).values_list("kind", flat=True)
    ) == ["submitted"]


def test_every_problem_is_reported_and_nothing_is_saved():
    service = make_service()
    make_attribute(service, code="size", datatype=Datatype.NUMBER, required=True)

    with pytest.raises(InvalidInput) as caught:
        make_request(
            service,
            location=Location(lat=95.0, long=None),
            description="x" * 4001,
            contact=Contact(email="not-an-email"),
        )

    fields = {problem.field for problem in caught.value.problems}
    assert fields == {"lat", "description", "email", "attribute[size]"}
    assert ServiceRequest.objects.count() == 0
    assert RequestEvent.objects.count() == 0
