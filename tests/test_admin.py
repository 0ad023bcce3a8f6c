"""The admin, as an administrator (Ada) and as staff (Sam) uses it."""

import re

from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from civic311.apiclients.models import ApiClient
from civic311.lib.actors import Actor
from civic311.servicerequests.intake import Contact
from civic311.servicerequests.models import RequestEvent, ServiceRequest
from tests.builders import (
    make_api_client,
    make_attribute,
    make_department,
    make_request,
    make_service,
)

# A key from set_new_key(): token_urlsafe(30) is 40 characters.
KEY = re.compile(r"(?<![\w-])([\w-]{40})(?![\w-])")


def messages_of(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(message) for message in response.context["messages"]]


def key_in(messages: list[str]) -> str:
    found = [match for text in messages for match in KEY.findall(text)]
    assert len(found) == 1, messages
    return found[0]


def history_of(response):  # type: ignore[no-untyped-def]
    formsets = response.context["inline_admin_formsets"]
    return next(f for f in formsets if f.opts.model is RequestEvent)


class AdminTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.ada = User.objects.create_superuser("ada", "ada@city.example", "pw")

    def setUp(self) -> None:
        self.client.force_login(self.ada)


class ChangelistTests(AdminTestCase):
    def test_every_changelist_loads(self):
        service = make_service()
        make_attribute(service, choices=[("a", "A")])
        make_api_client()
        make_request(service)

        for name in [
            "catalog_department",
            "catalog_service",
            "catalog_serviceattribute",
            "apiclients_apiclient",
            "servicerequests_servicerequest",
        ]:
            with self.subTest(name):
                response = self.client.get(reverse(f"admin:{name}_changelist"))
                self.assertEqual(response.status_code, 200)

    def test_list_pages_make_as_many_queries_for_many_rows_as_for_one(self):
        pages = {
            "catalog_department": lambda: make_department(),
            "catalog_service": lambda: make_service(),
            "catalog_serviceattribute": lambda: make_attribute(make_service()),
            "apiclients_apiclient": lambda: make_api_client(),
            "servicerequests_servicerequest": lambda: make_request(),
        }
        for name, make in pages.items():
            with self.subTest(name):
                url = reverse(f"admin:{name}_changelist")
                make()
                one = self.count_queries(url)
                for _ in range(4):
                    make()
                self.assertEqual(self.count_queries(url), one)

    def count_queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)


class ServiceAdminTests(AdminTestCase):
    def test_services_are_searched_by_keyword_and_filtered_by_department(self):
        roads = make_department(name="Roads")
        pothole = make_service(department=roads, keywords="hole, crater")
        make_service(keywords="graffiti")
        url = reverse("admin:catalog_service_changelist")

        found = self.client.get(url, {"q": "crater"}).context["cl"].result_list
        filtered = self.client.get(url, {"department__id__exact": roads.pk})

        self.assertEqual(list(found), [pothole])
        self.assertEqual(list(filtered.context["cl"].result_list), [pothole])

    def test_a_service_page_shows_its_questions(self):
        service = make_service()
        make_attribute(service, code="depth")

        response = self.client.get(
            reverse("admin:catalog_service_change", args=[service.pk])
        )

        self.assertContains(response, 'value="depth"')

    def test_an_attribute_page_shows_its_choices(self):
        attribute = make_attribute(make_service(), choices=[("deep", "Deep hole")])

        response = self.client.get(
            reverse("admin:catalog_serviceattribute_change", args=[attribute.pk])
        )

        self.assertContains(response, 'value="Deep hole"')


