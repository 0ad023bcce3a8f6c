from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "civic311.people"
    label = "people"
    verbose_name = "Staff and roles"

    def ready(self) -> None:
        from django.contrib import admin
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django_otp.forms import otp_verification_failed

        from civic311.people import signals
        from civic311.people.forms import AdminSignInForm

        user_login_failed.connect(signals.log_failed_sign_in)
        user_logged_in.connect(signals.log_signed_in)
        otp_verification_failed.connect(signals.log_wrong_code)

        # The admin asks for the app's code too, so that two-step sign-in
        # cannot be stepped around through /admin/.
        admin.site.login_form = AdminSignInForm
