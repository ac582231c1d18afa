"""Plan routes: profile and use cases (plan_urls), readiness and model advice (readiness_urls),
AI Act and GDPR screening (compliance_urls)."""

from partnerwijzer.planning import compliance_urls, plan_urls, readiness_urls

app_name = "planning"

urlpatterns = plan_urls.urlpatterns + readiness_urls.urlpatterns + compliance_urls.urlpatterns
