"""Pages of the AI Act and GDPR screenings of one use case (views in compliance/views.py)."""

from django.urls import URLPattern, path

from partnerwijzer.planning.compliance import views

_BASE = "plan/use-cases/<uuid:use_case_id>/"

urlpatterns: list[URLPattern] = [
    path(f"{_BASE}ai-act/", views.ai_act_start, name="ai_act_start"),
    path(f"{_BASE}ai-act/questions/<slug:node_key>/", views.ai_act_question, name="ai_act_question"),
    path(f"{_BASE}ai-act/check/", views.ai_act_check, name="ai_act_check"),
    path(f"{_BASE}ai-act/result/", views.ai_act_result, name="ai_act_result"),
    path(f"{_BASE}gdpr/", views.gdpr_start, name="gdpr_start"),
    path(f"{_BASE}gdpr/questions/<slug:node_key>/", views.gdpr_question, name="gdpr_question"),
    path(f"{_BASE}gdpr/check/", views.gdpr_check, name="gdpr_check"),
    path(f"{_BASE}gdpr/result/", views.gdpr_result, name="gdpr_result"),
    path(f"{_BASE}checklist/<uuid:item_id>/", views.compliance_item_update, name="compliance_item_update"),
]
