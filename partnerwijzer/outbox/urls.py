from django.urls import path

from partnerwijzer.outbox import views

app_name = "outbox"

urlpatterns = [
    path("organisation/messages/", views.message_list, name="list"),
    path("organisation/messages/<str:message_id>/retry/", views.message_retry, name="retry"),
    path("account/reminders/", views.reminders_update, name="reminders"),
    path("messages/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
