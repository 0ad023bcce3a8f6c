"""My requests: a resident who gave an email address signs in with a
link sent there, then sees every request filed with it on any channel.

The session keeps only the address, for a day; residents have no
password and no account.
"""

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from civic311.lib.problems import InvalidInput
from civic311.portal import queries
from civic311.portal.pages import errors_by_field, language, page
from civic311.residents import links
from civic311.residents.actions import ask_for_sign_in, sign_in_with, usable_link

SESSION_KEY = "resident_email"
SIGNED_IN_FOR = timedelta(days=1)
MAX_EMAIL = 254
MINUTES = int(links.SIGN_IN_AGE.total_seconds() // 60)


@require_http_methods(["GET", "POST"])
def my_requests(request: HttpRequest) -> HttpResponse:
    email = request.session.get(SESSION_KEY)
    if email:
        context = {"email": email, "mine": queries.own_requests(email, language())}
        return page(request, "portal/my_requests.html", context)
    if request.method != "POST":
        return page(request, "portal/my_sign_in.html")

    typed = request.POST.get("email", "")[:MAX_EMAIL]
    try:
        ask_for_sign_in(email=typed, language=language())
    except InvalidInput as error:
        context = {"typed": typed, "errors": errors_by_field(error.problems)}
        return page(request, "portal/my_sign_in.html", context, status=400)
    # The same answer whether or not the address filed anything, and
    # whether or not it was sent too many links already.
    context = {"typed": typed.strip(), "minutes": MINUTES}
    return page(request, "portal/my_link_sent.html", context)


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest, token: str) -> HttpResponse:
    if request.method != "POST":
        usable = usable_link(token) is not None
        context = {"usable": usable, "minutes": MINUTES}
        return page(request, "portal/my_continue.html", context, 200 if usable else 410)
    email = sign_in_with(token)
    if email is None:
        context = {"usable": False, "minutes": MINUTES}
        return page(request, "portal/my_continue.html", context, 410)
    request.session.cycle_key()
    request.session[SESSION_KEY] = email
    request.session.set_expiry(int(SIGNED_IN_FOR.total_seconds()))
    return redirect("portal:my-requests")


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    return redirect("portal:my-requests")
