"""Routes of the documents app."""

from django.urls import URLPattern, path

from partnerwijzer.documents import views

app_name = "documents"

urlpatterns: list[URLPattern] = [
    path("selections/<uuid:selection_id>/documents/", views.documents_page, name="page"),
    path("selections/<uuid:selection_id>/documents/jobs/", views.job_list, name="jobs"),
    path("selections/<uuid:selection_id>/documents/request/", views.document_request, name="request"),
    path("documents/<uuid:job_id>/download/", views.job_download, name="download"),
    path("documents/<uuid:job_id>/delete/", views.job_delete, name="delete"),
    path("selections/<uuid:selection_id>/questionnaires/<uuid:questionnaire_id>/side-by-side.xlsx",
         views.answers_xlsx, name="answers_xlsx"),
    path("projects/<uuid:project_id>/progress-report/<str:fmt>/", views.progress_report, name="progress_report"),
    path("letters/<uuid:letter_id>/document/<str:fmt>/", views.letter_document, name="letter"),
]
