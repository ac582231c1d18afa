"""Routes of the award and regret letters."""

from django.urls import URLPattern, path

from partnerwijzer.letters import views

app_name = "letters"

urlpatterns: list[URLPattern] = [
    path("selections/<uuid:selection_id>/letters/", views.letters_list, name="list"),
    path("selections/<uuid:selection_id>/letters/draft/", views.letters_draft, name="draft"),
    path("letters/<uuid:letter_id>/", views.letter_edit, name="edit"),
    path("letters/<uuid:letter_id>/send/", views.letter_send, name="send"),
]
