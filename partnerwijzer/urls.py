from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

# Mount every app's API router before partnerwijzer.api.urls builds the API's URL patterns.
import partnerwijzer.routers  # noqa: F401

urlpatterns = [
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include("partnerwijzer.accounts.urls")),
    path("", include("partnerwijzer.audit.urls")),
    path("", include("partnerwijzer.journey.urls")),
    path("", include("partnerwijzer.outbox.urls")),
    path("", include("partnerwijzer.planning.urls")),
    path("", include("partnerwijzer.sourcing.urls")),
    path("", include("partnerwijzer.evaluation.urls")),
    path("", include("partnerwijzer.budget.urls")),
    path("", include("partnerwijzer.questionnaires.urls")),
    path("", include("partnerwijzer.portal.urls")),
    path("", include("partnerwijzer.contract.urls")),
    path("", include("partnerwijzer.results.urls")),
    path("", include("partnerwijzer.letters.urls")),
    path("", include("partnerwijzer.documents.urls")),
    path("", include("partnerwijzer.advisers.urls")),
    path("reference/", include("partnerwijzer.knowledge.urls")),
    path("", include("partnerwijzer.api.urls")),
]

# A database that stays locked too long answers 503 with a retry instead of 400/500 (busy.py).
handler400 = "partnerwijzer.busy.bad_request"
handler500 = "partnerwijzer.busy.server_error"
