from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "partnerwijzer.documents"
    label = "documents"

    def ready(self) -> None:
        # The selection page (sourcing, below) links to the selection's documents.
        from django.urls import reverse

        from partnerwijzer import pagelinks

        pagelinks.register("selection.documents", lambda selection_id: reverse("documents:page", args=[selection_id]))

        # The audit log names a document job's kind with the labels the documents pages use.
        from partnerwijzer.audit.labels import register_value_labels
        from partnerwijzer.documents.selectors import KIND_LABELS

        register_value_labels("documents.documentjob", "kind", KIND_LABELS)
