"""Routes of the portal app: the public pages under ``portal/<token>/`` (the token is the only
credential; see views) and the members' pages for links, answers and files."""

from django.urls import URLPattern, path

from partnerwijzer.portal import views as v

app_name = "portal"

T = "portal/<str:token>/"
Q = "selections/<uuid:selection_id>/questionnaires/<uuid:questionnaire_id>/"

urlpatterns: list[URLPattern] = [
    path(T, v.questionnaire, name="questionnaire"),
    path(T + "answer/", v.answer, name="answer"),
    path(T + "upload/", v.upload, name="upload"),
    path(T + "uploads/<str:upload_id>/remove/", v.upload_remove, name="upload_remove"),
    path(T + "submit/", v.submit, name="submit"),
    path(T + "receipt/", v.receipt, name="receipt"),
    path(Q + "links/", v.links, name="links"),
    path(Q + "links/<uuid:link_id>/revoke/", v.link_revoke, name="link_revoke"),
    path(Q + "links/send/<uuid:candidate_id>/", v.link_send, name="link_send"),
    path("selections/<uuid:selection_id>/candidates/<uuid:candidate_id>/portal-answers/", v.candidate_answers,
         name="candidate_answers"),
    path("portal-files/<uuid:upload_id>/", v.upload_download, name="upload_download"),
]
