"""Fill a site with the demo city, Alexandria, Virginia: its catalog, and
years of invented requests filed through the same actions as real ones."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction

from civic311.catalog.models import (
    LIST_DATATYPES,
    AttributeValue,
    Department,
    Service,
    ServiceAttribute,
)
from civic311.console.models import ResponseTemplate
from civic311.demo import accounts, data
from civic311.demo.data import DemoDataError
from civic311.demo.sampling import Sampler, Step
from civic311.knowledge.models import Article
from civic311.lib.actors import Actor
from civic311.residents import notices
from civic311.routing.models import OutsideAgency
from civic311.servicerequests import actions, workflow
from civic311.servicerequests.actions import (
    assign_request,
    change_state,
    merge_request,
    refer_request,
    submit_request,
)
from civic311.servicerequests.models import ServiceRequest, State, Status

ACTOR = Actor.system("demo loader")
DEFAULT_SEED = 311

DEPARTMENT_FIELDS = ("name", "email", "phone", "website", "address")
SERVICE_FIELDS = ("service_name", "description", "group", "keywords", "service_notice")
ATTRIBUTE_FIELDS = ("datatype_description", "help_text")
AGENCY_FIELDS = ("name", "website", "phone", "description")


@dataclass(frozen=True)
class CatalogResult:
    """What the catalog file holds, and how many rows loading it created or
    updated (a service whose questions changed counts once)."""

    departments: int
    services: int
    attributes: int
    changed: int


@dataclass(frozen=True)
class RequestsResult:
    requests: int
    state_changes: int
    still_open: int


# The catalog ----------------------------------------------------------------


def load_catalog(path: Path = data.CATALOG_FILE) -> CatalogResult:
    """Create or update the departments and services of ``path``, matched
    by slug and service code, in one transaction. Rows that already match
    the file are not written; rows the file does not mention are left as
    they are."""
    catalog = data.read(path)
    departments = catalog.get("departments", [])
    services = catalog.get("services", [])
    _check_catalog(departments, services)

    groups: dict[str, dict[str, str]] = {}
    for language, file in data.translation_files(path).items():
        texts = data.read(file)
        groups[language] = texts.get("groups", {})
        _translate(language, texts, departments, services)
    with transaction.atomic():
        by_slug, changed = _sync_departments(departments)
        stored = _stored_services()
        for spec in services:
            changed += _sync_service(spec, by_slug, stored, groups)
        changed += _sync_agencies(catalog.get("agencies", []))
        load_knowledge()
        changed += load_responses()

    attributes = sum(len(spec.get("attributes", [])) for spec in services)
    return CatalogResult(len(departments), len(services), attributes, changed)


def _translate(
    language: str,
    texts: dict[str, Any],
    departments: list[dict[str, Any]],
    services: list[dict[str, Any]],
) -> None:
    """Put the texts of one language's file under the ``translations`` of
    the departments, services, questions and answers they name. The file
    says nothing of a row it does not name."""
    named = texts.get("departments", {})
    for spec in departments:
        if text := named.get(spec["slug"]):
            spec.setdefault("translations", {})[language] = dict(text)
    named = texts.get("services", {})
    for spec in services:
        service = dict(named.get(spec["service_code"], {}))
        questions = service.pop("questions", {})
        if service:
            spec.setdefault("translations", {})[language] = service
        for attribute in spec.get("attributes", []):
            question = dict(questions.get(attribute["code"], {}))
            answers = question.pop("values", {})
            if question:
                attribute.setdefault("translations", {})[language] = question
            for value in attribute.get("values", []):
                if name := answers.get(value["key"]):
                    value.setdefault("translations", {})[language] = {"name": name}


def _check_catalog(
    departments: list[dict[str, Any]], services: list[dict[str, Any]]
) -> None:
    slugs = [spec["slug"] for spec in departments]
    codes = [spec["service_code"] for spec in services]
    for kind, names in (("department slug", slugs), ("service code", codes)):
        repeated = {name for name in names if names.count(name) > 1}
        if repeated:
            raise DemoDataError(
                "repeated {kind}: {names}".format(
                    kind=kind, names=", ".join(sorted(repeated))
                )
            )
    for spec in services:
        if spec["department"] not in slugs:
            raise DemoDataError(
                "service {code} names an unknown department {slug}".format(
                    code=spec["service_code"], slug=spec["department"]
                )
            )
        _check_attributes(spec["service_code"], spec.get("attributes", []))


def _check_attributes(code: str, attributes: list[dict[str, Any]]) -> None:
    orders = sorted(spec["order"] for spec in attributes)
    problem = ""
    if orders != list(range(1, len(attributes) + 1)):
        problem = "question orders must run 1, 2, 3… without gaps or repeats"
    for spec in attributes:
        is_list = spec["datatype"] in LIST_DATATYPES
        if is_list != bool(spec.get("values")):
            problem = "{code}: list questions, and only they, need values".format(
                code=spec["code"]
            )
    if problem:
        raise DemoDataError(f"service {code}: {problem}")


def _sync_departments(
    specs: list[dict[str, Any]],
) -> tuple[dict[str, Department], int]:
    by_slug = {department.slug: department for department in Department.objects.all()}
    changed = 0
    for spec in specs:
        department = by_slug.get(spec["slug"]) or Department(slug=spec["slug"])
        fields: dict[str, object] = {
            name: spec.get(name, "") for name in DEPARTMENT_FIELDS
        }
        fields["translations"] = spec.get("translations", {})
        changed += _save_if_changed(department, fields, spec["slug"])
        by_slug[department.slug] = department
    return by_slug, changed


def _sync_agencies(specs: list[dict[str, Any]]) -> int:
    by_slug = {agency.slug: agency for agency in OutsideAgency.objects.all()}
    changed = 0
    for spec in specs:
        agency = by_slug.get(spec["slug"]) or OutsideAgency(slug=spec["slug"])
        fields = {name: spec.get(name, "") for name in AGENCY_FIELDS}
        changed += _save_if_changed(agency, fields, spec["slug"])
    return changed


def _stored_services() -> dict[str, Service]:
    services = Service.objects.prefetch_related("attributes__values")
    return {service.service_code: service for service in services}


def _sync_service(
    spec: dict[str, Any],
    departments: dict[str, Department],
    stored: dict[str, Service],
    groups: dict[str, dict[str, str]],
) -> int:
    code = spec["service_code"]
    service = stored.get(code) or Service(service_code=code)
    fields: dict[str, object] = {name: spec.get(name, "") for name in SERVICE_FIELDS}
    fields.update(
        department_id=departments[spec["department"]].pk,
        timeframe_value=spec.get("timeframe_value"),
        timeframe_unit=spec["timeframe_unit"],
        active=spec.get("active", True),
        translations=_with_group(spec, groups),
    )
    created = service.pk is None

    changed = _save_if_changed(service, fields, code)
    wanted = [_attribute_shape(attribute) for attribute in spec.get("attributes", [])]
    current = [] if created else [_stored_shape(a) for a in service.attributes.all()]
    if sorted(wanted, key=_by_order) == sorted(current, key=_by_order):
        return changed

    ServiceAttribute.objects.filter(service=service).delete()
    for shape in wanted:
        _create_attribute(service, shape)
    return 1


def _with_group(
    spec: dict[str, Any], groups: dict[str, dict[str, str]]
) -> dict[str, dict[str, str]]:
    """The service's translations, plus its group's."""
    translations = {
        language: dict(texts)
        for language, texts in spec.get("translations", {}).items()
    }
    for language, names in groups.items():
        if spec["group"] in names:
            translations.setdefault(language, {})["group"] = names[spec["group"]]
    return translations


def _attribute_shape(spec: dict[str, Any]) -> dict[str, Any]:
    """An attribute of the file, with defaults filled in, comparable with
    ``_stored_shape``."""
    shape = {name: spec.get(name, "") for name in ATTRIBUTE_FIELDS}
    shape.update(
        code=spec["code"],
        datatype=spec["datatype"],
        variable=spec.get("variable", True),
        required=spec.get("required", False),
        order=spec["order"],
        description=spec["description"],
        translations=spec.get("translations", {}),
        values=[
            {
                "key": value["key"],
                "name": value["name"],
                "order": order,
                "translations": value.get("translations", {}),
            }
            for order, value in enumerate(spec.get("values", []), start=1)
        ],
    )
    return shape


def _stored_shape(attribute: ServiceAttribute) -> dict[str, Any]:
    names = (*ATTRIBUTE_FIELDS, "code", "datatype", "variable", "required", "order")
    shape: dict[str, Any] = {name: getattr(attribute, name) for name in names}
    shape.update(
        description=attribute.description,
        translations=attribute.translations,
        values=[
            {
                "key": value.key,
                "name": value.name,
                "order": value.order,
                "translations": value.translations,
            }
            for value in attribute.values.all()
        ],
    )
    return shape


def _by_order(shape: dict[str, Any]) -> int:
    return int(shape["order"])


def _create_attribute(service: Service, shape: dict[str, Any]) -> None:
    fields = {name: value for name, value in shape.items() if name != "values"}
    attribute = ServiceAttribute(service=service, **fields)
    _save_checked(attribute, f"{service.service_code}/{attribute.code}")
    for value in shape["values"]:
        choice = AttributeValue(attribute=attribute, **value)
        _save_checked(choice, f"{attribute}/{choice.key}")


def _save_if_changed(row: models.Model, fields: dict[str, object], label: str) -> int:
    if row.pk is not None and all(getattr(row, k) == v for k, v in fields.items()):
        return 0
    for name, value in fields.items():
        setattr(row, name, value)
    _save_checked(row, label)
    return 1


def _save_checked(row: models.Model, label: str) -> None:
    """Save ``row`` after the model's own checks, naming it on failure."""
    try:
        row.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise DemoDataError(f"{label}: {error}") from error
    row.save()


