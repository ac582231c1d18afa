"""Plan routes: profile and use cases (usecases/urls.py), readiness and model advice
(readiness/urls.py), AI Act and GDPR screening (compliance/urls.py)."""

from partnerwijzer.planning.compliance import urls as compliance_urls
from partnerwijzer.planning.readiness import urls as readiness_urls
from partnerwijzer.planning.usecases import urls as plan_urls

app_name = "planning"

urlpatterns = plan_urls.urlpatterns + readiness_urls.urlpatterns + compliance_urls.urlpatterns
