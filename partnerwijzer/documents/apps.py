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

        # The results page (results, below) links to the project's progress report.
        pagelinks.register("project.progress_report",
                           lambda project_id, fmt: reverse("documents:progress_report",
                                                           kwargs={"project_id": project_id, "fmt": fmt}))

        # The letters page (letters, below) offers each letter as DOCX and PDF.
        pagelinks.register(
            "letter.document",
            lambda letter_id, fmt: reverse("documents:letter", kwargs={"letter_id": letter_id, "fmt": fmt}),
        )

        # The answers side by side (portal, below) offer the same table as XLSX.
        pagelinks.register("questionnaire.answers_xlsx",
                           lambda selection_id, questionnaire_id: reverse(
                               "documents:answers_xlsx",
                               kwargs={"selection_id": selection_id, "questionnaire_id": questionnaire_id}))
