"""URLs of the product plus views that fail, for the error-page tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from hotline.urls import urlpatterns as product


def boom(request):
    raise RuntimeError("boom")


def refused(request):
    raise PermissionDenied


urlpatterns = [*product, path("test-boom/", boom), path("test-refused/", refused)]
