from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "partnerwijzer.documents"
    label = "documents"

    def ready(self) -> None:
        # The selection page (sourcing, below) links to the selection's documents.
        from django.urls import reverse

        from partnerwijzer import pagelinks

        pagelinks.register("selection.documents", lambda selection_id: reverse("documents:page", args=[selection_id]))
