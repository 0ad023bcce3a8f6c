"""Routing: the service's department, unless a rule says otherwise."""

from typing import Any

import pytest

from civic311.catalog.models import Datatype
from civic311.routing.models import RoutingRule
from civic311.routing.queries import route
from tests.builders import make_attribute, make_department, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def vdot_roads(db: None) -> Any:
    return make_department(slug="row", name="Right of Way")


def test_with_no_rule_the_services_department_answers(pothole: Any) -> None:
    assert route(pothole, "old-town", {}) == pothole.department


def test_a_neighbourhood_rule_takes_requests_there_only(
    pothole: Any, vdot_roads: Any
) -> None:
    RoutingRule.objects.create(
        service=pothole, neighbourhood="potomac-yard", department=vdot_roads
    )

    assert route(pothole, "potomac-yard", {}) == vdot_roads
    assert route(pothole, "old-town", {}) == pothole.department
    assert route(pothole, "", {}) == pothole.department


def test_an_answer_rule_matches_single_and_multiple_choices(
    pothole: Any, vdot_roads: Any
) -> None:
    RoutingRule.objects.create(
        service=pothole,
        attribute_code="where",
        attribute_value="alley",
        department=vdot_roads,
    )

    assert route(pothole, "", {"where": "alley"}) == vdot_roads
    assert route(pothole, "", {"where": ["street", "alley"]}) == vdot_roads
    assert route(pothole, "", {"where": "street"}) == pothole.department


def test_the_lowest_priority_number_wins_and_inactive_rules_do_not_count(
    pothole: Any, vdot_roads: Any, parks: Any
) -> None:
    RoutingRule.objects.create(
        service=pothole, neighbourhood="del-ray", department=parks, priority=50
    )
    RoutingRule.objects.create(
        service=pothole, neighbourhood="del-ray", department=vdot_roads, priority=10
    )
    assert route(pothole, "del-ray", {}) == vdot_roads

    RoutingRule.objects.filter(department=vdot_roads).update(active=False)
    assert route(pothole, "del-ray", {}) == parks


def test_a_rule_for_every_service_applies_to_each(
    pothole: Any, tree: Any, vdot_roads: Any
) -> None:
    RoutingRule.objects.create(neighbourhood="potomac-yard", department=vdot_roads)

    assert route(pothole, "potomac-yard", {}) == vdot_roads
    assert route(tree, "potomac-yard", {}) == vdot_roads


def test_a_new_request_goes_where_its_answers_send_it(
    pothole: Any, vdot_roads: Any
) -> None:
    make_attribute(
        pothole,
        code="where",
        datatype=Datatype.SINGLEVALUELIST,
        choices=[("street", "Street"), ("alley", "Alley")],
        required=False,
    )
    RoutingRule.objects.create(
        service=pothole,
        attribute_code="where",
        attribute_value="alley",
        department=vdot_roads,
    )

    in_alley = make_request(pothole, answers={"where": "alley"})
    on_street = make_request(pothole, answers={"where": "street"})

    assert in_alley.department == vdot_roads
    assert on_street.department == pothole.department


def test_a_rule_without_a_condition_or_half_an_answer_is_refused(
    vdot_roads: Any, pothole: Any
) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        RoutingRule(department=vdot_roads).full_clean()
    with pytest.raises(ValidationError):
        RoutingRule(
            service=pothole, attribute_code="where", department=vdot_roads
        ).full_clean()
