from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "partnerwijzer.documents"
    label = "documents"

    def ready(self) -> None:
        from partnerwijzer.documents.views import progress_report_links
        from partnerwijzer.results.providers import REPORT_LINKS

        if progress_report_links not in REPORT_LINKS:
            REPORT_LINKS.append(progress_report_links)
