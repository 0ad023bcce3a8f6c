"""Sign-in forms that ask for the authenticator app's code when the account
has two-step sign-in on: one for the console, one for the admin."""

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

OTP_MESSAGES = {
    **OTPAuthenticationFormMixin.otp_error_messages,
    "token_required": _(
        "This account uses two-step sign-in: type the code from your authenticator app."
    ),
    "invalid_token": _(
        "That code is not right. Type the six digits the app shows now."
    ),
}


class _CodeMixin(OTPAuthenticationFormMixin):  # type: ignore[misc]
    otp_error_messages = OTP_MESSAGES

    def clean(self) -> Any:
        cleaned = super().clean()
        user = self.get_user()
        # Accounts without two-step sign-in sign in with the password alone.
        if user is not None and user_has_device(user, confirmed=True):
            self.clean_otp(user)
        return cleaned

    def _chosen_device(self, user: Any) -> Any:
        """The account's authenticator app: each account has at most one,
        so the form asks for the code alone, not for a device."""
        chosen = super()._chosen_device(user)
        if chosen is not None:
            return chosen
        devices = TOTPDevice.objects.select_for_update()
        return devices.filter(user=user, confirmed=True).first()


# Form fields are collected from form classes only, not from a mixin.


class SignInForm(_CodeMixin, AuthenticationForm):
    otp_token = forms.CharField(required=False, label=_("Code from the app"))


class AdminSignInForm(_CodeMixin, AdminAuthenticationForm):
    otp_token = forms.CharField(required=False, label=_("Code from the app"))
