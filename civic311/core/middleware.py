from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class CollapseSlashesMiddleware:
    """Treat ``/open311/v2//services.json`` as ``/open311/v2/services.json``.

    Field clients join a base URL ending in a slash with a path starting with
    one. Collapsing before URL resolution keeps every route reachable without
    a redirect, which many clients would not follow for a POST.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "//" in request.path_info:
            path = request.path_info
            while "//" in path:
                path = path.replace("//", "/")
            request.path_info = path
            request.path = request.META.get("SCRIPT_NAME", "") + path
        return self.get_response(request)
