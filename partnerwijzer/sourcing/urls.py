from django.urls import path  # noqa: F401  (routes are added by the sourcing views)

from partnerwijzer.sourcing import views  # noqa: F401

app_name = "sourcing"

urlpatterns: list = []
