"""Routes of the readiness check and the implementation-model advice (namespace ``planning``)."""

from django.urls import URLPattern, path

from partnerwijzer.planning.readiness import views as v

U = "plan/use-cases/<uuid:use_case_id>/"

urlpatterns: list[URLPattern] = [
    path("plan/readiness/", v.readiness_index, name="readiness_index"),
    path(U + "readiness/", v.readiness_overview, name="readiness"),
    path(U + "readiness/answer/", v.readiness_answer, name="readiness_answer"),
    path(U + "readiness/check/", v.readiness_check, name="readiness_check"),
    path(U + "readiness/result/", v.readiness_result_page, name="readiness_result"),
    path(U + "readiness/<slug:factor>/", v.readiness_factor, name="readiness_factor"),
    path("plan/model/", v.advice_index, name="advice_index"),
    path(U + "model/", v.advice, name="advice"),
    path(U + "model/answer/", v.advice_answer, name="advice_answer"),
    path(U + "model/choose/", v.model_choose, name="model_choose"),
]
