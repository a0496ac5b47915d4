"""Pages for the back-pressure tests: one that holds its slot until told, one that fails."""

import threading
import time

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

entered = threading.Semaphore(0)  # released once by each request that reaches `hold`
release = threading.Event()


def hold(request: HttpRequest) -> HttpResponse:
    entered.release()
    release.wait(timeout=30)
    return HttpResponse("held")


def sleep(request: HttpRequest) -> HttpResponse:
    time.sleep(float(request.GET.get("s", "0")))
    return HttpResponse("slept")


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the view failed")


def page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("page")


urlpatterns = [
    path("hold/", hold),
    path("sleep/", sleep),
    path("fail/", fail),
    path("page/", page),
    path("", include("wsoa.config.urls")),
]
