"""Routes of the questionnaires app."""

from django.urls import URLPattern

app_name = "questionnaires"

urlpatterns: list[URLPattern] = []
