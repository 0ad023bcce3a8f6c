from django.http import HttpRequest, JsonResponse

BARE_ANSWER = {"service": "civic311-bench", "ok": True}


def bare(request: HttpRequest) -> JsonResponse:
    """The floor: a Django view that does nothing but answer JSON.

    It runs through the same middleware as every Open311 view, so the gap
    between the two is the cost of the Open311 work itself.
    """
    return JsonResponse(BARE_ANSWER)
