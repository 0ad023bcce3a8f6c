"""The work queue: who sees which department, the filters, the counts,
the order, the pages, and what bad parameters do."""

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from civic311.calendars.clock import standing
from civic311.catalog.models import Department, Service
from civic311.lib.actors import Actor
from civic311.servicerequests.actions import assign_request, change_state
from civic311.servicerequests.intake import Location
from civic311.servicerequests.models import ServiceRequest, State, Status
from tests.builders import make_request, make_service
from tests.console.conftest import signed_in

pytestmark = pytest.mark.django_db

# A Wednesday, 10 a.m. in the city. Potholes take three business days.
NOW = "2026-12-09 15:00Z"
DEL_RAY = Location(lat=38.8200, long=-77.0580, address="2300 Mount Vernon Ave")
QUEUE = "/console/queue/"


def at(moment: str) -> datetime:
    return datetime.fromisoformat(moment).replace(tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def signs(streets: Department) -> Service:
    """A Transportation service without a timeframe."""
    return make_service(
        service_code="sign", service_name="Street sign", department=streets
    )


@pytest.fixture
def overdue(pothole: Service) -> ServiceRequest:
    return make_request(pothole, requested_at=at("2026-12-03 15:00"))


@pytest.fixture
def due_soon(pothole: Service) -> ServiceRequest:
    return make_request(pothole, requested_at=at("2026-12-04 15:00"))


@pytest.fixture
def not_due_soon(pothole: Service) -> ServiceRequest:
    return make_request(pothole, requested_at=at("2026-12-07 14:00"))


@pytest.fixture
def no_deadline(signs: Service) -> ServiceRequest:
    return make_request(signs, requested_at=at("2026-12-08 14:00"))


@pytest.fixture
def fallen_tree(tree: Service) -> ServiceRequest:
    return make_request(tree, requested_at=at("2026-12-08 16:00"))


def shown(response: Any) -> list[str]:
    """Public ids of the rows, in the order shown."""
    return [row.request.public_id for row in response.context["result"].rows]


def text_of(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def get(user: User, query: str = "") -> Any:
    response = signed_in(user).get(QUEUE + (f"?{query}" if query else ""))
    assert response.status_code == 200
    return response


# Who may look


def test_a_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(QUEUE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:sign-in"))
    assert "next=/console/queue/" in response["Location"]


def test_an_account_without_a_role_is_refused(rita: User) -> None:
    response = signed_in(rita).get(QUEUE)

    assert response.status_code == 403
    assert "no role" in response.content.decode()


def test_department_staff_see_their_own_department_by_default(
    tess: User, overdue: ServiceRequest, fallen_tree: ServiceRequest
) -> None:
    response = get(tess)

    assert shown(response) == [overdue.public_id]
    assert response.context["filters"].department == overdue.department
    assert '<option value="tes" selected>Transportation</option>' in text_of(response)


def test_a_parks_manager_sees_parks_by_default(
    paula: User, overdue: ServiceRequest, fallen_tree: ServiceRequest
) -> None:
    assert shown(get(paula)) == [fallen_tree.public_id]


@pytest.mark.parametrize("name", ["alex", "erin", "ada"])
def test_agents_executives_and_admins_see_every_department_by_default(
    request: pytest.FixtureRequest,
    name: str,
    overdue: ServiceRequest,
    fallen_tree: ServiceRequest,
) -> None:
    response = get(request.getfixturevalue(name))

    assert set(shown(response)) == {overdue.public_id, fallen_tree.public_id}
    assert response.context["filters"].department is None


def test_staff_may_read_another_department_but_not_change_it(
    tess: User, overdue: ServiceRequest, fallen_tree: ServiceRequest
) -> None:
    response = get(tess, "department=parks")

    assert shown(response) == [fallen_tree.public_id]
    body = text_of(response)
    assert "You can read these requests but not change them." in body
    assert 'name="requests"' not in body
    assert reverse("console:bulk") not in body


def test_staff_may_look_at_every_department_and_select_only_their_own(
    tess: User, overdue: ServiceRequest, fallen_tree: ServiceRequest
) -> None:
    response = get(tess, "department=all")

    assert set(shown(response)) == {overdue.public_id, fallen_tree.public_id}
    body = text_of(response)
    assert f'name="requests" value="{overdue.public_id}"' in body
    assert f'value="{fallen_tree.public_id}"' not in body


# Each row


def test_a_row_links_to_the_request_and_labels_its_deadline_in_words(
    tess: User, overdue: ServiceRequest, due_soon: ServiceRequest
) -> None:
    body = text_of(get(tess))

    assert f'href="/console/requests/{overdue.public_id}/"' in body
    assert '<span class="tag overdue">Overdue</span>' in body
    assert '<span class="tag due-soon">Due soon</span>' in body
    assert "301 King St" in body
    assert "Old Town" in body
    assert f'<label for="pick-{overdue.public_id}" class="visually-hidden">' in body
    assert f"Select request {overdue.public_id}" in body


def test_a_row_names_the_assignee_and_flags_a_possible_emergency(
    tess: User, maya: User, pothole: Service
) -> None:
    flagged = make_request(pothole, description="The house next door is on fire")
    assign_request(actor=Actor.for_user(maya), request=flagged, assignee=tess)

    body = text_of(get(tess))

    row = body[body.index(f'href="/console/requests/{flagged.public_id}/"') :]
    row = row[: row.index("</tr>")]
    assert "tess" in row
    assert "Assigned" in row
    assert '<span class="tag emergency">Possible emergency</span>' in row


# Filters


def test_the_service_filter(
    ada: User, overdue: ServiceRequest, no_deadline: ServiceRequest
) -> None:
    assert shown(get(ada, "service=sign")) == [no_deadline.public_id]
    assert shown(get(ada, "service=pothole")) == [overdue.public_id]


def test_every_open_state_by_default_or_the_state_picked(
    maya: User, pothole: Service
) -> None:
    actor = Actor.for_user(maya)
    waiting = make_request(pothole)
    resolved = make_request(pothole)
    cancelled = make_request(pothole)
    change_state(actor=actor, request=resolved, state=State.RESOLVED, note="Filled.")
    change_state(actor=actor, request=cancelled, state=State.CANCELLED, reason="Dup")

    assert shown(get(maya)) == [waiting.public_id]
    assert shown(get(maya, "state=resolved")) == [resolved.public_id]
    assert set(shown(get(maya, "state=all"))) == {
        waiting.public_id,
        resolved.public_id,
        cancelled.public_id,
    }


def test_the_neighbourhood_filter(maya: User, pothole: Service) -> None:
    old_town = make_request(pothole)
    del_ray = make_request(pothole, location=DEL_RAY)
    assert del_ray.neighbourhood == "del-ray"

    assert shown(get(maya, "neighbourhood=del-ray")) == [del_ray.public_id]
    assert shown(get(maya, "neighbourhood=old-town")) == [old_town.public_id]


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("overdue", "overdue"),
        ("due_soon", "due_soon"),
        ("not_due_soon", "not_due_soon"),
        ("none", "no_deadline"),
    ],
)
def test_the_deadline_filter(
    request: pytest.FixtureRequest,
    maya: User,
    overdue: ServiceRequest,
    due_soon: ServiceRequest,
    not_due_soon: ServiceRequest,
    no_deadline: ServiceRequest,
    due: str,
    expected: str,
) -> None:
    now = at("2026-12-09 15:00")
    standings = {
        overdue.pk: "overdue",
        due_soon.pk: "due_soon",
        not_due_soon.pk: "fine",
        no_deadline.pk: None,
    }
    # The stored deadlines are what the stories assume.
    for row in ServiceRequest.objects.filter(pk__in=standings):
        assert standing(row.expected_datetime, now) == standings[row.pk]

    assert shown(get(maya, f"due={due}")) == [
        request.getfixturevalue(expected).public_id
    ]


def test_the_assigned_filter(tess: User, maya: User, pothole: Service) -> None:
    mine = make_request(pothole)
    hers = make_request(pothole)
    nobodys = make_request(pothole)
    assign_request(actor=Actor.for_user(maya), request=mine, assignee=tess)
    assign_request(actor=Actor.for_user(maya), request=hers, assignee=maya)

    assert shown(get(tess, "assigned=me")) == [mine.public_id]
    assert shown(get(tess, "assigned=unassigned")) == [nobodys.public_id]
    assert len(shown(get(tess))) == 3


def test_flagged_for_triage_only(tess: User, pothole: Service) -> None:
    make_request(pothole, description="Deep hole in the road")
    flagged = make_request(pothole, description="I smell gas in the street")

    assert shown(get(tess, "flagged=1")) == [flagged.public_id]


# Counts


def test_the_counts_match_the_filters(
    maya: User,
    overdue: ServiceRequest,
    due_soon: ServiceRequest,
    not_due_soon: ServiceRequest,
    no_deadline: ServiceRequest,
    pothole: Service,
) -> None:
    late = make_request(pothole, requested_at=at("2026-12-01 15:00"))
    change_state(
        actor=Actor.for_user(maya), request=late, state=State.RESOLVED, note="Done"
    )
    now = at("2026-12-09 15:00")

    for query, service in [("", None), ("service=pothole", "pothole")]:
        result = get(maya, query).context["result"]
        stored = ServiceRequest.objects.filter(status=Status.OPEN)
        if service:
            stored = stored.filter(service__service_code=service)
        judged = [standing(row.expected_datetime, now) for row in stored]
        assert result.total == len(judged)
        assert result.overdue == judged.count("overdue")
        assert result.due_soon == judged.count("due_soon")

    body = text_of(get(maya, "state=all"))
    assert "5 requests match these filters." in body
    assert "Overdue: 1. Due soon: 1." in body


# Order


def test_sorted_by_deadline_soonest_first_with_no_deadline_last(
    maya: User,
    overdue: ServiceRequest,
    due_soon: ServiceRequest,
    not_due_soon: ServiceRequest,
    no_deadline: ServiceRequest,
) -> None:
    stored = ServiceRequest.objects.all()
    with_deadline = sorted(
        (row for row in stored if row.expected_datetime),
        key=lambda row: row.expected_datetime,
    )
    expected = [row.public_id for row in with_deadline] + [no_deadline.public_id]

    assert shown(get(maya)) == expected
    assert shown(get(maya, "sort=deadline")) == expected


def test_sorted_newest_or_oldest_first(
    maya: User,
    overdue: ServiceRequest,
    due_soon: ServiceRequest,
    not_due_soon: ServiceRequest,
    no_deadline: ServiceRequest,
) -> None:
    by_filing = [
        row.public_id for row in ServiceRequest.objects.order_by("requested_datetime")
    ]

    assert shown(get(maya, "sort=oldest")) == by_filing
    assert shown(get(maya, "sort=newest")) == by_filing[::-1]


# Pages


def file_many(service: Service, count: int) -> list[ServiceRequest]:
    return [
        make_request(service, requested_at=at(f"2026-12-0{1 + n % 8} 1{n % 10}:00"))
        for n in range(count)
    ]


def test_pages_of_fifty_keep_the_filters(maya: User, pothole: Service) -> None:
    filed = file_many(pothole, 55)
    newest_first = sorted(filed, key=lambda r: (r.requested_datetime, r.pk))[::-1]

    first = get(maya, "department=tes&sort=newest")
    assert shown(first) == [row.public_id for row in newest_first[:50]]
    body = text_of(first)
    assert "55 requests match these filters." in body
    assert '<span aria-current="page">Page 1 of 2</span>' in body
    link = re.search(r'href="\?([^"]+)" rel="next"', body)
    assert link is not None
    assert link.group(1) == "department=tes&amp;sort=newest&amp;page=2"

    second = get(maya, link.group(1).replace("&amp;", "&"))
    assert shown(second) == [row.public_id for row in newest_first[50:]]
    assert 'href="?department=tes&amp;sort=newest" rel="prev"' in text_of(second)
    assert 'rel="next"' not in text_of(second)


def test_a_page_past_the_end_shows_the_last_and_says_so(
    maya: User, pothole: Service
) -> None:
    file_many(pothole, 52)

    response = get(maya, "page=7")

    assert response.context["result"].number == 2
    assert len(shown(response)) == 2
    assert "There is no page 7; showing page 2, the last." in text_of(response)


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("page=abc", "The page number was not understood"),
        ("page=-3", "The page number was not understood"),
        ("page=0", "The page number was not understood"),
        ("page=99999999999999999999999", "There is no page"),
        ("state=lost", "The state filter was not understood"),
        ("department=atlantis", "The department filter was not understood"),
        ("service=unicorns", "The service filter was not understood"),
        ("neighbourhood=narnia", "The neighbourhood filter was not understood"),
        ("due=yesterday", "The deadline filter was not understood"),
        ("assigned=everyone", "The assigned filter was not understood"),
        ("sort=sideways", "The sort filter was not understood"),
        ("flagged=maybe", "The flagged filter was not understood"),
    ],
)
def test_bad_parameters_are_ignored_and_named(
    tess: User,
    overdue: ServiceRequest,
    fallen_tree: ServiceRequest,
    query: str,
    said: str,
) -> None:
    response = get(tess, query)

    assert said in text_of(response)
    # Nothing else changes: her department's open requests, as by default.
    assert shown(response) == [overdue.public_id]


# Queries


def test_the_number_of_queries_does_not_grow_with_the_rows(
    maya: User, tess: User, pothole: Service, django_assert_max_num_queries: Any
) -> None:
    browser = signed_in(maya)
    few = file_many(pothole, 5)
    assign_request(actor=Actor.for_user(maya), request=few[0], assignee=tess)
    with django_assert_max_num_queries(12) as at_five:
        assert browser.get(QUEUE).status_code == 200

    many = file_many(pothole, 54)
    for row in many[:20]:
        assign_request(actor=Actor.for_user(maya), request=row, assignee=tess)
    make_request(pothole, description="Gas leak, I smell gas")
    with django_assert_max_num_queries(12) as at_sixty:
        response = browser.get(QUEUE)

    assert response.context["result"].total == 60
    assert len(shown(response)) == 50
    assert len(at_sixty) == len(at_five)
