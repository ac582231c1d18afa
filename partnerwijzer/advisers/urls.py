from django.urls import URLPattern, path

from partnerwijzer.advisers import directory_views, views
from partnerwijzer.advisers.market import urls as market_urls

app_name = "advisers"

urlpatterns: list[URLPattern] = [
    path("organisation/advisers/", views.access, name="access"),
    path("organisation/advisers/grant/", views.access_grant, name="access_grant"),
    path("organisation/advisers/<uuid:grant_id>/revoke/", views.access_revoke, name="access_revoke"),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("portfolio/export/", views.portfolio_export, name="portfolio_export"),
    path("portfolio/exports/", views.portfolio_exports, name="portfolio_exports"),
    path("portfolio/exports/<uuid:job_id>/download/", views.portfolio_export_download,
         name="portfolio_export_download"),
    path("portfolio/access/", views.clients, name="clients"),
    path("portfolio/clients/new/", views.client_create, name="client_create"),
    path("portfolio/templates/", views.templates, name="templates"),
    path("portfolio/templates/new/", views.criteria_set_create, name="criteria_set_create"),
    path("portfolio/templates/guidance/", views.guidance_create, name="guidance_create"),
    path("portfolio/templates/<uuid:set_id>/", views.criteria_set, name="criteria_set"),
    path("portfolio/templates/<uuid:set_id>/criteria/", views.criteria_item_add, name="criteria_item_add"),
    path("portfolio/templates/<uuid:set_id>/apply/", views.criteria_set_apply, name="criteria_set_apply"),
    path("portfolio/templates/<uuid:set_id>/delete/", views.criteria_set_delete, name="criteria_set_delete"),
    # The provider directory (issue 17, item 5).
    path("portfolio/directory/", directory_views.directory_list, name="directory"),
    path("portfolio/directory/new/", directory_views.firm_create, name="directory_firm_create"),
    path("portfolio/directory/interests/", directory_views.interests, name="interests"),
    path("portfolio/directory/interests/declare/", directory_views.interest_declare, name="interest_declare"),
    path("portfolio/directory/interests/<uuid:declaration_id>/withdraw/", directory_views.interest_withdraw,
         name="interest_withdraw"),
    path("portfolio/directory/<uuid:firm_id>/", directory_views.firm_detail, name="directory_firm"),
    path("portfolio/directory/<uuid:firm_id>/edit/", directory_views.firm_edit, name="directory_firm_edit"),
    path("portfolio/directory/<uuid:firm_id>/delete/", directory_views.firm_delete, name="directory_firm_delete"),
    path("portfolio/directory/<uuid:firm_id>/references/", directory_views.reference_add,
         name="directory_reference_add"),
    path("portfolio/directory/<uuid:firm_id>/references/<uuid:reference_id>/delete/",
         directory_views.reference_delete, name="directory_reference_delete"),
    path("portfolio/directory/<uuid:firm_id>/copy/", directory_views.firm_copy, name="directory_firm_copy"),
]
urlpatterns += market_urls.urlpatterns