# The knowledge base ---------------------------------------------------------

KNOWLEDGE_FILE = data.HERE / "knowledge.toml"
ARTICLE_FIELDS = ("title", "topic", "keywords", "body")


def load_knowledge(path: Path = KNOWLEDGE_FILE) -> int:
    """Create or update the knowledge base articles of ``path``, matched by
    slug; return how many rows changed. Articles the file does not mention
    are left as they are: administrators may have written them."""
    by_slug = {article.slug: article for article in Article.objects.all()}
    changed = 0
    for spec in data.read(path).get("articles", []):
        article = by_slug.get(spec["slug"]) or Article(slug=spec["slug"])
        fields: dict[str, object] = {n: spec.get(n, "") for n in ARTICLE_FIELDS}
        fields.update(
            active=spec.get("active", True),
            translations=spec.get("translations", {}),
        )
        changed += _save_if_changed(article, fields, spec["slug"])
    return changed


# Response templates ---------------------------------------------------------

RESPONSES_FILE = data.HERE / "responses.toml"
RESPONSE_FIELDS = ("title", "text", "state")


def load_responses(path: Path = RESPONSES_FILE) -> int:
    """Create or update the console's response templates of ``path``,
    matched by slug; return how many rows changed. Templates the file does
    not mention are left as they are: managers may have written them. Run
    after the catalog, whose services the templates name."""
    services = dict(Service.objects.values_list("service_code", "pk"))
    by_slug = {row.slug: row for row in ResponseTemplate.objects.all()}
    changed = 0
    for spec in data.read(path).get("responses", []):
        code = spec.get("service", "")
        if code and code not in services:
            raise DemoDataError(
                "response {slug} names an unknown service {code}".format(
                    slug=spec["slug"], code=code
                )
            )
        row = by_slug.get(spec["slug"]) or ResponseTemplate(slug=spec["slug"])
        fields: dict[str, object] = {n: spec.get(n, "") for n in RESPONSE_FIELDS}
        fields.update(
            service_id=services.get(code),
            active=spec.get("active", True),
            order=spec.get("order", 100),
            translations=spec.get("translations", {}),
        )
        changed += _save_if_changed(row, fields, spec["slug"])
    return changed


