from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "civic311.people"
    label = "people"
    verbose_name = "Staff and roles"

    def ready(self) -> None:
        from django.contrib import admin

        from civic311.people.forms import AdminSignInForm

        # The admin asks for the app's code too, so that two-step sign-in
        # cannot be stepped around through /admin/.
        admin.site.login_form = AdminSignInForm
