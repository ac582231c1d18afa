"""Budget routes: cost estimate (estimate_urls), quotes (quote_urls), benefits and return
(roi_urls), funding (funding_urls) and the XLSX export (export_urls)."""

from partnerwijzer.budget import estimate_urls, export_urls, funding_urls, quote_urls, roi_urls
from partnerwijzer.budget.figures import urls as figure_urls

app_name = "budget"

urlpatterns = (
    estimate_urls.urlpatterns
    + quote_urls.urlpatterns
    + roi_urls.urlpatterns
    + funding_urls.urlpatterns
    + export_urls.urlpatterns
    + figure_urls.urlpatterns
)
