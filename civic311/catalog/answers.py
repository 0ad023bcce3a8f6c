"""Checking residents' answers against a service's questions."""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from civic311.catalog.models import Datatype, Service, ServiceAttribute
from civic311.lib.problems import Problem

Answer = str | list[str]
MAX_STRING = 500
MAX_TEXT = 4000


def clean_answers(
    service: Service,
    raw: dict[str, Answer],
    attributes: list[ServiceAttribute] | None = None,
) -> tuple[dict[str, object], list[Problem]]:
    """Return the answers in stored form, and what is wrong with them.

    Empty answers count as not given. Answers to informational attributes
    (``variable`` off) are dropped; codes the service does not ask about are
    problems.
    """
    if attributes is None:
        attributes = list(service.attributes.prefetch_related("values"))
    by_code = {attribute.code: attribute for attribute in attributes}
    problems = [
        Problem(
            _attr_field(code),
            _("%(service)s asks no question with the code %(code)s.")
            % {"service": service.service_code, "code": code},
        )
        for code in raw
        if code not in by_code
    ]

    cleaned: dict[str, object] = {}
    for attribute in attributes:
        if not attribute.variable:
            continue
        value = _non_empty(raw.get(attribute.code))
        if value is None:
            if attribute.required:
                problems.append(
                    Problem(
                        _attr_field(attribute.code),
                        _("An answer to “%(question)s” is required.")
                        % {"question": attribute.description},
                    )
                )
            continue
        try:
            cleaned[attribute.code] = _clean_one(attribute, value)
        except ValueError as error:
            problems.append(Problem(_attr_field(attribute.code), str(error)))
    return cleaned, problems


def _attr_field(code: str) -> str:
    return f"attribute[{code}]"


def _non_empty(value: Answer | None) -> Answer | None:
    if isinstance(value, list):
        items = [item.strip() for item in value if item.strip()]
        return items or None
    if value is None or not value.strip():
        return None
    return value.strip()


def _clean_one(attribute: ServiceAttribute, value: Answer) -> object:
    datatype = attribute.datatype
    if datatype == Datatype.MULTIVALUELIST:
        items = value if isinstance(value, list) else [value]
        return [_choice(attribute, item) for item in dict.fromkeys(items)]
    if isinstance(value, list):
        if len(value) > 1:
            raise ValueError(_("Give one answer only."))
        value = value[0]
    if datatype == Datatype.SINGLEVALUELIST:
        return _choice(attribute, value)
    if datatype == Datatype.NUMBER:
        return _number(value)
    if datatype == Datatype.DATETIME:
        return _datetime(value)
    if datatype == Datatype.STRING:
        return _text(value, MAX_STRING, one_line=True)
    return _text(value, MAX_TEXT, one_line=False)


def _choice(attribute: ServiceAttribute, key: str) -> str:
    keys = [choice.key for choice in attribute.values.all()]
    if key not in keys:
        raise ValueError(
            _("%(value)s is not one of the choices: %(choices)s.")
            % {"value": key[:50], "choices": ", ".join(keys)}
        )
    return key


def _number(value: str) -> int | float:
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(
            _("%(value)s is not a number.") % {"value": value[:50]}
        ) from None
    if not number.is_finite():
        raise ValueError(_("%(value)s is not a number.") % {"value": value[:50]})
    return int(number) if number == number.to_integral_value() else float(number)


def _datetime(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            _("%(value)s is not a date and time such as 2026-03-01T08:30:00-05:00.")
            % {"value": value[:50]}
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment.isoformat()


def _text(value: str, limit: int, *, one_line: bool) -> str:
    if one_line and ("\n" in value or "\r" in value):
        raise ValueError(_("Give this answer on one line."))
    if len(value) > limit:
        raise ValueError(
            _("This answer is %(length)d characters long; the limit is %(limit)d.")
            % {"length": len(value), "limit": limit}
        )
    return value
