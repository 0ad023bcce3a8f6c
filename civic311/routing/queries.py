"""Which department a new request goes to."""

from collections.abc import Mapping

from django.db.models import Q

from civic311.catalog.models import Department, Service
from civic311.routing.models import RoutingRule


def route(
    service: Service, neighbourhood: str, answers: Mapping[str, object]
) -> Department:
    """The department of the first active rule that matches, in priority
    order, else the service's own. One query."""
    rules = RoutingRule.objects.filter(
        Q(service=service) | Q(service__isnull=True), active=True
    ).select_related("department")
    for rule in rules:
        if _matches(rule, neighbourhood, answers):
            return rule.department
    return service.department


def _matches(
    rule: RoutingRule, neighbourhood: str, answers: Mapping[str, object]
) -> bool:
    if rule.neighbourhood and rule.neighbourhood != neighbourhood:
        return False
    if not rule.attribute_code:
        return True
    answer = answers.get(rule.attribute_code)
    chosen = answer if isinstance(answer, list) else [answer]
    return rule.attribute_value in [str(value) for value in chosen]
