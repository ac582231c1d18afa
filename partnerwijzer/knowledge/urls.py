from django.urls import path

from partnerwijzer.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.index, name="index"),
    path("criteria/", views.criteria, name="criteria"),
    path("implementation-models/", views.implementation_models, name="implementation_models"),
    path("provider-types/", views.provider_types, name="provider_types"),
    path("sourcing-channels/", views.sourcing_channels, name="sourcing_channels"),
    path("department-budget/", views.department_budget, name="department_budget"),
    path("sources/", views.sources, name="sources"),
]
