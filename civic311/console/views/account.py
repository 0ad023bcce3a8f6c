"""Signing in, with a code from an authenticator app for accounts that
turned two-step sign-in on, and turning it on and off."""

import base64

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from civic311.console.access import console_view, page
from civic311.lib.problems import InvalidInput
from civic311.people.actions import confirm_two_step, start_two_step, stop_two_step
from civic311.people.forms import SignInForm

sign_in = auth_views.LoginView.as_view(
    template_name="console/sign_in.html",
    authentication_form=SignInForm,
    redirect_authenticated_user=True,
)


@console_view
@require_http_methods(["GET", "POST"])
def two_step(request: HttpRequest) -> HttpResponse:
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if request.method == "POST":
        return _change_two_step(request, turn_on=not confirmed)
    return _two_step_page(request, confirmed)


def _change_two_step(request: HttpRequest, *, turn_on: bool) -> HttpResponse:
    code = request.POST.get("code", "")
    try:
        if turn_on:
            confirm_two_step(user=request.user, code=code)  # type: ignore[arg-type]
        else:
            stop_two_step(user=request.user, code=code)  # type: ignore[arg-type]
    except InvalidInput as error:
        return _two_step_page(request, not turn_on, error.problems[0].message)

    done = _("Two-step sign-in is on.") if turn_on else _("Two-step sign-in is off.")
    messages.success(request, done)
    return redirect("console:two-step")


def _two_step_page(
    request: HttpRequest, confirmed: bool, error: str = ""
) -> HttpResponse:
    context: dict[str, object] = {"confirmed": confirmed, "error": error}
    if not confirmed:
        device = start_two_step(user=request.user)  # type: ignore[arg-type]
        qr = segno.make(device.config_url, error="m")
        context["qr_svg"] = qr.svg_inline(scale=4, title=_("QR code to scan"))
        context["key"] = _spaced(device.key)
    return page(request, "console/two_step.html", context, status=400 if error else 200)


def _spaced(hex_key: str) -> str:
    """The key as authenticator apps take it typed in: base32, in groups
    of four."""
    text = base64.b32encode(bytes.fromhex(hex_key)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


urlpatterns: list[URLPattern] = [
    path("sign-in/", sign_in, name="sign-in"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="sign-out"),
    path("account/two-step/", two_step, name="two-step"),
]
