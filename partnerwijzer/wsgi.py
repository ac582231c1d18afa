import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerwijzer.settings")
application = get_wsgi_application()

# What the app loaded (Django, numpy, the settings, the URL patterns: about 200,000 objects) lives
# as long as the worker: moved out of the collector's reach, a full collection walks only what the
# requests made since (docs/benchmarks.md, "perf4": the full collections that made the portfolio's
# p95 twice its p50 took about a third of the time with the loaded objects frozen).
gc.freeze()
