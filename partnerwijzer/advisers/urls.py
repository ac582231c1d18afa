from django.urls import URLPattern, path

from partnerwijzer.advisers import views
from partnerwijzer.advisers.market import urls as market_urls

app_name = "advisers"

urlpatterns: list[URLPattern] = [
    path("organisation/advisers/", views.access, name="access"),
    path("organisation/advisers/grant/", views.access_grant, name="access_grant"),
    path("organisation/advisers/<uuid:grant_id>/revoke/", views.access_revoke, name="access_revoke"),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("portfolio/export.xlsx", views.portfolio_xlsx, name="portfolio_xlsx"),
    path("portfolio/access/", views.clients, name="clients"),
    path("portfolio/clients/new/", views.client_create, name="client_create"),
    path("portfolio/templates/", views.templates, name="templates"),
    path("portfolio/templates/new/", views.criteria_set_create, name="criteria_set_create"),
    path("portfolio/templates/guidance/", views.guidance_create, name="guidance_create"),
    path("portfolio/templates/<uuid:set_id>/", views.criteria_set, name="criteria_set"),
    path("portfolio/templates/<uuid:set_id>/criteria/", views.criteria_item_add, name="criteria_item_add"),
    path("portfolio/templates/<uuid:set_id>/apply/", views.criteria_set_apply, name="criteria_set_apply"),
    path("portfolio/templates/<uuid:set_id>/delete/", views.criteria_set_delete, name="criteria_set_delete"),
]
urlpatterns += market_urls.urlpatterns
