from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class KnowledgeConfig(AppConfig):
    """Reference data app: no models, but it refuses to start with broken data files."""

    name = "partnerwijzer.knowledge"
    label = "knowledge"
    verbose_name = "Reference data"

    def ready(self) -> None:
        from .loader import ReferenceDataError, reference
        from .topics import load_topics

        try:
            reference()
            load_topics()
        except ReferenceDataError as exc:
            # Fail at start-up, with every problem listed, rather than on the first page view.
            raise ImproperlyConfigured(str(exc)) from exc
