"""Routes of the contract app: the overview, and per selection the partner decision and the
contract checklist with its items."""

from django.urls import URLPattern, path

from partnerwijzer.contract import views

app_name = "contract"

urlpatterns: list[URLPattern] = [
    path("contract/", views.overview, name="overview"),
    path("selections/<uuid:selection_id>/contract/", views.checklist, name="checklist"),
    path("selections/<uuid:selection_id>/contract/decision/", views.decision, name="decision"),
    path("selections/<uuid:selection_id>/contract/refresh/", views.refresh, name="refresh"),
    path("selections/<uuid:selection_id>/contract/items/new/", views.item_create, name="item_create"),
    path("contract/items/<uuid:item_id>/", views.item_update, name="item_update"),
    path("contract/items/<uuid:item_id>/delete/", views.item_delete, name="item_delete"),
]