class ApiClientAdminTests(AdminTestCase):
    def test_adding_a_client_shows_its_key_once_and_stores_only_a_hash(self):
        response = self.client.post(
            reverse("admin:apiclients_apiclient_add"),
            {"name": "Pothole app", "channel": "mobile", "contact_email": ""},
            follow=True,
        )

        key = key_in(messages_of(response))
        client = ApiClient.objects.get(name="Pothole app")
        self.assertTrue(client.matches(key))
        self.assertNotEqual(client.key_hash, key)
        self.assertEqual(client.channel, "mobile")

        again = self.client.get(
            reverse("admin:apiclients_apiclient_change", args=[client.pk])
        )
        self.assertNotContains(again, key)
        self.assertNotContains(again, client.key_hash)

    def test_a_taken_name_is_refused_by_the_form(self):
        make_api_client(name="Pothole app")

        response = self.client.post(
            reverse("admin:apiclients_apiclient_add"),
            {"name": "Pothole app", "channel": "web", "contact_email": ""},
        )

        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["adminform"].form.errors["name"])
        self.assertEqual(ApiClient.objects.count(), 1)

    def test_the_key_fields_cannot_be_edited(self):
        client, _key = make_api_client()

        add = self.client.get(reverse("admin:apiclients_apiclient_add"))
        change = self.client.get(
            reverse("admin:apiclients_apiclient_change", args=[client.pk])
        )

        for response in (add, change):
            self.assertNotContains(response, 'name="key_prefix"')
            self.assertNotContains(response, 'name="key_hash"')
            self.assertNotContains(response, 'name="active"')
        self.assertContains(change, client.key_prefix)

    def test_rotating_shows_a_new_key_and_the_old_one_stops_working(self):
        client, old_key = make_api_client()

        response = self.act("rotate_key", client)

        new_key = key_in(messages_of(response))
        client.refresh_from_db()
        self.assertTrue(client.matches(new_key))
        self.assertFalse(client.matches(old_key))

    def test_revoking_deactivates_the_client(self):
        client, _key = make_api_client()

        self.act("revoke", client)

        client.refresh_from_db()
        self.assertFalse(client.active)

    def test_a_client_cannot_be_deleted(self):
        client, _key = make_api_client()

        response = self.client.post(
            reverse("admin:apiclients_apiclient_delete", args=[client.pk]),
            {"post": "yes"},
        )

        self.assertEqual(response.status_code, 403)
        self.assertTrue(ApiClient.objects.filter(pk=client.pk).exists())

    def act(self, action: str, client: ApiClient):  # type: ignore[no-untyped-def]
        return self.client.post(
            reverse("admin:apiclients_apiclient_changelist"),
            {"action": action, "_selected_action": [client.pk]},
            follow=True,
        )


class ServiceRequestAdminTests(AdminTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.request = make_request(
            description="Pothole by the curb",
            contact=Contact(email="resident@example.org"),
            actor=Actor.system("intake-robot"),
        )
        cls.url = reverse(
            "admin:servicerequests_servicerequest_change", args=[cls.request.pk]
        )

    def test_the_request_page_shows_its_history_and_contact_read_only(self):
        response = self.client.get(self.url)

        history = history_of(response)
        self.assertEqual(len(history.forms), 1)
        self.assertFalse(history.has_add_permission)
        self.assertFalse(history.has_delete_permission)
        self.assertContains(response, "History")
        self.assertContains(response, "intake-robot")
        self.assertContains(response, "resident@example.org")
        self.assertNotContains(response, 'name="_save"')
        self.assertNotContains(response, 'name="description"')

    def test_a_request_cannot_be_added_changed_or_deleted(self):
        delete = reverse(
            "admin:servicerequests_servicerequest_delete", args=[self.request.pk]
        )
        add = reverse("admin:servicerequests_servicerequest_add")

        self.assertEqual(self.client.post(delete, {"post": "yes"}).status_code, 403)
        self.assertEqual(self.client.get(add).status_code, 403)
        change = self.client.post(self.url, {"description": "changed"})

        self.assertEqual(change.status_code, 403)
        self.assertTrue(ServiceRequest.objects.filter(pk=self.request.pk).exists())
        self.request.refresh_from_db()
        self.assertEqual(self.request.description, "Pothole by the curb")
        self.assertNotContains(self.client.get(self.url), delete)

    def test_history_has_no_admin_page_of_its_own(self):
        self.assertFalse(admin.site.is_registered(RequestEvent))
        self.assertEqual(RequestEvent.objects.filter(request=self.request).count(), 1)

    def test_a_request_is_found_by_its_public_number(self):
        other = make_request()
        url = reverse("admin:servicerequests_servicerequest_changelist")

        found = self.client.get(url, {"q": self.request.public_id})
        typo = self.client.get(url, {"q": self.request.public_id[:-1] + "0"})

        self.assertEqual(list(found.context["cl"].result_list), [self.request])
        self.assertNotIn(other, found.context["cl"].result_list)
        self.assertEqual(list(typo.context["cl"].result_list), [])


class StaffContactTests(TestCase):
    """Sam may look at requests; only with the contact permission does Sam
    see who made them."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.request = make_request(contact=Contact(email="resident@example.org"))
        cls.url = reverse(
            "admin:servicerequests_servicerequest_change", args=[cls.request.pk]
        )
        cls.sam = User.objects.create_user("sam", password="pw", is_staff=True)
        cls.sam.user_permissions.add(
            Permission.objects.get(codename="view_servicerequest")
        )

    def setUp(self) -> None:
        self.client.force_login(self.sam)

    def test_staff_without_the_contact_permission_do_not_see_the_contact(self):
        response = self.client.get(self.url)

        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "resident@example.org")

    def test_staff_with_the_contact_permission_see_the_contact(self):
        self.sam.user_permissions.add(
            Permission.objects.get(codename="view_requestcontact")
        )

        response = self.client.get(self.url)

        self.assertContains(response, "resident@example.org")
