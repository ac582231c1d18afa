"""Routes of the portal app."""

from django.urls import URLPattern

app_name = "portal"

urlpatterns: list[URLPattern] = []
