"""Routes of the questionnaires app: a selection's RFIs and RFPs and their questions."""

from django.urls import URLPattern, path

from partnerwijzer.questionnaires import views

app_name = "questionnaires"

urlpatterns: list[URLPattern] = [
    path("selections/<uuid:selection_id>/questionnaires/", views.questionnaire_list, name="questionnaire_list"),
    path("selections/<uuid:selection_id>/questionnaires/new/", views.questionnaire_create,
         name="questionnaire_create"),
    path("selections/<uuid:selection_id>/questionnaires/from-template/", views.questionnaire_from_template,
         name="from_template"),
    path("selections/<uuid:selection_id>/questionnaire-templates/<uuid:template_id>/delete/", views.template_delete,
         name="template_delete"),
    path("questionnaires/<uuid:questionnaire_id>/save-as-template/", views.template_save, name="template_save"),
    path("questionnaires/<uuid:questionnaire_id>/", views.questionnaire_detail, name="questionnaire_detail"),
    path("questionnaires/<uuid:questionnaire_id>/edit/", views.questionnaire_update, name="questionnaire_update"),
    path("questionnaires/<uuid:questionnaire_id>/send/", views.questionnaire_send, name="questionnaire_send"),
    path("questionnaires/<uuid:questionnaire_id>/close/", views.questionnaire_close, name="questionnaire_close"),
    path("questionnaires/<uuid:questionnaire_id>/delete/", views.questionnaire_delete, name="questionnaire_delete"),
    path("questionnaires/<uuid:questionnaire_id>/questions/new/", views.question_create, name="question_create"),
    path("questions/<uuid:question_id>/edit/", views.question_update, name="question_update"),
    path("questions/<uuid:question_id>/delete/", views.question_delete, name="question_delete"),
    path("questions/<uuid:question_id>/move/", views.question_move, name="question_move"),
]
