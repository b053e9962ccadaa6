from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import links


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Sidor och diagram")

    def ready(self) -> None:
        # The layers below name no page: they ask core.links for the address of the page
        # that shows a city or a contract version, which the pages give here. (Models are
        # imported once the apps are loaded, as Django requires.)
        from actions.models import Action
        from cities.models import City
        from contracts.models import Contract
        from dashboards import stored

        stored.register_all()  # the pages built when their data changes

        links.register(City, lambda city: reverse("city:detail", kwargs={"slug": city.slug}))
        links.register(
            Contract,
            lambda contract: reverse(
                "contracts:detail", kwargs={"slug": contract.city.slug, "year": contract.year}
            ),
        )
        links.register(
            Action,
            lambda action: reverse(
                "portfolio:action", kwargs={"slug": action.city.slug, "pk": action.pk}
            ),
        )
