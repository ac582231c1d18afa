"""Budget routes: cost estimate (estimate/urls.py), quotes (quotes/urls.py), benefits and return
(returns/urls.py), funding (funding/urls.py) and the XLSX export (export/urls.py)."""

from partnerwijzer.budget.estimate import urls as estimate_urls
from partnerwijzer.budget.export import urls as export_urls
from partnerwijzer.budget.funding import urls as funding_urls
from partnerwijzer.budget.quotes import urls as quote_urls
from partnerwijzer.budget.returns import urls as roi_urls

app_name = "budget"

urlpatterns = (
    estimate_urls.urlpatterns
    + quote_urls.urlpatterns
    + roi_urls.urlpatterns
    + funding_urls.urlpatterns
    + export_urls.urlpatterns
)