# Requests -------------------------------------------------------------------


def generate_requests(
    count: int, seed: int, years: float, now: datetime
) -> RequestsResult:
    """File ``count`` invented requests made over the ``years`` before
    ``now``, and move each through the states it would have reached by
    ``now``, all in one transaction.

    Every request goes through submit_request and every change through
    change_state, so history is as real as the site's own. Their per-request
    log lines are held back; the caller reports a summary.
    """
    services = list(
        Service.objects.filter(active=True).prefetch_related("attributes__values")
    )
    sampler = Sampler(data.read(data.REQUESTS_FILE), seed, services)
    moments = sampler.moments(count, now - timedelta(days=365.25 * years), now)

    # The invented residents are sent no email.
    with transaction.atomic(), _quiet(actions.__name__), notices.paused():
        crews = accounts.crews()
        filed = [_file(sampler, moment, now, crews) for moment in moments]

    return RequestsResult(
        requests=len(filed),
        state_changes=sum(changes for _, changes in filed),
        still_open=sum(request.status == Status.OPEN for request, _ in filed),
    )


def _file(
    sampler: Sampler, moment: datetime, now: datetime, crews: dict[int, User]
) -> tuple[ServiceRequest, int]:
    """File one request made at ``moment`` and apply the changes of state
    it went through by ``now``; return it and how many there were."""
    service = sampler.pick_service(moment)
    request = submit_request(actor=ACTOR, intake=sampler.intake(service, moment))

    steps = [step for step in sampler.plan(service, moment) if step.at <= now]
    for step in steps:
        _apply(step, request, crews)
    return request, len(steps)


def _apply(step: Step, request: ServiceRequest, crews: dict[int, User]) -> None:
    """Make the change ``step`` plans through the action a person would
    use, with what that action asks for."""
    state, at, note = step.state, step.at, step.note
    if state == State.ASSIGNED:
        crew = crews[request.department_id]
        assign_request(actor=ACTOR, request=request, assignee=crew, note=note, at=at)
    elif state == State.REFERRED:
        agency = OutsideAgency.objects.get(slug=step.agency)
        refer_request(actor=ACTOR, request=request, agency=agency, note=note, at=at)
    elif state == State.DUPLICATE:
        _close_as_duplicate(request, note, at)
    else:
        needs = workflow.move(request.state, state)
        change_state(
            actor=ACTOR,
            request=request,
            state=state,
            note=note,
            reason=(note or str(state.label)) if needs and needs.reason else "",
            hold_reason=step.hold_reason,
            at=at,
        )


def _close_as_duplicate(request: ServiceRequest, note: str, at: datetime) -> None:
    """Merge into the latest earlier open request of the service, or cancel
    when there is none to merge into."""
    parent = (
        ServiceRequest.objects.filter(
            service_id=request.service_id, status=Status.OPEN, pk__lt=request.pk
        )
        .order_by("-pk")
        .first()
    )
    if parent is not None:
        merge_request(actor=ACTOR, duplicate=request, parent=parent, at=at)
    else:
        change_state(
            actor=ACTOR,
            request=request,
            state=State.CANCELLED,
            note=note,
            reason=note,
            at=at,
        )


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    """Hold back ``name``'s info lines: thousands would drown the summary."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)
