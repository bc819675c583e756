"""The app's URLs plus one view that fails, for the 500 page test."""

from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


def broken(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", broken), *app_urlpatterns]
