from django.urls import path

from partnerwijzer.audit import views

app_name = "audit"

urlpatterns = [
    path("organisation/audit/", views.audit_log, name="log"),
    path("organisation/audit/export.csv", views.audit_export, name="export"),
]
