from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisersConfig(AppConfig):
    name = "partnerwijzer.advisers"
    label = "advisers"
    verbose_name = _("Advisers: clients, portfolio and shared templates")

    def ready(self) -> None:
        # A candidate copied from the provider directory shows where it came from (sourcing, below).
        from partnerwijzer.advisers.directory import candidate_origin
        from partnerwijzer.sourcing.providers import register_candidate_origin

        register_candidate_origin(candidate_origin)

        # The journey's dashboard sends an adviser organisation here: the portfolio is its home
        # (journey sits below advisers and never names this route; docs/architecture.md).
        from django.urls import reverse

        from partnerwijzer import pagelinks

        pagelinks.register("adviser.home", lambda: reverse("advisers:portfolio"))

        # The budget step shows the adviser organisations' market figures beside the guide's ranges.
        from partnerwijzer.advisers.market.selectors import budget_market_ranges
        from partnerwijzer.budget import market

        market.register(budget_market_ranges)

        # The portfolio's Excel export is a document job of the adviser organisation (documents, below).
        from partnerwijzer.advisers.export import PORTFOLIO_KIND
        from partnerwijzer.documents import registry

        registry.register(registry.Kind(PORTFOLIO_KIND, "partnerwijzer.advisers.export.build_portfolio",
                                        "organisation", ("xlsx",), label=_("Portfolio")))

        # The periodic run (outbox_tick) computes the portfolio's stored rows of a new day, so no
        # adviser's first request of the day waits for them (the outbox sits below; docs/advisers.md).
        from partnerwijzer.advisers.selectors import refresh_every_portfolio
        from partnerwijzer.outbox import periodic

        periodic.register_upkeep("portfolio_rows", refresh_every_portfolio)
