"""Routes of the contract app."""

from django.urls import URLPattern

app_name = "contract"

urlpatterns: list[URLPattern] = []
