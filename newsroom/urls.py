from django.contrib import admin
from django.urls import include, path

from coverage.api.site import api

urlpatterns = [
    # Before the admin, whose catch-all would take it; outside the admin's
    # namespace, which stays shut until the second factor is given here.
    path("admin/second-factor/", include("coverage.second_factor.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("coverage.public.urls")),
]
