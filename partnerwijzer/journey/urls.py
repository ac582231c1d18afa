from django.urls import path

from partnerwijzer.journey import views

app_name = "journey"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tasks/", views.tasks, name="tasks"),
    path("favicon.ico", views.favicon, name="favicon"),
]
